using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Domain;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// One statement: the same Scriban HTML as the printed one, or its PDF (<c>…/pdf</c>). Another
/// account's statement, a bill not yet issued (for a customer) or a cycle without a bill is 404.
/// </summary>
public sealed class StatementViewModel(StatementPages statements, PdfService pdf) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string accountId, string cycle, string? format, CancellationToken cancellationToken)
    {
        if (Identifier.Problem(accountId) is not null || !PortalHost.MaySee(User, accountId))
            return NotFound();
        var bill = await statements.VisibleBillAsync(new AccountId(accountId), cycle, PortalHost.IsOperator(User), cancellationToken);
        if (bill is null)
            return NotFound();
        var html = await statements.HtmlAsync(bill, cancellationToken);
        if (format != "pdf")
            return Content(html, "text/html; charset=utf-8");
        return File(await pdf.PrintAsync(html, cancellationToken), "application/pdf", $"statement-{accountId}-{cycle}.pdf");
    }
}
