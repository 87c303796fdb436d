using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// Sign-in. A wrong account number or password gets the same message (never which one was wrong);
/// five failures in a row lock the user out for fifteen minutes. A customer's session carries their
/// account and language; an operator's, their role.
/// </summary>
public sealed class LoginModel(UtilityDatabase database, IPasswordHasher<PortalUser> hasher, TimeProvider clock) : PageModel
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

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
        var user = id.Length is 0 or > 64 ? null : await database.PortalUsers.GetAsync(id, cancellationToken);
        if (user is not null && user.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            Error = t["locked"];
            return Page();
        }
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, Password ?? "") == PasswordVerificationResult.Failed)
        {
            if (user is not null && await database.PortalUsers.RecordFailureAsync(user.UserId, MaxFailures, clock.GetUtcNow() + LockoutTime, cancellationToken) is { } locked
                && locked > clock.GetUtcNow())
                Error = t["locked"];
            else
                Error = t["sign_in_failed"];
            return Page();
        }
        await database.PortalUsers.ResetFailuresAsync(user.UserId, cancellationToken);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId), new(ClaimTypes.Role, user.Role.ToString()) };
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
