using UtilityInsights.Operations.Compose;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.BillRun;

/// <summary>
/// The dates a bill uses come from its billing period, never from the wall clock, so that a month billed
/// and issued today, late, gives the same bill and ledger as one issued on time. A bill is issued — its
/// charge posted to the ledger, the point from which later payments count as "since your last bill"
/// — on its statement date: the first day after its billing period (a route's read; the first of the
/// next month for a calendar month), at 00:00 UTC; its statement lists the payments before that date.
/// Its due date is a number of days after that (<see cref="StatementBuilder.DaysToPay"/>).
/// </summary>
public static class DatesOfRecord
{
    /// <summary>The instant a bill of <paramref name="period"/> is dated, issued and its charge posted.</summary>
    public static DateTimeOffset IssuedAt(ServicePeriod period) => new(period.EndExclusive.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
