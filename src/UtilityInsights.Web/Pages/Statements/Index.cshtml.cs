using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Storage;

namespace UtilityInsights.Web.Pages;

/// <summary>The signed-in customer's issued statements, newest first.</summary>
public sealed class StatementsIndexModel(UtilityDatabase database) : PageModel
{
    public sealed record Row(string Cycle, string Total, string Due);

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
        Bills = (await database.Bills.ForAccountAsync(account, cancellationToken)).Where(b => b.Status == BillStatus.Issued)
            .Select(b => new Row(b.Cycle, b.Total.Amount.ToString("C2", culture), b.DueDate?.ToString("d", culture) ?? "")).ToList();
        return Page();
    }
}
