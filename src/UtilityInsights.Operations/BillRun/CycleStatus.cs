using UtilityInsights.Billing;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.BillRun;

/// <summary>
/// Where a cycle stands, as <c>billrun status</c> and the API's <c>GET /api/v1/billruns/{cycle}</c>
/// both tell it: accounts due, bills ready (draft or approved) or issued and their total, bills held
/// and why, the runs so far.
/// </summary>
public sealed record CycleStatus(
    string Cycle,
    int AccountsDue,
    int Billed,
    int Held,
    int Issued,
    decimal TotalAmount,
    string Currency,
    IReadOnlyDictionary<BillStatus, int> Counts,
    IReadOnlyDictionary<BillStatus, Money.Money> Totals,
    IReadOnlyDictionary<string, int> HeldByReason,
    IReadOnlyList<BillRunRecord> Runs)
{
    /// <summary>Accounts due that have no bill yet for the cycle (billed, held or cancelled ones aside).</summary>
    public int NotYetBilled => Math.Max(0, AccountsDue - Billed - Held);

    public static async Task<CycleStatus> LoadAsync(UtilityDatabase database, string cycle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var currency = await database.Bills.CurrencyOfAsync(cycle, cancellationToken);
        var summary = await database.Bills.SummaryAsync(cycle, currency, cancellationToken);
        var runs = await database.BillRuns.ForCycleAsync(cycle, cancellationToken);
        var accountsDue = await database.Accounts.CountWithPremisesAsync(cancellationToken);
        int Count(BillStatus s) => summary.Counts.GetValueOrDefault(s);
        var billed = Count(BillStatus.Draft) + Count(BillStatus.Approved) + Count(BillStatus.Issued);
        var total = summary.Totals.Where(t => t.Key is BillStatus.Draft or BillStatus.Approved or BillStatus.Issued).Sum(t => t.Value.Amount);
        return new CycleStatus(cycle, accountsDue, billed, Count(BillStatus.Held), Count(BillStatus.Issued), total, currency.Code, summary.Counts, summary.Totals,
            summary.HeldByReason, runs);
    }
}
