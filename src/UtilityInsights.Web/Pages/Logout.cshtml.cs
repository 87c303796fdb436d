using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Storage;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// Sign-out (a form post with its antiforgery token; a GET only goes back to sign-in). The user gets a
/// new security stamp, so this session and every other one of theirs (another browser, a copied
/// cookie) ends on its next request.
/// </summary>
public sealed class LogoutModel(UtilityDatabase database) : PageModel
{
    public IActionResult OnGet() => Redirect("/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } user)
            await database.PortalUsers.NewStampAsync(user, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}
