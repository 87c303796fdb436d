using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Statements;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Statements;

public class TipTests
{
    private static readonly TipCatalog Catalog = TipCatalog.Default();

    private static Premise Home(HeatingFuel fuel = HeatingFuel.Electricity, bool ac = true, bool pool = false, bool ev = false, HomeType type = HomeType.SingleFamilyDetached) => new()
    {
        Id = new PremiseId("P-1"),
        AccountId = new AccountId("A-1"),
        MeterId = new MeterId("M-1"),
        Region = "cold",
        TimeZone = "America/Chicago",
        HeatingFuel = fuel,
        HasAc = ac,
        HasPool = pool,
        HasEv = ev,
        HomeType = type,
    };

    private static TipContext Context(int month, Premise premise, bool? above = true, decimal peakShare = 0.1m, IReadOnlySet<string>? last = null, string language = "en") =>
        new(month, premise, above, peakShare, Commodity.Electricity, 900m, "kWh", 0.13m, last ?? new HashSet<string>(), language,
            CultureInfo.GetCultureInfo(language == "es" ? "es-US" : "en-US"));

    private static TipContext GasBill(int month, Premise premise, string language = "en") =>
        new(month, premise, null, 0m, Commodity.Gas, 95m, "therm", 1.4m, new HashSet<string>(), language, CultureInfo.GetCultureInfo(language == "es" ? "es-US" : "en-US"));

    /// <summary>Tips that save only electricity: appliances, lights, cooling, pools, cars.</summary>
    private static readonly string[] ElectricOnly = ["standby", "led-bulbs", "lights-off", "fridge-temp", "peak-laundry", "ev-off-peak", "pool-pump-hours", "ac-away", "line-dry"];

    [Test]
    public void The_catalog_holds_at_least_40_tips_in_English_and_Spanish()
    {
        Assert.That(Catalog.Tips, Has.Count.GreaterThanOrEqualTo(40));
    }

    [Test]
    public void A_winter_statement_of_an_electrically_heated_home_gets_heating_tips_and_no_cooling_or_pool_tips()
    {
        var chosen = Catalog.Choose(Context(1, Home()));

        Assert.That(chosen, Has.Count.InRange(1, 3));
        Assert.That(chosen.Select(c => c.Tip.Id), Has.None.StartsWith("ac-").And.None.StartsWith("pool-").And.None.EqualTo("thermostat-summer"));
        Assert.That(chosen.All(c => c.Tip.When.Seasons is null || c.Tip.When.Seasons.Contains("winter")), Is.True);
    }

    [Test]
    public void A_tip_never_applies_to_a_home_it_does_not_fit()
    {
        foreach (var month in Enumerable.Range(1, 12))
        {
            var chosen = Catalog.Choose(Context(month, Home(HeatingFuel.NaturalGas, ac: false, pool: false, ev: false, type: HomeType.Apartment5PlusUnits)));
            Assert.That(chosen.Select(c => c.Tip.Id), Has.None.StartsWith("pool-").And.None.StartsWith("ev-").And.None.StartsWith("ac-").And.None.EqualTo("attic-insulation"), $"month {month}");
        }
    }

    [Test]
    public void Last_months_tips_are_never_shown_again()
    {
        var first = Catalog.Choose(Context(7, Home(pool: true, ev: true))).Select(c => c.Tip.Id).ToHashSet();
        var second = Catalog.Choose(Context(8, Home(pool: true, ev: true), last: first)).Select(c => c.Tip.Id).ToList();

        Assert.That(second, Is.Not.Empty);
        Assert.That(second, Has.None.Matches<string>(first.Contains));
    }

    [Test]
    public void Savings_are_estimated_from_the_homes_own_usage_and_price_in_its_language()
    {
        var tip = Catalog.Choose(Context(7, Home(pool: true), language: "es"))[0];

        Assert.That(tip.Shown.Savings, Does.StartWith("Ahorro estimado: unos ").And.Contain("kWh"));
        Assert.That(tip.Shown.Title, Is.EqualTo(tip.Tip.Title["es"]));
    }

