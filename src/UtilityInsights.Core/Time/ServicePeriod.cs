using System.Globalization;

namespace UtilityInsights.Time;

/// <summary>
/// A billing or service period of whole local days: it includes <see cref="Start"/> and excludes
/// <see cref="EndExclusive"/>, so March is <c>[Mar 1, Apr 1)</c> and has 31 <see cref="Days"/>.
/// Consecutive periods share a boundary date and never overlap. The dates are in the premise's
/// time zone; turning them into instants is the job of <see cref="LocalDay"/>.
/// </summary>
public readonly record struct ServicePeriod
{
    public ServicePeriod(DateOnly start, DateOnly endExclusive)
    {
        if (endExclusive <= start)
            throw new ArgumentException($"A service period must end after it starts ({start:yyyy-MM-dd} .. {endExclusive:yyyy-MM-dd}).", nameof(endExclusive));
        Start = start;
        EndExclusive = endExclusive;
    }

    /// <summary>First day of the period (included).</summary>
    public DateOnly Start { get; }

    /// <summary>First day after the period (excluded).</summary>
    public DateOnly EndExclusive { get; }

    /// <summary>Last day of the period (included): the day before <see cref="EndExclusive"/>.</summary>
    public DateOnly LastDay => EndExclusive.AddDays(-1);

    /// <summary>Number of service days.</summary>
    public int Days => EndExclusive.DayNumber - Start.DayNumber;

    /// <summary>The calendar month <paramref name="month"/> of <paramref name="year"/>: <c>[1st, 1st of next month)</c>.</summary>
    public static ServicePeriod CalendarMonth(int year, int month)
    {
        var start = new DateOnly(year, month, 1);
        return new ServicePeriod(start, start.AddMonths(1));
    }

    public bool Contains(DateOnly day) => day >= Start && day < EndExclusive;

    public bool Overlaps(ServicePeriod other) => Start < other.EndExclusive && other.Start < EndExclusive;

    /// <summary>The days both periods share, or null when they do not overlap.</summary>
    public ServicePeriod? Intersect(ServicePeriod other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = EndExclusive < other.EndExclusive ? EndExclusive : other.EndExclusive;
        return end > start ? new ServicePeriod(start, end) : null;
    }

    /// <summary>Splits the period at <paramref name="day"/> into <c>[Start, day)</c> and <c>[day, End)</c>.</summary>
    public (ServicePeriod Before, ServicePeriod After) SplitAt(DateOnly day)
    {
        if (day <= Start || day >= EndExclusive)
            throw new ArgumentOutOfRangeException(nameof(day), day, "The split day must lie strictly inside the period.");
        return (new ServicePeriod(Start, day), new ServicePeriod(day, EndExclusive));
    }

    /// <summary>Every day of the period, in order.</summary>
    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = Start; day < EndExclusive; day = day.AddDays(1))
            yield return day;
    }

    /// <summary>The calendar month <paramref name="months"/> months before the one this period starts in (0: that month).</summary>
    public ServicePeriod MonthsBefore(int months)
    {
        var start = Start.AddMonths(-months);
        return CalendarMonth(start.Year, start.Month);
    }

    /// <summary>The same period one year earlier (Feb 29 becomes Feb 28).</summary>
    public ServicePeriod SamePeriodLastYear() => new(Start.AddYears(-1), EndExclusive.AddYears(-1));

    /// <summary>
    /// The days an operator reads in a message, both ends included: <c>2018-03-01 to 2018-03-31</c>
    /// (invariant; customer-facing text comes from a formatter).
    /// </summary>
    public string DaysText() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}");

    /// <summary>Invariant <c>[2018-03-01, 2018-04-01)</c>; customer-facing text comes from a formatter.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Start:yyyy-MM-dd}, {EndExclusive:yyyy-MM-dd})");
}
