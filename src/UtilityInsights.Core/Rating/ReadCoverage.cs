using UtilityInsights.Time;

namespace UtilityInsights.Rating;

/// <summary>How much of a billing period a load's intervals cover: a bill of a period only partly read charges only what was read.</summary>
public static class ReadCoverage
{
    /// <summary>
    /// The minutes of <paramref name="period"/> (local days in <paramref name="zone"/>: a day of a clock change has 23 or 25 hours)
    /// and the minutes of it the intervals starting inside it cover.
    /// </summary>
    public static (long Read, long Period) Of(IEnumerable<UsageInterval> intervals, TimeZoneInfo zone, ServicePeriod period)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var (start, end) = (LocalDay.StartOfDay(period.Start, zone), LocalDay.StartOfDay(period.EndExclusive, zone));
        long read = 0;
        foreach (var interval in intervals)
        {
            if (interval.Start >= start && interval.Start < end)
                read += interval.Minutes;
        }
        var minutes = (long)(end - start).TotalMinutes;
        return (Math.Min(read, minutes), minutes);
    }
}
