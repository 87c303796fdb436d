using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace UtilityInsights.Web.Pages;

/// <summary>The signed-in customer's account activity: bills, payments and charges, newest first, with the balance after each.</summary>
public sealed class PaymentsModel(BalancePanels panels) : PageModel
{
    public IReadOnlyList<ActivityRow> Rows { get; private set; } = [];

    public string Language { get; private set; } = "en";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (PortalHost.Account(User) is not { } account)
            return Redirect("/operator");
        Language = PortalHost.Language(User);
        Rows = await panels.ActivityAsync(account, Language, cancellationToken);
        return Page();
    }
}
