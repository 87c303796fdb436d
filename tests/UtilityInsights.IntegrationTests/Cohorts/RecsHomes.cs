using System.Globalization;
using UtilityInsights.Cohorts;
using UtilityInsights.Domain;

namespace UtilityInsights.IntegrationTests.Cohorts;

/// <summary>The 5,686 RECS 2015 homes of ../shared/reference/recs as cohort homes (region = building-America climate region, usage = annual kWh / 365).</summary>
public static class RecsHomes
{
    public static readonly string File = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../../shared/reference/recs/recs2015_cohort_merged.csv"));

    public static List<CohortHome> Load()
    {
        if (!System.IO.File.Exists(File))
            Assert.Ignore($"../shared/reference is not beside the project ({File}).");
        using var reader = CsvHelper.CsvReader.FromFile(File);
        var homes = new List<CohortHome>();
        while (reader.Read())
        {
            string F(string name) => reader.GetString(name);
            homes.Add(new CohortHome(F("DOEID"), F("ClimateRegion_BA"), null, double.Parse(F("KWH"), CultureInfo.InvariantCulture) / 365)
            {
                FloorArea = (int)double.Parse(F("TOTSQFT_EN"), CultureInfo.InvariantCulture),
                Occupants = int.Parse(F("NHSLDMEM"), CultureInfo.InvariantCulture),
                HeatingFuel = F("FUELHEAT_label") switch
                {
                    "Electricity" => HeatingFuel.Electricity,
                    "Natural gas from underground pipes" => HeatingFuel.NaturalGas,
                    "Propane (bottled gas)" => HeatingFuel.Propane,
                    "Fuel oil/kerosene" => HeatingFuel.FuelOil,
                    "Wood (cordwood or pellets)" => HeatingFuel.Wood,
                    "Do not use space heating" => HeatingFuel.None,
                    _ => HeatingFuel.Other,
                },
                HomeType = F("HousingUnitType") switch
                {
                    "Single-family detached" => HomeType.SingleFamilyDetached,
                    "Single-family attached" => HomeType.SingleFamilyAttached,
                    "Apartment: 2-4 Units" => HomeType.Apartment2To4Units,
                    "Apartment: 5 or more units" => HomeType.Apartment5PlusUnits,
                    _ => HomeType.MobileHome,
                },
                YearBuilt = F("YearMade") switch
                {
                    "Before 1950" => 1940,
                    "2010-2015" => 2012,
                    var decade => int.Parse(decade[..4], CultureInfo.InvariantCulture) + 5,
                },
                HasAc = F("have_ac") == "TRUE",
            });
        }
        return homes;
    }
}
