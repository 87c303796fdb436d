using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Domain;
using UtilityInsights.Storage;

namespace UtilityInsights.Web.Pages;

/// <summary>Paperless (channel) and language: saved on the account, so the next statement follows them.</summary>
public sealed class PreferencesModel(UtilityDatabase database, TimeProvider clock) : PageModel
{
    public string Language { get; private set; } = "en";

    public string Channel { get; private set; } = "paper";

    public string? Message { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await database.Accounts.GetAsync(PortalHost.Account(User)!.Value, cancellationToken);
        if (account is null)
            return NotFound();
        Show(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? channel, string? language, CancellationToken cancellationToken)
    {
        var account = await database.Accounts.GetAsync(PortalHost.Account(User)!.Value, cancellationToken);
        if (account is null)
            return NotFound();
        DeliveryChannel? wanted = channel switch { "paper" => DeliveryChannel.Paper, "email" => DeliveryChannel.Email, "both" => DeliveryChannel.Both, _ => null };
        Language? speaks = language switch { "en" => Domain.Language.English, "es" => Domain.Language.Spanish, _ => null };
        if (wanted is null || speaks is null)
            return BadRequest();
        var t = PortalText.For(speaks.Value.Code());
        if (wanted != DeliveryChannel.Paper && account.Email is null)
        {
            Show(account);
            Message = t["email_needed"];
            return Page();
        }
        var updated = new Account(account.Id, account.Name, account.ServiceAddress, account.MailingAddress, account.Email, account.Phone, speaks.Value, wanted.Value, account.Cycle);
        await database.Accounts.UpsertAsync([updated], clock, cancellationToken);
        // The session carries the language: sign in again with the new one.
        var identity = new ClaimsIdentity(User.Claims.Where(c => c.Type != PortalHost.LanguageClaim), CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(PortalHost.LanguageClaim, speaks.Value.Code()));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        Show(updated);
        (Message, Saved) = (t["saved"], true);
        return Page();
    }

    private void Show(Account account)
    {
        Language = account.Language.Code();
        Channel = account.Channel switch { DeliveryChannel.Email => "email", DeliveryChannel.Both => "both", _ => "paper" };
    }
}
