using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Storage;
using UtilityInsights.Units;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// The operators' page: a cycle's bills by status (one word for each: a bill waiting to go out is
/// "ready to issue"), the held ones with the customer's name, the reason in words, this month's usage
/// against last year's and the average of the earlier bills, approval one by one or — after a
/// confirmation — all at once, and a link to the cycle's run report. A bill that could not be billed
/// at all (<see cref="HoldReason.CannotBill"/>: no charges) is never offered for approval — it would
/// issue an empty bill; its cause is fixed and the next run of the cycle bills the account.
/// </summary>
public sealed class OperatorModel(UtilityDatabase database) : PageModel
{
    /// <summary>A held bill as the page lists it; <see cref="LastYear"/> and <see cref="Average"/> are null for a bill never rated (nothing to weigh).</summary>
    public sealed record HeldRow(string AccountId, string Name, string Reason, string Detail, string Usage, string? LastYear, string? Average, string Total, bool CanApprove,
        bool WaitingForReads);

    public string Cycle { get; private set; } = "";

    public IReadOnlyList<string> Cycles { get; private set; } = [];

    public IReadOnlyList<(string Status, int Count, string Total)> Counts { get; private set; } = [];

    public IReadOnlyList<HeldRow> Held { get; private set; } = [];

    public string HeldTotal { get; private set; } = "";

    /// <summary>The held bills an operator can approve: all but those that could not be billed.</summary>
    public int Approvable => Held.Count(h => h.CanApprove);

    public bool ConfirmAll { get; private set; }

    public string? Message { get; private set; }

    public Task OnGetAsync(string? cycle, string? confirm, CancellationToken cancellationToken)
    {
        ConfirmAll = confirm == "all";
        return LoadAsync(cycle, cancellationToken);
    }

    public async Task<IActionResult> OnPostApproveAsync(string? cycle, string? account, CancellationToken cancellationToken)
    {
        if (!BillingCycle.TryParse(cycle, out _, out _) || Identifier.Problem(account) is not null)
            return BadRequest();
        var approved = await database.Bills.ApproveHeldAsync(cycle!, new AccountId(account!), cancellationToken);
        await LoadAsync(cycle, cancellationToken);
        Message = approved == 1 ? $"The bill of {account} is approved."
            : Held.Any(h => h.AccountId == account && !h.CanApprove) ? $"The bill of {account} could not be billed, so it cannot be approved: fix its cause and run the cycle again."
            : $"{account} had no held bill to approve.";
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAllAsync(string? cycle, CancellationToken cancellationToken)
    {
        if (!BillingCycle.TryParse(cycle, out _, out _))
            return BadRequest();
        var approved = await database.Bills.ApproveHeldAsync(cycle!, null, cancellationToken);
        await LoadAsync(cycle, cancellationToken);
        Message = approved == 1 ? "1 bill approved." : $"{approved:N0} bills approved.";
        return Page();
    }

    /// <summary>A bill status in the one word operators see everywhere (the CLI says "ready" too).</summary>
    public static string StatusWords(BillStatus status) => status switch
    {
        BillStatus.Draft => "Ready to issue",
        BillStatus.Held => "Held for review",
        BillStatus.Approved => "Approved, ready to issue",
        BillStatus.Issued => "Issued",
        BillStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    private async Task LoadAsync(string? cycle, CancellationToken cancellationToken)
    {
        Cycles = await database.Bills.CyclesAsync(cancellationToken);
        Cycle = cycle is not null && Cycles.Contains(cycle) ? cycle : (Cycles.Count > 0 ? Cycles[0] : "");
        if (Cycle.Length == 0)
            return;
        var summary = await database.Bills.SummaryAsync(Cycle, await database.Bills.CurrencyOfAsync(Cycle, cancellationToken), cancellationToken);
        Counts = summary.Counts.OrderBy(c => c.Key).Select(c => (StatusWords(c.Key), c.Value, MoneyText.Format(summary.Totals[c.Key]))).ToList();
        var held = await database.Bills.HeldAsync(Cycle, cancellationToken);
        var approvable = held.Where(h => !h.Reason.IsNotRated).ToList();
        HeldTotal = approvable.Count == 0 ? "" : MoneyText.Format(new Money.Money(approvable.Sum(h => h.Total.Amount), approvable[0].Total.Currency));
        var rows = new List<HeldRow>();
        var lastYearCycle = BillingCycle.Parse(Cycle).Period.Start.AddYears(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        foreach (var share in held.Chunk(Storage.Stores.Store.MaxIds))
        {
            var ids = share.Select(h => h.AccountId.Value).ToList();
            var accounts = await database.Accounts.GetManyAsync(ids, cancellationToken);
            var bills = await database.Bills.GetManyAsync(ids, Cycle, cancellationToken);
            var lastYear = await database.Bills.GetManyAsync(ids, lastYearCycle, cancellationToken);
            // The earlier bills of the approvable ones, for the reviewer to weigh this month against.
            var rated = share.Where(h => !h.Reason.IsNotRated).Select(h => h.AccountId.Value).ToList();
            var earlierUsage = rated.Count == 0 ? [] : await database.Bills.EarlierUsageAsync(rated, Cycle, cancellationToken);
            foreach (var bill in share)
            {
                var id = bill.AccountId.Value;
                // A bill that could not be billed has no charges: nothing to approve, and its stored zero is no usage to show.
                var canApprove = !bill.Reason.IsNotRated;
                var usage = bills.GetValueOrDefault(id)?.Usage;
                string Quantity(decimal value) => $"{value.ToString("#,0", CultureInfo.InvariantCulture)} {usage?.Unit.Symbol()}";
                var name = accounts.GetValueOrDefault(id)?.Name ?? "";
                if (!canApprove)
                {
                    // Never rated: no usage to weigh against earlier bills (and no query per account for them — a cycle run as routes'
                    // reads arrive holds hundreds of bills waiting for reads).
                    rows.Add(new HeldRow(id, name, HoldReason.Words(bill.Reason.Code), bill.Reason.Detail, "—", null, null, MoneyText.Format(bill.Total), false,
                        bill.Reason.Code == HoldReason.ReadsMissing));
                    continue;
                }
                // The account's earlier bills in the same unit, up to twelve.
                var earlier = (earlierUsage.GetValueOrDefault(id) ?? []).Where(q => usage is { } u && q.Unit == u.Unit).Take(12).Select(q => q.Value).ToList();
                rows.Add(new HeldRow(id, name, HoldReason.Words(bill.Reason.Code), bill.Reason.Detail,
                    usage is { } used ? Quantity(used.Value) : "—",
                    lastYear.GetValueOrDefault(id) is { } ly && usage is { } unit && ly.Usage.Unit == unit.Unit ? Quantity(ly.Usage.Value) : "no bill",
                    earlier.Count > 0 ? $"{Quantity(earlier.Average())} over {earlier.Count} {(earlier.Count == 1 ? "bill" : "bills")}" : "no earlier bills",
                    MoneyText.Format(bill.Total), true, false));
            }
        }
        Held = rows;
    }
}
