using UtilityInsights.Billing;
using UtilityInsights.Time;

namespace UtilityInsights.Tests.Billing;

public class BillingCycleTests
{
    [Test]
    public void A_cycle_code_is_its_calendar_month()
    {
        var cycle = BillingCycle.Parse("2025-12");
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Period, Is.EqualTo(new ServicePeriod(new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 1))));
            Assert.That(cycle.Code, Is.EqualTo("2025-12"));
            Assert.That(BillingCycle.Of(2025, 12), Is.EqualTo(cycle));
        });
    }

    [TestCase("2025-13", "is not a cycle of the form YYYY-MM")]
    [TestCase("2025-1", "is not a cycle of the form YYYY-MM")]
    [TestCase("1900-06", "is outside the cycles this engine bills")]
    [TestCase("2199-01", "is outside the cycles this engine bills")]
    public void A_bad_cycle_code_says_why(string code, string problem)
    {
        Assert.Multiple(() =>
        {
            Assert.That(BillingCycle.TryParse(code, out _, out var why), Is.False);
            Assert.That(why, Does.StartWith(problem));
            Assert.Throws<FormatException>(() => BillingCycle.Parse(code));
            Assert.That(() => BillingCycle.ParseOrUserError(code), Throws.TypeOf<UserErrorException>().With.Message.StartWith($"--cycle: '{code}' {problem}"));
        });
    }
}
