using UtilityInsights.Time;

namespace UtilityInsights.Tests.Time;

public class DayStartTests
{
    [TestCase("2025-03-09", "2025-03-09T00:00:00-06:00", 23)]
    [TestCase("2025-11-02", "2025-11-02T00:00:00-05:00", 25)]
    [TestCase("2025-07-01", "2025-07-01T00:00:00-05:00", 24)]
    public void A_day_starts_at_local_midnight_and_is_as_long_as_its_clocks_say(string date, string start, int hours)
    {
        var zone = TimeZones.Find("America/Chicago");

        // Asked twice: the second answer is the remembered one.
        var first = LocalDay.Of(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), zone);
        var again = LocalDay.Of(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.That(first, Is.EqualTo(again));
        Assert.That(first.Start, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(first.Start.Offset, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture).Offset));
        Assert.That(first.Length, Is.EqualTo(TimeSpan.FromHours(hours)));
    }

    [Test]
    public void A_day_in_a_zone_that_skips_midnight_starts_at_the_first_local_time_after_the_gap()
    {
        // Santiago springs forward at midnight: 2024-09-08 begins at 01:00 local.
        var start = LocalDay.StartOfDay(new DateOnly(2024, 9, 8), TimeZones.Find("America/Santiago"));

        Assert.That(start, Is.EqualTo(new DateTimeOffset(2024, 9, 8, 1, 0, 0, TimeSpan.FromHours(-3))));
    }

    [Test]
    public void Zones_with_the_same_id_but_other_rules_never_share_remembered_days()
    {
        var system = TimeZones.Find("America/Chicago");
        var summer = new DateOnly(2025, 7, 1);
        _ = LocalDay.StartOfDay(summer, system);
        // A zone made apart from the system's, under the same id, that keeps standard time all year.
        var standardOnly = TimeZoneInfo.CreateCustomTimeZone("America/Chicago", TimeSpan.FromHours(-6), "Chicago, standard time only", "CST");

        Assert.That(LocalDay.StartOfDay(summer, standardOnly).Offset, Is.EqualTo(TimeSpan.FromHours(-6)));
        Assert.That(LocalDay.StartOfDay(summer, system).Offset, Is.EqualTo(TimeSpan.FromHours(-5)));
    }
}
