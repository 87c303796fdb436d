using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web.Api;

/// <summary>
/// Systems authenticate to <c>/api/v1</c> with an API key in <c>X-Api-Key</c> (never cookies: a
/// signed-in customer's browser cannot call the API). No key, or an unknown or revoked one: 401; a
/// read key on a write endpoint: 403 — both as problem details.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UtilityDatabase database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";
    public const string ScopeClaim = "api_scope";
    public const string ReadPolicy = "api-read";
    public const string WritePolicy = "api-write";

    /// <summary>Set in a request's items when a key was accepted: the audit names it.</summary>
    public const string KeyIdItem = "api-key-id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
            return AuthenticateResult.NoResult();
        var key = await database.ApiKeys.VerifyAsync(values[0], Context.RequestAborted);
        if (key is null)
            return AuthenticateResult.Fail("unknown or revoked API key");
        Context.Items[KeyIdItem] = key.KeyId;
        var scopes = key.Scope == ApiScope.Write ? new[] { "read", "write" } : ["read"];
        var identity = new ClaimsIdentity([new Claim(KeyIdClaim, key.KeyId), new Claim(ClaimTypes.Name, key.Name), .. scopes.Select(s => new Claim(ScopeClaim, s))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "API key required",
            $"Send a valid API key in the {Header} header (made with `api keys add`).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Write scope required",
            "This API key may only read; posting payments and reads needs a key made with --scope write.");
}
