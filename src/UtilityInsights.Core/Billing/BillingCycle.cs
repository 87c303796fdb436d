using System.Globalization;
using UtilityInsights.Time;

namespace UtilityInsights.Billing;

/// <summary>
/// A billing cycle: a calendar month this engine bills, written <c>YYYY-MM</c> (<see cref="Code"/>)
/// in commands, bill ids and the database. The one home of the cycle rule: its form and the range
/// of months a bill can be for (<see cref="RecordDates"/>).
/// </summary>
public readonly record struct BillingCycle
{
    private BillingCycle(ServicePeriod period) => Period = period;

    /// <summary>The cycle's calendar month, <c>[1st, 1st of next month)</c>.</summary>
    public ServicePeriod Period { get; }

    /// <summary><c>YYYY-MM</c>.</summary>
    public string Code => Period.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public override string ToString() => Code;

    /// <summary>The cycle of a calendar month.</summary>
    public static BillingCycle Of(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return RecordDates.IsCycleInRange(first)
            ? new BillingCycle(ServicePeriod.CalendarMonth(year, month))
            : throw new ArgumentOutOfRangeException(nameof(year), $"{first:yyyy-MM} {OutOfRange}");
    }

    /// <summary>The cycle of the calendar month a day falls in (a read date, a period's first day).</summary>
    public static BillingCycle Containing(DateOnly day) => Of(day.Year, day.Month);

    /// <summary>A cycle code <c>YYYY-MM</c> inside the cycles this engine bills, or the reason it is not one.</summary>
    public static bool TryParse(string? code, out BillingCycle cycle, out string? problem)
    {
        cycle = default;
        problem = null;
        if (code is null || code.Length != 7 || !DateOnly.TryParseExact(code + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            problem = "is not a cycle of the form YYYY-MM";
        else if (!RecordDates.IsCycleInRange(first))
            problem = OutOfRange;
        else
            cycle = new BillingCycle(ServicePeriod.CalendarMonth(first.Year, first.Month));
        return problem is null;
    }

    /// <summary>Parses a cycle code known to be good (read back from the database or made by this engine).</summary>
    public static BillingCycle Parse(string code) =>
        TryParse(code, out var cycle, out var problem) ? cycle : throw new FormatException($"'{code}' {problem}.");

    /// <summary>Parses a cycle code a user gave, or fails with a user error naming it.</summary>
    public static BillingCycle ParseOrUserError(string code) =>
        TryParse(code, out var cycle, out var problem) ? cycle : throw new UserErrorException($"--cycle: '{code}' {problem}.");

    private static string OutOfRange => $"is outside the cycles this engine bills ({RecordDates.First.Year + 1}-01 to {RecordDates.EndExclusive.Year - 2}-12)";
}
