using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web.Pages;

/// <summary>The operators' page: a cycle's bills by status, the held ones with their reasons, and approval (one or all).</summary>
public sealed partial class OperatorModel(UtilityDatabase database) : PageModel
{
    public string Cycle { get; private set; } = "";

    public IReadOnlyList<string> Cycles { get; private set; } = [];

    public IReadOnlyList<(string Status, int Count, string Total)> Counts { get; private set; } = [];

    public IReadOnlyList<HeldBill> Held { get; private set; } = [];

    public string? Message { get; private set; }

    public Task OnGetAsync(string? cycle, CancellationToken cancellationToken) => LoadAsync(cycle, cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(string? cycle, string? account, CancellationToken cancellationToken)
    {
        if (cycle is null || !CyclePattern().IsMatch(cycle) || Identifier.Problem(account) is not null)
            return BadRequest();
        var approved = await database.Bills.ApproveHeldAsync(cycle, new AccountId(account!), cancellationToken);
        await LoadAsync(cycle, cancellationToken);
        Message = $"{approved} bill(s) approved.";
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAllAsync(string? cycle, CancellationToken cancellationToken)
    {
        if (cycle is null || !CyclePattern().IsMatch(cycle))
            return BadRequest();
        var approved = await database.Bills.ApproveHeldAsync(cycle, null, cancellationToken);
        await LoadAsync(cycle, cancellationToken);
        Message = $"{approved} bill(s) approved.";
        return Page();
    }

    private async Task LoadAsync(string? cycle, CancellationToken cancellationToken)
    {
        Cycles = await database.Bills.CyclesAsync(cancellationToken);
        Cycle = cycle is not null && Cycles.Contains(cycle) ? cycle : (Cycles.Count > 0 ? Cycles[0] : "");
        if (Cycle.Length == 0)
            return;
        var summary = await database.Bills.SummaryAsync(Cycle, await database.Bills.CurrencyOfAsync(Cycle, cancellationToken), cancellationToken);
        Counts = summary.Counts.OrderBy(c => c.Key).Select(c => (c.Key.ToString(), c.Value, summary.Totals[c.Key].Amount.ToString("N2", CultureInfo.InvariantCulture))).ToList();
        Held = await database.Bills.HeldAsync(Cycle, cancellationToken);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex CyclePattern();
}
