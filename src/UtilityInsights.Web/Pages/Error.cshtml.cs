using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// The page shown for an error that has no body of its own (re-executed by the status code pages):
/// a 404 says the page was not found, in the portal's layout and the visitor's language, and keeps
/// its status. Asked for directly, it is itself not found.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Code = original is null ? 404 : code;
        Response.StatusCode = Code;
        return Page();
    }
}
