using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Statements;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// One statement: a portal page (navigation, balance, back to statements) that shows the statement
/// document exactly as it was sent — the same Scriban HTML, framed from <c>…/document</c>, sandboxed —
/// or its PDF (<c>…/pdf</c>). Another account's statement, a bill not yet issued (for a customer) or a
/// cycle without a bill is 404.
/// </summary>
public sealed class StatementViewModel(StatementPages statements) : PageModel
{
    public string AccountId { get; private set; } = "";

    public string Cycle { get; private set; } = "";

    public string Month { get; private set; } = "";

    public string Language { get; private set; } = "en";

    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    public async Task<IActionResult> OnGetAsync(string accountId, string cycle, string? format, CancellationToken cancellationToken)
    {
        if (Identifier.Problem(accountId) is not null || !PortalHost.MaySee(User, accountId) || !BillingCycle.TryParse(cycle, out var billingCycle, out _))
            return NotFound();
        var bill = await statements.VisibleBillAsync(new AccountId(accountId), cycle, PortalHost.IsOperator(User), cancellationToken);
        if (bill is null)
            return NotFound();
        (AccountId, Cycle, Language) = (accountId, cycle, PortalHost.Language(User));
        Culture = Languages.Culture(Language);
        Month = DateWords.Month(billingCycle.Period.Start, Language, Culture);
        if (format is null)
            return Page();
        var html = await statements.HtmlAsync(bill, cancellationToken);
        if (format == "document")
        {
            HttpContext.Items[PortalHost.FramedBySelf] = true;
            return Content(html, "text/html; charset=utf-8");
        }
        return File(await statements.PdfAsync(bill, cancellationToken), "application/pdf", $"statement-{accountId}-{cycle}.pdf");
    }
}
