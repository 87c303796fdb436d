using UtilityInsights.Billing;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.Compose;

/// <summary>
/// The periods an account's statement of a cycle talks about: the billing period itself, the one
/// before (for "compared with last time") and the same route's period a year earlier — calendar
/// months for an account whose route has no calendar, else its route's scheduled reads.
/// </summary>
/// <param name="Current">The billing period.</param>
/// <param name="Previous">The period before it: the last bill's, or the route's.</param>
/// <param name="LastYear">The same route's period a year earlier (the same month last year on calendar months).</param>
/// <param name="OnRoute">Whether the periods come from a route calendar.</param>
public sealed record BillPeriods(ServicePeriod Current, ServicePeriod Previous, ServicePeriod LastYear, bool OnRoute)
{
    /// <summary>Whether <see cref="Previous"/> is the last bill's period, stored: its reads are not needed to compare with it.</summary>
    public bool PreviousBilled { get; init; }

    /// <summary>How far from a scheduled read date a register read still counts as taken on it, unless the bill run says otherwise.</summary>
    public const int DefaultReadToleranceDays = 2;

    /// <summary>The most a bill run may be told (<c>--read-tolerance</c>).</summary>
    public const int MaxReadToleranceDays = 10;

    /// <summary>How far from a scheduled read date a register read counts as taken on it (route periods; 0 on calendar months).</summary>
    public int ToleranceDays { get; init; }

    /// <summary>
    /// The calendar month the bill's usage is shown under in the history chart, after the twelve months before it (the bill itself
    /// is named by its cycle). The month holding the middle of <see cref="Current"/> — the cycle's month on calendar billing;
    /// on a route the month most of the period falls in, so that a period of Dec 1 – Jan 1 read in January is shown as December,
    /// after November, and not as January after a December that holds the same days.
    /// </summary>
    public ServicePeriod ShownMonth => BillingCycle.Containing(Current.Start.AddDays((Current.Days - 1) / 2)).Period;

    /// <summary>Calendar months: the cycle's month, the month before and the month a year earlier.</summary>
    public static BillPeriods Calendar(BillingCycle cycle) =>
        new(cycle.Period, cycle.Period.MonthsBefore(1), cycle.Period.SamePeriodLastYear(), false);

    /// <summary>
    /// The periods on a route calendar; the last bill (the cycle before, not cancelled) decides where
    /// this one starts, so that no day is billed twice or missed when a schedule begins or changes.
    /// </summary>
    /// <exception cref="UserErrorException">The route has no read scheduled in the cycle's month.</exception>
    public static BillPeriods OnCalendar(RouteCalendar calendar, BillingCycle cycle, Bill? lastBill, int toleranceDays = DefaultReadToleranceDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var before = cycle.Period.MonthsBefore(1);
        var last = lastBill is { Status: not BillStatus.Cancelled } && lastBill.Cycle == BillingCycle.Containing(before.Start).Code ? lastBill : null;
        var current = calendar.PeriodOf(cycle, last?.Period.EndExclusive);
        var previous = last is { Lines.Count: > 0 } ? last.Period : calendar.TryPeriodOf(BillingCycle.Containing(before.Start), null) ?? before;
        var yearAgo = cycle.Period.SamePeriodLastYear();
        return new BillPeriods(current, previous, calendar.TryPeriodOf(BillingCycle.Containing(yearAgo.Start), null) ?? yearAgo, true)
        {
            ToleranceDays = toleranceDays,
            PreviousBilled = last is { Lines.Count: > 0 },
        };
    }

    /// <summary>
    /// The periods of an account whose service started (<paramref name="start"/>, a move-in) or ended
    /// (<paramref name="end"/>, a move-out) inside the billing period: its first bill runs from the
    /// start, its final bill to the end. Null when the account had no service in the period at all.
    /// </summary>
    public BillPeriods? Within(DateOnly? start, DateOnly? end)
    {
        var from = start is { } s && s > Current.Start ? s : Current.Start;
        var to = end is { } e && e < Current.EndExclusive ? e : Current.EndExclusive;
        return to <= from ? null : this with { Current = new ServicePeriod(from, to) };
    }
}
