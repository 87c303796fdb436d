using System.Globalization;

namespace UtilityInsights.Time;

/// <summary>
/// The dates a bill engine accepts from outside: 1900-01-01 up to (not including) 2200-01-01.
/// Everything a bill computes from a date — the year before for comparisons, the month after for
/// a due date, a day's local instants — stays inside what <see cref="DateTime"/> can hold, so a
/// date such as 9999-12-31 or 0001-01-01 is refused where it is read (a rejected row, or exit 1
/// for an argument) instead of overflowing deep inside a run.
/// </summary>
public static class RecordDates
{
    public static readonly DateOnly First = new(1900, 1, 1);

    public static readonly DateOnly EndExclusive = new(2200, 1, 1);

    /// <summary>The largest UTC offset a time may carry (ISO 8601 and .NET allow ±14:00).</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Null when <paramref name="day"/> is in range, else the reason.</summary>
    public static string? Problem(DateOnly day) =>
        day >= First && day < EndExclusive ? null : $"is outside the dates this engine accepts ({First:yyyy-MM-dd} to {EndExclusive.AddDays(-1):yyyy-MM-dd})";

    /// <summary>Whether a cycle month leaves room for a year of history before it and a due date after it.</summary>
    public static bool IsCycleInRange(DateOnly firstDay) => firstDay.Year > First.Year && firstDay.Year < EndExclusive.Year - 1;

    /// <summary>A date written <c>yyyy-MM-dd</c> and inside the accepted range, or the reason it is not.</summary>
    public static bool TryParseDate(string? text, out DateOnly day, out string? problem)
    {
        problem = null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            problem = "is not a date of the form yyyy-MM-dd";
        else
            problem = Problem(day);
        return problem is null;
    }
}
