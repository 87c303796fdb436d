using UtilityInsights.Rating;

namespace UtilityInsights.Tests.Rating;

public class TariffImportTests
{
    private const string Native =
        """
        { "format": "utility-insights-tariff/1", "id": "RES-1", "name": "Residential", "effective_from": "2024-01-01",
          "fixed_charges": [ { "description": "Basic service charge", "amount": "11.50", "per": "month" } ],
          "energy": { "periods": [ { "name": "All hours", "tiers": [ { "up_to": "600", "rate": "0.1050" }, { "rate": "0.1310" } ] } ] } }
        """;

    [Test]
    public void A_native_tariff_keeps_its_decimals_exactly()
    {
        var tariff = NativeTariffReader.Read(Native);

        Assert.That(tariff.EnergyPeriods[0].Tiers.Select(t => (t.UpTo, t.Rate)), Is.EqualTo(new (decimal?, decimal)[] { (600m, 0.1050m), (null, 0.1310m) }));
        Assert.That(tariff.FixedCharges.Single().Amount, Is.EqualTo(11.50m));
    }

    [Test]
    public void An_unknown_field_in_a_native_tariff_is_refused_by_name()
    {
        var error = Assert.Throws<TariffException>(() => NativeTariffReader.Read(Native.Replace("\"fixed_charges\"", "\"fixed_charge\"", StringComparison.Ordinal)));

        Assert.That(error!.Field, Is.EqualTo("fixed_charge"));
    }

    [Test]
    public void Descending_tier_limits_cannot_exist()
    {
        var error = Assert.Throws<TariffException>(() => NativeTariffReader.Read(Native.Replace("\"up_to\": \"600\", \"rate\": \"0.1050\" }", "\"up_to\": \"600\", \"rate\": \"0.1050\" }, { \"up_to\": \"500\", \"rate\": \"0.11\" }", StringComparison.Ordinal)));

        Assert.That(error!.Reason, Does.Contain("ascending"));
    }

    [Test]
    public void A_URDB_item_with_legacy_field_names_imports()
    {
        const string legacy =
            """
            { "name": "Legacy", "fixedmonthlycharge": 35.28, "minmonthlycharge": 1.0, "annualmincharge": 12.0,
              "energyratestructure": [[{"max": 100.0, "rate": 0.07, "unit": "kWh"}, {"max": 9.999999680285692e+37, "rate": 0.08}]],
              "energyweekdayschedule": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]],
              "energyweekendschedule": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]] }
            """;

        var tariff = UrdbTariffImporter.Import(legacy).Single();

        Assert.Multiple(() =>
        {
            Assert.That(tariff.FixedCharges.Single().Amount, Is.EqualTo(35.28m));
            Assert.That(tariff.MinimumCharge, Is.EqualTo(1.0m));
            Assert.That(tariff.AnnualMinimumCharge, Is.EqualTo(12.0m));
            Assert.That(tariff.EnergyPeriods[0].Tiers[1].UpTo, Is.Null, "1e38 means no limit");
        });
    }

    [Test]
    public void Coincident_demand_is_refused_by_name()
    {
        var error = Assert.Throws<TariffException>(() => UrdbTariffImporter.Import("""{ "name": "C", "coincidentratestructure": [[{"rate": 19.16}]], "energyratestructure": [] }"""));

        Assert.That(error!.Field, Is.EqualTo("coincidentratestructure"));
    }
}

public class NativeDemandTests
{
    [Test]
    public void A_native_tariff_can_carry_flat_and_TOU_demand_charges()
    {
        var tariff = NativeTariffReader.Read(
            """
            { "format": "utility-insights-tariff/1", "id": "D", "name": "Demand", "effective_from": "2024-01-01",
              "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.08" } ] } ] },
              "flat_demand": { "periods": [ { "name": "Winter", "tiers": [ { "rate": "4.00" } ] }, { "name": "Summer", "tiers": [ { "up_to_kw": "10", "rate": "6.00" }, { "rate": "7.50" } ] } ],
                               "months": [0,0,0,0,0,1,1,1,1,0,0,0] },
              "demand": { "periods": [ { "name": "Off-peak", "tiers": [ { "rate": "0" } ] }, { "name": "On-peak", "tiers": [ { "rate": "3.25" } ] } ],
                          "weekday_schedule": ["000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000","000000000000000011111000"],
                          "weekend_schedule": ["000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000","000000000000000000000000"] } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(tariff.FlatDemandPeriods[1].Tiers.Select(t => t.UpToKw), Is.EqualTo(new decimal?[] { 10m, null }));
            Assert.That(tariff.FlatDemandMonths![6], Is.EqualTo(1));
            Assert.That(tariff.DemandSchedule!.PeriodAt(1, 17, weekendOrHoliday: false), Is.EqualTo(1));
            Assert.That(tariff.DemandPeriods[1].Tiers[0].Rate, Is.EqualTo(3.25m));
        });
    }

    private const string WithRatchet =
        """
        { "format": "utility-insights-tariff/1", "id": "R", "name": "Ratchet", "effective_from": "2024-01-01",
          "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.05" } ] } ] },
          "flat_demand": { "periods": [ { "name": "All", "tiers": [ { "rate": "10.00" } ] } ] },
          "ratchet": RATCHET }
        """;

    [Test]
    public void A_native_tariff_can_carry_a_demand_ratchet_as_one_share_or_twelve()
    {
        var flat = NativeTariffReader.Read(WithRatchet.Replace("RATCHET", """{ "percent": "0.8", "lookback_months": 11 }""", StringComparison.Ordinal));
        var monthly = NativeTariffReader.Read(WithRatchet.Replace("RATCHET",
            """{ "percent": [0,0,0,0,0,0.9,0.9,0.9,0.9,0,0,0], "lookback_months": "12" }""", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(flat.Ratchet, Is.Not.Null);
            Assert.That(flat.Ratchet!.PercentIn(3), Is.EqualTo(0.8m));
            Assert.That(flat.Ratchet.LookbackMonths, Is.EqualTo(11));
            Assert.That(monthly.Ratchet!.PercentIn(7), Is.EqualTo(0.9m));
            Assert.That(monthly.Ratchet.PercentIn(1), Is.EqualTo(0m));
        });
    }

    [TestCase("""{ "percent": "80", "lookback_months": 11 }""", "ratchet.percent", "between 0 and 1")]
    [TestCase("""{ "percent": [0.8, 0.8], "lookback_months": 11 }""", "ratchet.percent", "twelve")]
    [TestCase("""{ "percent": "0.8", "lookback_months": 13 }""", "ratchet.lookback_months", "1 to 12")]
    [TestCase("""{ "lookback_months": 11 }""", "ratchet.percent", "required")]
    public void A_bad_ratchet_is_refused_naming_the_field(string ratchet, string field, string reason)
    {
        var error = Assert.Throws<TariffException>(() => NativeTariffReader.Read(WithRatchet.Replace("RATCHET", ratchet, StringComparison.Ordinal)));
        Assert.That(error!.Field, Is.EqualTo(field));
        Assert.That(error.Reason, Does.Contain(reason));
    }
}
