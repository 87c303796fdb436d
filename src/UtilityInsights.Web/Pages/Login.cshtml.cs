using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// Sign-in. A wrong account number, an unknown one and a wrong password get the same message in
/// about the same time; repeated failures pause sign-in for that user from that address
/// (<see cref="SignInGuard"/>). A customer's session carries their account and language, an
/// operator's their role, and both the user's security stamp and the time of sign-in.
/// </summary>
public sealed class LoginModel(UtilityDatabase database, SignInGuard guard, TimeProvider clock) : PageModel
{
    [BindProperty(Name = "account_id")]
    public string? AccountId { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public string Language { get; private set; } = "en";

    public void OnGet(string? lang) => Language = lang == "es" ? "es" : "en";

    public async Task<IActionResult> OnPostAsync(string? lang, CancellationToken cancellationToken)
    {
        Language = lang == "es" ? "es" : "en";
        var t = PortalText.For(Language);
        var id = (AccountId ?? "").Trim();
        var password = Password ?? "";
        if (id.Length == 0 || password.Length > 200)
        {
            Error = t["sign_in_failed"];
            return Page();
        }
        var (result, user) = await guard.TryAsync(id, password, PortalHost.ClientKey(HttpContext), cancellationToken);
        if (result != SignInOutcome.SignedIn || user is null)
        {
            Error = result == SignInOutcome.Paused ? t["locked"] : t["sign_in_failed"];
            return Page();
        }
        var stamp = await database.PortalUsers.StampAsync(user.UserId, cancellationToken) is { Length: > 0 } current
            ? current
            : await database.PortalUsers.NewStampAsync(user.UserId, cancellationToken);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.UserId),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(PortalHost.StampClaim, stamp),
            new(PortalHost.SignedInClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        var language = "en";
        if (user.AccountId is { } account)
        {
            claims.Add(new Claim(PortalHost.AccountClaim, account.Value));
            language = Domain.Languages.Code((await database.Accounts.GetAsync(account, cancellationToken))?.Language ?? Domain.Language.English);
        }
        claims.Add(new Claim(PortalHost.LanguageClaim, language));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return Redirect(user.Role == PortalRole.Operator ? "/operator" : "/statements");
    }
}