    [Test]
    public void No_tip_is_shown_that_would_save_less_than_a_dollar()
    {
        var home = Home();
        var solar = new TipContext(1, home, true, 0.1m, Commodity.Electricity, 900m, "kWh", 0.01m, new HashSet<string>(), "en", CultureInfo.GetCultureInfo("en-US"));
        var small = new TipContext(1, home, true, 0.1m, Commodity.Electricity, 120m, "kWh", 0.13m, new HashSet<string>(), "en", CultureInfo.GetCultureInfo("en-US"));

        Assert.Multiple(() =>
        {
            Assert.That(Catalog.Choose(solar), Is.Empty, "900 kWh at a cent each: every tip is worth under a dollar");
            Assert.That(Catalog.Choose(small).Select(c => c.Tip.Savings.Share * 120m * 0.13m), Has.All.GreaterThanOrEqualTo(0.995m));
            Assert.That(Catalog.Choose(Context(1, home)), Is.Not.Empty);
        });
    }

    [Test]
    public void A_gas_bill_gets_only_tips_that_save_gas_in_a_home_heated_with_it()
    {
        foreach (var month in Enumerable.Range(1, 12))
        {
            var ids = Catalog.Choose(GasBill(month, Home(HeatingFuel.NaturalGas, pool: true, ev: true)), most: 50).Select(c => c.Tip.Id).ToList();
            Assert.That(ids, Has.None.AnyOf(ElectricOnly), $"month {month}: no therms for unplugging a charger");
            Assert.That(ids, Is.SubsetOf(Catalog.Tips.Where(t => t.When.Saves?.Intersect(["heating", "hot_water"]).Any() == true).Select(t => t.Id)), $"month {month}");
        }
        var winter = Catalog.Choose(GasBill(1, Home(HeatingFuel.NaturalGas)));
        Assert.Multiple(() =>
        {
            Assert.That(winter.Select(c => c.Tip.Id), Does.Contain("thermostat-night"), "the gas bill of a gas-heated home in winter: heating tips");
            Assert.That(winter.Select(c => c.Shown.Savings), Has.All.Contain(" therm, "));
            Assert.That(Catalog.Choose(GasBill(1, Home(HeatingFuel.Electricity))), Is.Empty, "a gas bill of a home heated with electricity: gas for cooking, nothing the catalog saves");
        });
    }

    [Test]
    public void An_electricity_bill_of_a_gas_heated_home_gets_no_heating_or_hot_water_tips()
    {
        foreach (var month in Enumerable.Range(1, 12))
        {
            var ids = Catalog.Choose(Context(month, Home(HeatingFuel.NaturalGas)), most: 50).Select(c => c.Tip.Id).ToList();
            Assert.That(ids, Has.None.AnyOf("thermostat-night", "curtains-winter", "water-heater-temp", "cold-wash", "short-showers"), $"month {month}");
            Assert.That(ids, Is.Not.Empty, $"month {month}");
        }
    }

    [Test]
    public void A_water_bill_gets_the_tips_that_save_water()
    {
        var water = new TipContext(7, Home(), null, 0m, Commodity.Water, 6_000m, "gal", 0.01m, new HashSet<string>(), "en", CultureInfo.GetCultureInfo("en-US"));

        Assert.That(Catalog.Choose(water, most: 50).Select(c => c.Tip.Id), Is.EquivalentTo(new[] { "short-showers", "low-flow" }));
    }

    [Test]
    public void A_catalog_naming_something_a_tip_cannot_save_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tips-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            [{"id": "x", "title": {"en": "T", "es": "T"}, "text": {"en": "T", "es": "T"}, "when": {"saves": ["sunshine"]}, "savings": {"share": 0.02, "of": "total"}}]
            """);
        try
        {
            Assert.That(() => TipCatalog.Load(path), Throws.TypeOf<UserErrorException>().With.Message.Contains("tip 'x' saves 'sunshine': name one or more of electricity, heating, hot_water, water"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
