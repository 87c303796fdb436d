using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Money;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.Web.Pages;

/// <summary>The signed-in customer's issued statements, newest first.</summary>
public sealed class StatementsIndexModel(UtilityDatabase database) : PageModel
{
    public sealed record Row(string Cycle, string Month, string Total, string Due);

    public IReadOnlyList<Row> Bills { get; private set; } = [];

    public string AccountId { get; private set; } = "";

    public string Language { get; private set; } = "en";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (PortalHost.Account(User) is not { } account)
            return Redirect("/operator");
        Language = PortalHost.Language(User);
        AccountId = account.Value;
        var culture = Domain.Languages.Culture(Language);
        // Months and dates in the customer's language ("January 2026", "Feb 22, 2026" / "enero de 2026", "22 feb 2026").
        Bills = (await database.Bills.ForAccountAsync(account, cancellationToken)).Where(b => b.Status == BillStatus.Issued)
            .Select(b => new Row(b.Cycle, DateWords.Month(BillingCycle.Parse(b.Cycle).Period.Start, Language, culture),
                MoneyText.Format(b.Total.Amount, culture), b.DueDate is { } due ? DateWords.Day(due, Language, culture) : "")).ToList();
        return Page();
    }
}
