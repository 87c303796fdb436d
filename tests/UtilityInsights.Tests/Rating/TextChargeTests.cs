using UtilityInsights.Rating;

namespace UtilityInsights.Tests.Rating;

public class TextChargeTests
{
    private static readonly string Months = "[" + string.Join(",", Enumerable.Repeat("[" + string.Join(",", Enumerable.Repeat(0, 24)) + "]", 12)) + "]";

    private static readonly string Item = $$"""
        {"label": "t1", "name": "Residential TOU", "utility": "Example Co",
         "energyratestructure": [[{"rate": 0.1}]], "energyweekdayschedule": {{Months}}, "energyweekendschedule": {{Months}},
         "fixedattrs": [{"Rural Fixed Charge": "$28"}, {"City Fixed Charge": "$26"}, {"Senior Credit:": "$(3.50)"}],
         "demandattrs": [{"Demand Charge": "$4.25/kW"}],
         "energyattrs": [{"Energy Adder": "$0.012/kWh"}]}
        """;

    [TestCase("$28", 28, "month")]
    [TestCase("$0.09/month", 0.09, "month")]
    [TestCase("$0.95/day", 0.95, "day")]
    [TestCase("$(7.00)", -7.00, "month")]
    [TestCase("-$2", -2, "month")]
    [TestCase("$4.25/kW", 4.25, "kW")]
    [TestCase("$0.012/kWh", 0.012, "kWh")]
    public void A_charge_written_as_text_is_read_into_its_amount_and_unit(string text, decimal amount, string unit)
    {
        Assert.That(TextCharge.Parse("fixedattrs", "x", text), Is.EqualTo(new TextCharge(amount, unit)));
    }

    [TestCase("Call for rates")]
    [TestCase("$12/year")]
    [TestCase("$(7.00")]
    [TestCase("12")]
    public void Text_that_is_not_a_charge_is_refused_naming_the_attribute_and_what_can_be_read(string text)
    {
        var e = Assert.Throws<TariffException>(() => TextCharge.Parse("fixedattrs", "Odd Charge", text))!;

        Assert.That(e.Field, Is.EqualTo("fixedattrs \"Odd Charge\""));
        Assert.That(e.Message, Does.Contain("$28/month").And.Contain("$4.25/kW"));
    }

    [Test]
    public void Without_a_resolution_the_tariff_is_refused_listing_every_text_charge_and_how_to_resolve_them()
    {
        var e = Assert.Throws<TariffException>(() => TariffFiles.Parse(Item))!;

        Assert.That(e.Message, Does.Contain("\"Rural Fixed Charge: $28\"").And.Contain("\"City Fixed Charge: $26\"").And.Contain("\"Demand Charge: $4.25/kW\"")
            .And.Contain("--text-charge \"NAME\""));
    }

    [Test]
    public void The_charges_named_are_billed_as_what_they_say_and_the_others_are_left_out()
    {
        var json = TariffFiles.WithTextCharges(Item, ["City Fixed Charge", "Senior Credit:", "Demand Charge", "Energy Adder"]);
        var tariff = TariffFiles.Parse(json).Single();

        Assert.Multiple(() =>
        {
            Assert.That(tariff.FixedCharges, Is.EqualTo(new[]
            {
                new FixedCharge("City Fixed Charge", 26m, ChargeBasis.PerMonth),
                new FixedCharge("Senior Credit", -3.50m, ChargeBasis.PerMonth),
            }));
            Assert.That(tariff.FlatDemandPeriods.Single().Tiers.Single().BilledRate, Is.EqualTo(4.25m));
            Assert.That(tariff.FlatDemandMonths, Is.All.EqualTo(0), "every month");
            Assert.That(tariff.Riders, Is.EqualTo(new[] { new Rider("Energy Adder", 0.012m) }));
            Assert.That(json, Does.Contain(UrdbTariffImporter.TextChargesField), "the resolution is written into the document that is stored");
            Assert.That(TariffFiles.Parse(json).Single().FixedCharges, Is.EqualTo(tariff.FixedCharges), "and reads back the same");
        });
    }

    [Test]
    public void A_name_that_is_not_one_of_the_tariffs_text_charges_is_refused_listing_them()
    {
        var e = Assert.Throws<TariffException>(() => TariffFiles.WithTextCharges(Item, ["City"]))!;

        Assert.That(e.Message, Does.Contain("'City' is not one of its charges written only as text").And.Contain("\"City Fixed Charge\""));
    }
}
