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

    /// <summary>
    /// The homes as an analyst's files (as <c>benchmarks/recs-premises.py</c> writes them): <c>premises.csv</c> with premise_id,
    /// region and attributes but no billing column, extra columns for the location's degree days, census division, IECC zone,
    /// urbanicity, tenure, income (band midpoint, $k), kind of air conditioning and gas use; <c>usage.csv</c> with each home's 2015 kWh.
    /// </summary>
    public static void WriteAnalysisFiles(string folder)
    {
        if (!System.IO.File.Exists(File))
            Assert.Ignore($"../shared/reference is not beside the project ({File}).");
        using var reader = CsvHelper.CsvReader.FromFile(File);
        using var premises = CsvHelper.CsvWriter.Create(System.IO.File.Create(Path.Combine(folder, "premises.csv")), new CsvHelper.CsvWriterOptions { NewLine = "\n" });
        using var usage = CsvHelper.CsvWriter.Create(System.IO.File.Create(Path.Combine(folder, "usage.csv")), new CsvHelper.CsvWriterOptions { NewLine = "\n" });
        premises.WriteHeader(["premise_id", "region", "floor_area_sqft", "occupants", "heating_fuel", "home_type", "year_built", "has_ac",
            "hdd65", "cdd65", "division", "iecc_zone", "urbanicity", "renter", "income_k", "aircon", "use_ng"]);
        usage.WriteHeader(["premise_id", "period_start", "period_end", "quantity", "unit"]);
        while (reader.Read())
        {
            string F(string name) => reader.GetString(name);
            var id = "R" + F("DOEID");
            premises.WriteRecord([
                id, F("ClimateRegion_BA").Replace('/', '-').Replace(' ', '-'), ((int)double.Parse(F("TOTSQFT_EN"), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
                F("NHSLDMEM"),
                F("FUELHEAT_label") switch
                {
                    "Electricity" => "electricity",
                    "Natural gas from underground pipes" => "natural_gas",
                    "Propane (bottled gas)" => "propane",
                    "Fuel oil/kerosene" => "fuel_oil",
                    "Wood (cordwood or pellets)" => "wood",
                    "Do not use space heating" => "none",
                    _ => "other",
                },
                F("HousingUnitType") switch
                {
                    "Single-family detached" => "single_family_detached",
                    "Single-family attached" => "single_family_attached",
                    "Apartment: 2-4 Units" => "apartment_2_4_units",
                    "Apartment: 5 or more units" => "apartment_5plus_units",
                    _ => "mobile_home",
                },
                F("YearMade") switch
                {
                    "Before 1950" => "1940",
                    "2010-2015" => "2012",
                    var decade => (int.Parse(decade[..4], CultureInfo.InvariantCulture) + 5).ToString(CultureInfo.InvariantCulture),
                },
                F("have_ac").ToLowerInvariant(), F("HDD65"), F("CDD65"), F("Division"), F("ClimateRegion_IECC"), F("Urbanicity"), F("renter").ToLowerInvariant(),
                IncomeMidpoint(F("income")), F("aircon"), F("use_ng").ToLowerInvariant(),
            ]);
            usage.WriteRecord([id, "2015-01-01", "2016-01-01", F("KWH"), "kWh"]);
        }
    }

    /// <summary>A RECS income band as its midpoint in thousands of dollars (under $20,000: 10; $140,000 or more: 160).</summary>
    private static string IncomeMidpoint(string band)
    {
        if (band.StartsWith("Less than", StringComparison.Ordinal))
            return "10";
        if (band.EndsWith("or more", StringComparison.Ordinal))
            return "160";
        var bounds = band.Replace(" to ", " - ", StringComparison.Ordinal).Split(" - ")
            .Select(b => int.Parse(b.Trim().Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToArray();
        return Math.Round((bounds[0] + bounds[1] + 1) / 2000.0, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture);
    }
}
