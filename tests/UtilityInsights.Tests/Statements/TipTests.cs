using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Statements;

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
        new(month, premise, above, peakShare, 900m, "kWh", 0.13m, last ?? new HashSet<string>(), language, CultureInfo.GetCultureInfo(language == "es" ? "es-US" : "en-US"));

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
        var solar = new TipContext(1, home, true, 0.1m, 900m, "kWh", 0.01m, new HashSet<string>(), "en", CultureInfo.GetCultureInfo("en-US"));
        var small = new TipContext(1, home, true, 0.1m, 120m, "kWh", 0.13m, new HashSet<string>(), "en", CultureInfo.GetCultureInfo("en-US"));

        Assert.Multiple(() =>
        {
            Assert.That(Catalog.Choose(solar), Is.Empty, "900 kWh at a cent each: every tip is worth under a dollar");
            Assert.That(Catalog.Choose(small).Select(c => c.Tip.Savings.Share * 120m * 0.13m), Has.All.GreaterThanOrEqualTo(0.995m));
            Assert.That(Catalog.Choose(Context(1, home)), Is.Not.Empty);
        });
    }
}
