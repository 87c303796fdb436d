using UtilityInsights.Time;

namespace UtilityInsights.Tests.Time;

public class DurationsTests
{
    [TestCase(31 * 1440 - 60, "30 days 23 hours", TestName = "A month read all but its last hour is not its whole 31 days")]
    [TestCase(60, "1 hour", TestName = "One hour read is not none")]
    [TestCase(16 * 1440 + 720, "16 days 12 hours")]
    [TestCase(15 * 1440, "15 days")]
    [TestCase(1440 + 45, "1 day")]
    [TestCase(45, "45 minutes")]
    [TestCase(1, "1 minute")]
    public void A_length_is_counted_down_in_whole_days_and_hours(int minutes, string expected)
    {
        Assert.That(Durations.Text(TimeSpan.FromMinutes(minutes)), Is.EqualTo(expected));
    }
}
