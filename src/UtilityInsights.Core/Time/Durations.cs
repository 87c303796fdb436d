namespace UtilityInsights.Time;

/// <summary>How long something lasted, in an operator's or analyst's words.</summary>
public static class Durations
{
    /// <summary>
    /// Whole days and hours ("16 days 12 hours", "1 day", "5 hours"), or minutes under an hour ("45 minutes"): counted down, never
    /// rounded up, so that a month read all but its last hour says "30 days 23 hours", not "31" of its 31 days, and one hour read says
    /// "1 hour", not "0".
    /// </summary>
    public static string Text(TimeSpan length)
    {
        static string Count(int n, string one) => n == 1 ? $"1 {one}" : $"{n} {one}s";
        var (days, hours, minutes) = (length.Days, length.Hours, length.Minutes);
        return days > 0 ? (hours > 0 ? $"{Count(days, "day")} {Count(hours, "hour")}" : Count(days, "day"))
            : hours > 0 ? Count(hours, "hour") : Count(minutes, "minute");
    }
}
