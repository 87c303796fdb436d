using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.Csv;

public class PremiseCsvTests
{
    private const string Header =
        "premise_id,account_id,meter_id,region,latitude,longitude,floor_area_sqft,occupants,heating_fuel,home_type,year_built,has_ac,has_pool,has_ev,has_solar,tariff_id,time_zone";

    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    [Test]
    public void Blank_attributes_stay_unknown()
    {
        var path = files.Write("premises.csv", Header + "\nP-1,A-1,M-1,cold,,,,,,,,,,,,,America/Chicago\n");

        var premise = PremiseCsv.Read(path, 2027).Single().Value!;

        Assert.Multiple(() =>
        {
            Assert.That(premise.FloorAreaSqft, Is.Null);
            Assert.That(premise.HeatingFuel, Is.Null);
            Assert.That(premise.HasAc, Is.Null);
            Assert.That(premise.TariffId, Is.Null);
        });
    }

    [Test]
    public void Every_attribute_is_read()
    {
        var path = files.Write("premises.csv",
            Header + "\nP-1,A-1,M-1,cold,44.9,-93.2,1850,3,natural_gas,single_family_detached,1978,yes,no,1,false,RES-TOU,America/Chicago\n");

        var premise = PremiseCsv.Read(path, 2027).Single().Value!;

        Assert.Multiple(() =>
        {
            Assert.That(premise.Latitude, Is.EqualTo(44.9m));
            Assert.That(premise.FloorAreaSqft, Is.EqualTo(1850));
            Assert.That(premise.HeatingFuel, Is.EqualTo(HeatingFuel.NaturalGas));
            Assert.That(premise.HomeType, Is.EqualTo(HomeType.SingleFamilyDetached));
            Assert.That(premise.HasAc, Is.True);
            Assert.That(premise.HasEv, Is.True);
            Assert.That(premise.HasSolar, Is.False);
        });
    }

    [TestCase("P-2,A-1,M-2,cold,,,-5,,,,,,,,,,America/Chicago", "floor_area_sqft", "outside")]
    [TestCase("P-2,A-1,M-2,cold,,,NaN,,,,,,,,,,America/Chicago", "floor_area_sqft", "not a whole number")]
    [TestCase("P-2,A-1,M-2,cold,1e300,5,,,,,,,,,,,America/Chicago", "latitude", "not a decimal")]
    [TestCase("P-2,A-1,M-2,cold,95,5,,,,,,,,,,,America/Chicago", "latitude", "outside")]
    [TestCase("P-2,A-1,M-2,cold,,,,,coal,,,,,,,,America/Chicago", "heating_fuel", "not one of")]
    [TestCase("P-2,A-1,M-2,cold,,,,,,castle,,,,,,,America/Chicago", "home_type", "not one of")]
    [TestCase("P-2,A-1,M-2,cold,,,,,,,2999,,,,,,America/Chicago", "year_built", "outside")]
    [TestCase("P-2,A-1,M-2,cold,,,,,,,,maybe,,,,,America/Chicago", "has_ac", "true/false")]
    [TestCase("P-2,A-1,M-2,cold,,,,,,,,,,,,,Mars/Base", "time_zone", "IANA")]
    [TestCase("P-2,A-1,M-2,,,,,,,,,,,,,,America/Chicago", "region", "required")]
    public void An_impossible_value_rejects_the_row_naming_the_field(string bad, string field, string reason)
    {
        var path = files.Write("premises.csv", $"{Header}\n{bad}\nP-3,A-1,M-3,cold,,,,,,,,,,,,,America/Chicago\n");

        var rows = PremiseCsv.Read(path, 2027).ToList();

        var rejected = rows[0].Rejection!;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Field, Is.EqualTo(field));
            Assert.That(rejected.Reason, Does.Contain(reason));
            Assert.That(rows[1].Value!.Id.Value, Is.EqualTo("P-3"));
        });
    }
}
