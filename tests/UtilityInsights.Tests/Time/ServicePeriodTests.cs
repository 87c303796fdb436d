using UtilityInsights.Time;

namespace UtilityInsights.Tests.Time;

public class ServicePeriodTests
{
    [Test]
    public void A_calendar_month_includes_its_first_day_and_excludes_the_next_month()
    {
        var march = ServicePeriod.CalendarMonth(2018, 3);

        Assert.Multiple(() =>
        {
            Assert.That(march.Days, Is.EqualTo(31));
            Assert.That(march.Contains(new DateOnly(2018, 3, 1)), Is.True);
            Assert.That(march.Contains(new DateOnly(2018, 4, 1)), Is.False);
            Assert.That(march.LastDay, Is.EqualTo(new DateOnly(2018, 3, 31)));
        });
    }

    [Test]
    public void Splitting_a_period_keeps_every_day_exactly_once()
    {
        var (before, after) = ServicePeriod.CalendarMonth(2024, 2).SplitAt(new DateOnly(2024, 2, 10));

        Assert.That(before.Days + after.Days, Is.EqualTo(29));
        Assert.That(before.EndExclusive, Is.EqualTo(after.Start));
    }

    [Test]
    public void A_period_that_ends_before_it_starts_cannot_exist()
    {
        Assert.Throws<ArgumentException>(() => _ = new ServicePeriod(new DateOnly(2018, 3, 2), new DateOnly(2018, 3, 2)));
    }

    [Test]
    public void Consecutive_months_do_not_overlap()
    {
        Assert.That(ServicePeriod.CalendarMonth(2018, 1).Overlaps(ServicePeriod.CalendarMonth(2018, 2)), Is.False);
    }
}

public class LocalDayTests
{
    private static readonly TimeZoneInfo Chicago = TimeZones.Find("America/Chicago");

    [Test]
    public void The_spring_forward_day_has_23_hours()
    {
        Assert.That(LocalDay.Of(new DateOnly(2018, 3, 11), Chicago).Length, Is.EqualTo(TimeSpan.FromHours(23)));
    }

    [Test]
    public void The_fall_back_day_has_25_hours()
    {
        Assert.That(LocalDay.Of(new DateOnly(2018, 11, 4), Chicago).Length, Is.EqualTo(TimeSpan.FromHours(25)));
    }

    [Test]
    public void A_fixed_offset_zone_has_24_hour_days()
    {
        Assert.That(LocalDay.Of(new DateOnly(2018, 3, 11), TimeZones.Find("Etc/GMT+5")).Length, Is.EqualTo(TimeSpan.FromHours(24)));
    }

    [Test]
    public void An_unknown_zone_is_reported_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => TimeZones.Find("Mars/Olympus_Mons"));
        Assert.That(error!.Message, Does.Contain("Mars/Olympus_Mons"));
    }

    [Test]
    public void The_month_some_months_before_is_a_whole_calendar_month_across_a_year_end()
    {
        var march = ServicePeriod.CalendarMonth(2026, 3);

        Assert.That(march.MonthsBefore(0), Is.EqualTo(march));
        Assert.That(march.MonthsBefore(1), Is.EqualTo(ServicePeriod.CalendarMonth(2026, 2)));
        Assert.That(march.MonthsBefore(12), Is.EqualTo(ServicePeriod.CalendarMonth(2025, 3)));
        Assert.That(march.MonthsBefore(4), Is.EqualTo(ServicePeriod.CalendarMonth(2025, 11)));
    }

    [Test]
    public void An_operator_reads_a_period_as_its_first_and_last_day()
    {
        var route = new ServicePeriod(new DateOnly(2024, 12, 8), new DateOnly(2025, 1, 8));

        Assert.That(route.DaysText(), Is.EqualTo("2024-12-08 to 2025-01-07"));
        Assert.That(new ServicePeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 2)).DaysText(), Is.EqualTo("2025-03-01 to 2025-03-01"));
    }
}
