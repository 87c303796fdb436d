using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Rating;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Billing;

public class HoldRulesTests
{
    private static readonly Premise Home = new()
    {
        Id = new PremiseId("P-1"),
        AccountId = new AccountId("A-1"),
        MeterId = new MeterId("M-1"),
        Region = "cold",
        TimeZone = "America/Chicago",
        Occupants = 2,
    };

    /// <summary>What the hold rules are given for one bill: the rated bill and what the run knows of its history.</summary>
    private sealed record Facts(RatedBill Bill, decimal? LastYear, IReadOnlyList<decimal> Prior, int EstimatedInARow);

    private static Facts Build(decimal usage, decimal total, decimal? lastYear = null, IReadOnlyList<decimal>? prior = null, int estimatedInARow = 0)
    {
        var period = ServicePeriod.CalendarMonth(2026, 1);
        var bill = new RatedBill("RES-FLAT", period, Quantity.KWh(usage), 0m,
            [new BillLine(ChargeCategory.Energy, new EnergyCharge(Commodity.Electricity, null, null, usage, "kWh", 0.1m), usage, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(total))],
            new BillDeterminants(31, usage, 0m, [usage], [], [[usage]]));
        return new Facts(bill, lastYear, prior ?? [], estimatedInARow);
    }

    private static HoldReason? Check(Facts facts, HoldRules? rules = null) =>
        (rules ?? new HoldRules()).Check(facts.Bill, Home, facts.EstimatedInARow, facts.LastYear, facts.Prior);

    private static string? Code(Facts facts, HoldRules? rules = null) => Check(facts, rules)?.Code;

    [Test]
    public void An_ordinary_bill_is_not_held() =>
        Assert.That(Check(Build(800m, 104m, lastYear: 750m, prior: [700m, 820m, 900m])), Is.Null);

    [Test]
    public void Each_rule_holds_with_its_code_and_a_detail_for_the_reviewer()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Code(Build(-5m, -1m)), Is.EqualTo("negative_usage"));
            Assert.That(Code(Build(0m, 12m)), Is.EqualTo("zero_usage"));
            Assert.That(Code(Build(3_000m, 390m, lastYear: 900m)), Is.EqualTo("usage_above_last_year"));
            Assert.That(Code(Build(3_000m, 390m, prior: [800m, 900m, 950m])), Is.EqualTo("usage_above_average"));
            Assert.That(Code(Build(100m, -3m)), Is.EqualTo("total_below_zero"));
            Assert.That(Code(Build(10_000m, 2_500m)), Is.EqualTo("total_above_ceiling"));
            Assert.That(Code(Build(800m, 104m, estimatedInARow: 3)), Is.EqualTo("estimated_too_long"));
            Assert.That(Check(Build(800m, 104m, estimatedInARow: 4))!.ToString(), Does.StartWith("estimated_too_long: 4 cycles in a row"));
        });
    }

    [Test]
    public void Thresholds_are_configurable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Code(Build(800m, 104m, estimatedInARow: 2)), Is.Null, "two estimated cycles are within the default three");
            Assert.That(Code(Build(800m, 104m, estimatedInARow: 2), new HoldRules(EstimatedCycles: 2)), Is.EqualTo("estimated_too_long"));
            Assert.That(Code(Build(2_000m, 260m, lastYear: 900m), new HoldRules(UsageRatio: 2m)), Is.EqualTo("usage_above_last_year"));
            Assert.That(Code(Build(2_000m, 260m, lastYear: 900m)), Is.Null);
            Assert.That(Code(Build(1_000m, 130m), new HoldRules(Ceiling: 100m)), Is.EqualTo("total_above_ceiling"));
        });
    }

    [Test]
    public void A_stored_reason_reads_back_as_its_code_and_detail()
    {
        var reason = new HoldReason(HoldReason.CannotBill, "tariff RES-X of premise P-1 is not in the database: see tariffs import");
        Assert.Multiple(() =>
        {
            Assert.That(HoldReason.Parse(reason.ToString()), Is.EqualTo(reason));
            Assert.That(HoldReason.Parse(reason.ToString()).IsNotRated, Is.True);
            Assert.That(HoldReason.Parse("zero_usage"), Is.EqualTo(new HoldReason(HoldReason.ZeroUsage, "")));
            Assert.That(HoldReason.Parse(""), Is.EqualTo(new HoldReason("unspecified", "")));
            Assert.Throws<ArgumentException>(() => _ = new HoldReason("a:b", "c"));
        });
    }
}
