using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Operations.Reports;
using UtilityInsights.Storage;

namespace UtilityInsights.Web.Pages;

/// <summary>A cycle's run report (the same HTML as <c>billrun report</c>), for operators; a cycle without bills is 404.</summary>
public sealed class OperatorReportModel(UtilityDatabase database) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string cycle, CancellationToken cancellationToken)
    {
        if (!BillingCycle.TryParse(cycle, out _, out _) || !(await database.Bills.CyclesAsync(cancellationToken)).Contains(cycle))
            return NotFound();
        var data = await BillRunReport.BuildAsync(database, cycle, await database.Bills.CurrencyOfAsync(cycle, cancellationToken), cancellationToken);
        return Content(BillRunReport.RenderHtml(data), "text/html; charset=utf-8");
    }
}
