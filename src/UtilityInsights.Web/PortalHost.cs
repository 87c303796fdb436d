using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UtilityInsights.Domain;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web;

/// <summary>
/// The customer portal on Kestrel: server-rendered Razor Pages (no JavaScript), cookie sign-in
/// (HttpOnly, Secure, SameSite=Strict) with lockout, antiforgery on every form, a customer sees only
/// their own account (anything else is 404), operators get the bill-run pages, and every response
/// carries security headers (a CSP with no script at all, frame-ancestors none, nosniff).
/// </summary>
public static class PortalHost
{
    public const string CustomerPolicy = "customer";
    public const string OperatorPolicy = "operator";
    public const string AccountClaim = "account_id";
    public const string LanguageClaim = "lang";

    /// <summary>Builds the portal on an open, migrated database, listening on <paramref name="urls"/> (e.g. http://127.0.0.1:5080).</summary>
    public static WebApplication Build(UtilityDatabase database, string urls, TimeProvider clock, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PortalHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        else
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // Request logs would carry query strings and paths only (ids, never names); keep the framework quiet below warnings.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(StatementRenderer.Default());
        builder.Services.AddSingleton(TipCatalog.Default());
        builder.Services.AddSingleton(BrandingConfig.Default());
        builder.Services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        builder.Services.AddSingleton<StatementPages>();
        builder.Services.AddSingleton<PdfService>();
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Statements", CustomerOrOperator);
            options.Conventions.AuthorizePage("/Usage", CustomerPolicy);
            options.Conventions.AuthorizePage("/Preferences", CustomerPolicy);
            options.Conventions.AuthorizeFolder("/Operator", OperatorPolicy);
            options.Conventions.AllowAnonymousToPage("/Login");
        }).AddApplicationPart(typeof(PortalHost).Assembly);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.Cookie.Name = "ui_portal";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            // A signed-in customer on an operator page, or on another account: not found, never a hint.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CustomerPolicy, policy => policy.RequireRole(nameof(PortalRole.Customer)).RequireClaim(AccountClaim))
            .AddPolicy(OperatorPolicy, policy => policy.RequireRole(nameof(PortalRole.Operator)))
            .AddPolicy(CustomerOrOperator, policy => policy.RequireRole(nameof(PortalRole.Customer), nameof(PortalRole.Operator)));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "ui_af";
            options.Cookie.HttpOnly = true;
            // Secure whenever the request is HTTPS (in production, behind the TLS proxy: X-Forwarded-Proto);
            // ASP.NET refuses an always-Secure antiforgery cookie on a plain loopback URL.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedProto);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
            await next();
        });
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.ContentType is null)
            {
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(response.StatusCode == 404 ? "Not found." : $"Error {response.StatusCode}.");
            }
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapGet("/", (HttpContext context) => Results.Redirect(context.User.Identity?.IsAuthenticated == true
            ? context.User.IsInRole(nameof(PortalRole.Operator)) ? "/operator" : "/statements" : "/login"));
        app.MapGet("/greenbutton", GreenButtonEndpoint.HandleAsync).RequireAuthorization(CustomerPolicy);
        return app;
    }

    private const string CustomerOrOperator = "customer-or-operator";

    /// <summary>The signed-in customer's account, or null for an operator.</summary>
    public static AccountId? Account(ClaimsPrincipal user) => user?.FindFirst(AccountClaim)?.Value is { } id ? AccountId.Stored(id) : null;

    public static bool IsOperator(ClaimsPrincipal user) => user?.IsInRole(nameof(PortalRole.Operator)) == true;

    public static string Language(ClaimsPrincipal user) => user?.FindFirst(LanguageClaim)?.Value ?? "en";

    /// <summary>Whether the signed-in user may see this account's data: its own customer, or an operator.</summary>
    public static bool MaySee(ClaimsPrincipal user, string accountId) => IsOperator(user) || Account(user)?.Value == accountId;
}
