using UtilityInsights.Time;

namespace UtilityInsights.Billing;

/// <summary>
/// A meter-reading route's scheduled read dates (a bill cycle schedule, CC&amp;B's window dates, SAP
/// IS-U's portion): each bill of an account on the route runs from one scheduled read to the next.
/// </summary>
public sealed record RouteCalendar(string Route, int Version, IReadOnlyList<DateOnly> ReadDates)
{
    /// <summary>
    /// The billing period of <paramref name="cycle"/> for an account on this route: to the route's
    /// first scheduled read in the cycle's month (excluded), from where the account's previous bill
    /// ended (<paramref name="previousEnd"/>) — else from the route's scheduled read before, else from
    /// the same day a month earlier (the first bill after the schedule begins).
    /// </summary>
    /// <exception cref="UserErrorException">The route has no read scheduled in the cycle's month.</exception>
    public ServicePeriod PeriodOf(BillingCycle cycle, DateOnly? previousEnd) => TryPeriodOf(cycle, previousEnd)
        ?? throw new UserErrorException($"route {Route} has no read scheduled in {cycle.Code} (calendar version {Version}): import its dates with routes import.");

    /// <summary>
    /// <see cref="PeriodOf"/>, or null when the route has no read scheduled in the cycle's month (a year back, before the
    /// schedule began: a bill run asks for every account).
    /// </summary>
    public ServicePeriod? TryPeriodOf(BillingCycle cycle, DateOnly? previousEnd)
    {
        var month = cycle.Period;
        if (ReadDates.Where(month.Contains).Cast<DateOnly?>().FirstOrDefault() is not { } end)
            return null;
        var start = previousEnd is { } ended && ended < end && end.DayNumber - ended.DayNumber <= MaxDays
            ? ended
            : ReadDates.Where(d => d < end).Cast<DateOnly?>().LastOrDefault() ?? end.AddMonths(-1);
        return new ServicePeriod(start, end);
    }

    /// <summary>The longest period a bill may cover from a previous bill's end (two months and a few days); longer starts from the route's own read before.</summary>
    public const int MaxDays = 70;
}

/// <summary>
/// Read dates by rule: "the Nth working day of each month" — Monday to Friday, not a holiday — or the
/// month's last working day when it has fewer than N (February with a holiday has 19).
/// </summary>
public static class WorkingDays
{
    /// <summary>The <paramref name="n"/>th working day (1-based) of a month, or its last working day when it has fewer.</summary>
    public static DateOnly Nth(int year, int month, int n, IReadOnlySet<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, "The first working day is 1.");
        DateOnly? found = null;
        var count = 0;
        for (var day = new DateOnly(year, month, 1); day.Month == month; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(day))
                continue;
            found = day;
            if (++count == n)
                break;
        }
        return found ?? throw new ArgumentException($"{year}-{month:00} has no working day.", nameof(holidays));
    }

    /// <summary>The <paramref name="n"/>th working day of every month from <paramref name="firstMonth"/> to <paramref name="lastMonth"/> (both included).</summary>
    public static IReadOnlyList<DateOnly> Schedule(int n, DateOnly firstMonth, DateOnly lastMonth, IReadOnlySet<DateOnly> holidays)
    {
        var dates = new List<DateOnly>();
        for (var month = new DateOnly(firstMonth.Year, firstMonth.Month, 1); month <= lastMonth; month = month.AddMonths(1))
            dates.Add(Nth(month.Year, month.Month, n, holidays));
        return dates;
    }

    /// <summary>US federal holidays observed on weekdays (New Year's, MLK, Presidents', Memorial, Juneteenth, Independence, Labor, Columbus, Veterans, Thanksgiving, Christmas) of a year.</summary>
    public static IReadOnlySet<DateOnly> UsFederalHolidays(int year)
    {
        static DateOnly Observed(DateOnly day) => day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(-1),
            DayOfWeek.Sunday => day.AddDays(1),
            _ => day,
        };
        static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
        {
            var first = new DateOnly(year, month, 1);
            return first.AddDays((7 + (int)weekday - (int)first.DayOfWeek) % 7 + 7 * (n - 1));
        }
        static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
        {
            var last = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
            return last.AddDays(-((7 + (int)last.DayOfWeek - (int)weekday) % 7));
        }
        return new HashSet<DateOnly>
        {
            Observed(new DateOnly(year, 1, 1)), NthWeekday(year, 1, DayOfWeek.Monday, 3), NthWeekday(year, 2, DayOfWeek.Monday, 3),
            LastWeekday(year, 5, DayOfWeek.Monday), Observed(new DateOnly(year, 6, 19)), Observed(new DateOnly(year, 7, 4)),
            NthWeekday(year, 9, DayOfWeek.Monday, 1), NthWeekday(year, 10, DayOfWeek.Monday, 2), Observed(new DateOnly(year, 11, 11)),
            NthWeekday(year, 11, DayOfWeek.Thursday, 4), Observed(new DateOnly(year, 12, 25)),
        };
    }
}
