using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using UtilityInsights.Domain;
using UtilityInsights.Operations;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Web.Api;

namespace UtilityInsights.Web;

/// <summary>
/// The customer portal on Kestrel: server-rendered Razor Pages (no JavaScript), cookie sign-in
/// (HttpOnly, Secure, SameSite=Strict) with lockout, antiforgery on every form, a customer sees only
/// their own account (anything else is 404), operators get the bill-run pages, and every response
/// carries security headers (a CSP with no script at all — but for Hangfire's own on the operators' jobs dashboard —,
/// frame-ancestors none, nosniff).
/// </summary>
public static class PortalHost
{
    public const string CustomerPolicy = "customer";
    public const string OperatorPolicy = "operator";
    public const string AccountClaim = "account_id";
    public const string LanguageClaim = "lang";
    public const string StampClaim = "stamp";
    public const string SignedInClaim = "auth_time";
    public const string SignInPolicy = "sign-in";

    /// <summary>
    /// Builds the portal on an open, migrated database, listening on <paramref name="urls"/> (e.g. http://127.0.0.1:5080).
    /// Its settings are <paramref name="options"/> when given (tests), else the <c>Portal</c> section of
    /// <paramref name="configuration"/> (appsettings, environment, flags), checked: a wrong setting throws
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming every one.
    /// </summary>
    public static WebApplication Build(UtilityDatabase database, string urls, TimeProvider clock, ILoggerProvider? logs = null, PortalOptions? options = null,
        IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PortalHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        if (configuration is not null)
            builder.Configuration.AddConfiguration(configuration);
        var settings = options is null ? PortalSettings.From(builder.Configuration) : null;
        var portal = options ?? settings!.ToOptions();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        else
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // Request logs would carry query strings and paths only (ids, never names); keep the framework quiet below warnings.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The host's "Hosting failed to start" comes before the exception it is about reaches whoever started it, who says what
        // went wrong (serve: "cannot listen there …", logged with its details): an operator saw an error line, then the error.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(StatementRenderer.Default());
        builder.Services.AddSingleton(TipCatalog.Default());
        builder.Services.AddSingleton(settings?.Branding() ?? BrandingConfig.Default());
        builder.Services.AddSingleton(portal);
        builder.Services.AddSingleton<IPasswordHasher<PortalUser>, PasswordHasher<PortalUser>>();
        builder.Services.AddSingleton<SignInGuard>();
        builder.Services.AddSingleton<StatementPages>();
        builder.Services.AddSingleton<BalancePanels>();
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Statements", CustomerOrOperator);
            options.Conventions.AuthorizePage("/Usage", CustomerPolicy);
            options.Conventions.AuthorizePage("/Preferences", CustomerPolicy);
            options.Conventions.AuthorizePage("/Payments", CustomerPolicy);
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AuthorizeFolder("/Operator", OperatorPolicy);
            options.Conventions.AllowAnonymousToPage("/Login");
        }).AddApplicationPart(typeof(PortalHost).Assembly);
        JobsDashboard.AddServices(builder.Services, database);
        PortalKeyRing.AddServices(builder.Services, database, clock, portal.KeyCertificate);
        AddIntegration(builder);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.Cookie.Name = "ui_portal";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = portal.IdleTimeout;
            options.SlidingExpiration = true;
            // Every request: the session's stamp must still be the user's (sign-out and a new password change it)
            // and the session younger than the absolute lifetime.
            options.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            // Never build the sign-in address from the Host header: a relative redirect.
            options.Events.OnRedirectToLogin = context =>
            {
                var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect("/login?ReturnUrl=" + Uri.EscapeDataString(back));
                return Task.CompletedTask;
            };
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
            .AddPolicy(CustomerOrOperator, policy => policy.RequireRole(nameof(PortalRole.Customer), nameof(PortalRole.Operator)))
            .AddPolicy(ApiKeyAuthentication.ReadPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "read"))
            .AddPolicy(ApiKeyAuthentication.WritePolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "write"));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "ui_af";
            options.Cookie.HttpOnly = true;
            // Secure whenever the request is HTTPS (in production, behind the TLS proxy: X-Forwarded-Proto);
            // ASP.NET refuses an always-Secure antiforgery cookie on a plain loopback URL.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // The client address and scheme come from X-Forwarded-* only when sent by a configured proxy (loopback is one by default).
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in portal.TrustedProxies)
                options.KnownProxies.Add(proxy);
        });
        builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(options =>
        {
            options.AllowedHosts = portal.AllowedHosts.Count > 0 ? [.. portal.AllowedHosts] : ["*"];
            options.AllowEmptyHosts = false;
        });
        builder.Services.AddRateLimiter(options =>
        {
            // Sign-in posts per client address (the per-user limit across addresses is SignInGuard's), and the
            // integration API's requests per client address; the portal's pages are not limited.
            options.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase)
                    ? System.Threading.RateLimiting.RateLimitPartition.GetSlidingWindowLimiter("sign-in " + ClientKey(context), _ => portal.SignInWindow(portal.SignInsPerClient))
                    : ApiCalls.IsApi(context.Request.Path)
                        ? System.Threading.RateLimiting.RateLimitPartition.GetSlidingWindowLimiter("api " + ClientKey(context), _ => portal.ApiWindow())
                        : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter(string.Empty));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, token) =>
            {
                var http = context.HttpContext;
                if (ApiCalls.IsApi(http.Request.Path))
                {
                    http.Response.Headers.RetryAfter = ((int)PortalOptions.ApiRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                        string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"This address may make {portal.ApiRequestsPerMinute:N0} API requests a minute; wait the seconds in Retry-After and send the request again."));
                    return;
                }
                http.Response.ContentType = "text/plain; charset=utf-8";
                http.Response.Headers.RetryAfter = ((int)portal.RateWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.Response.WriteAsync("Too many sign-in attempts from your network. Please wait a few minutes and try again, or call us.", token);
            };
        });

        var app = builder.Build();
        PortalKeyRing.MakeFirstKey(app.Services);
        // Security headers on every response, errors included: set just before the response starts.
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            // Decided on the path as asked: the dashboard's own pipeline moves its prefix into PathBase.
            var reference = context.Request.Path.StartsWithSegments(ApiReference, StringComparison.OrdinalIgnoreCase);
            var dashboard = context.Request.Path.StartsWithSegments(JobsDashboard.Path, StringComparison.OrdinalIgnoreCase) || reference;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // Only a statement document may be framed, and only by the portal's own statement page.
                var framed = context.Items.ContainsKey(FramedBySelf);
                // The portal runs no script; Hangfire's jobs dashboard (operators only) and the API reference page run their own, served from the portal.
                // The reference page's one inline script (its configuration) is allowed by its hash, not by 'unsafe-inline'.
                var inline = context.Items.TryGetValue(InlineScriptHashes, out var hashes) ? $" {hashes}" : "";
                var scripts = dashboard ? $" script-src 'self'{inline}; connect-src 'self'; font-src 'self';" : "";
                headers.ContentSecurityPolicy =
                    $"default-src 'none';{scripts} style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors {(framed ? "'self'" : "'none'")}; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = framed ? "SAMEORIGIN" : "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
                return Task.CompletedTask;
            });
            if (reference && context.Request.Path.Value?.EndsWith('/') == true)
                await WithInlineScriptHashesAsync(context, next);
            else
                await next(context);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Sorry, something went wrong on our side. Please try again later, or call us.");
            },
        });
        app.UseForwardedHeaders();
        app.UseHostFiltering();
        // An error without a body of its own (a 404 above all) is answered by the portal's error page, in its layout.
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(ApiCalls.HandleAsync);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapGet("/", (HttpContext context) => Results.Redirect(context.User.Identity?.IsAuthenticated == true
            ? context.User.IsInRole(nameof(PortalRole.Operator)) ? "/operator" : "/statements" : "/login"));
        app.MapGet("/greenbutton", GreenButtonEndpoint.HandleAsync).RequireAuthorization(CustomerPolicy);
        JobsDashboard.Map(app, database, OperatorPolicy);
        ApiEndpoints.Map(app);
        app.MapOpenApi().AllowAnonymous();
        // Scalar's page, served from the portal with nothing fetched elsewhere: no web fonts, no telemetry, no AI agent or developer toolbar.
        app.MapScalarApiReference(ApiReference, reference => reference.WithTitle("UtilityInsights integration API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp().HideDeveloperTools()
                .AddPreferredSecuritySchemes(ApiKeyAuthentication.SchemeName)
                .AddApiKeyAuthentication(ApiKeyAuthentication.SchemeName, scheme => scheme.Value = ""))
            .AllowAnonymous();
        app.MapHealthChecks(HealthChecks.Path, new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthChecks.WriteAsync })
            .AllowAnonymous();
        return app;
    }

    private const string CustomerOrOperator = "customer-or-operator";

    private const string InlineScriptHashes = "inline-script-hashes";

    /// <summary>
    /// Runs the rest of the pipeline into a buffer, and lists the SHA-256 of each inline script of the
    /// page it wrote (Scalar's reference page configures itself in one) for the CSP to allow exactly those.
    /// </summary>
    private static async Task WithInlineScriptHashesAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        var html = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var hashes = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
        context.Items[InlineScriptHashes] = string.Join(' ', hashes);
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>The browsable reference of the integration API (Scalar, from <c>/openapi/v1.json</c>).</summary>
    public const string ApiReference = "/api/reference";

    /// <summary>
    /// The integration API's services: API-key authentication, JSON in snake_case, the OpenAPI document of
    /// <c>/api/v1</c> only, health checks, and OpenTelemetry metrics and traces exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other <c>OTEL_*</c> variables as the SDK reads them).
    /// </summary>
    private static void AddIntegration(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer<ApiDocument>();
        });
        builder.Services.AddHealthChecks()
            .AddCheck<HealthChecks.Database>("database")
            .AddCheck<HealthChecks.Printing>("printing", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        // The SDK only when there is somewhere to send to: without it no request pays for spans nobody reads
        // (the meters still count, for any listener such as dotnet-counters).
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "utility-insights-portal"))
                .WithMetrics(metrics => metrics.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation())
                .WithTracing(tracing => tracing.AddSource(Telemetry.Name).AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }
    }

    /// <summary>Set in a request's items by a response that the portal's own pages may show in a frame (a statement document).</summary>
    public const string FramedBySelf = "framed-by-self";

    /// <summary>The client's address (after the forwarded headers of trusted proxies), as a throttling key.</summary>
    public static string ClientKey(HttpContext context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The signed-in customer's account, or null for an operator.</summary>
    public static AccountId? Account(ClaimsPrincipal user) => user?.FindFirst(AccountClaim)?.Value is { } id ? AccountId.Stored(id) : null;

    public static bool IsOperator(ClaimsPrincipal user) => user?.IsInRole(nameof(PortalRole.Operator)) == true;

    public static string Language(ClaimsPrincipal user) => user?.FindFirst(LanguageClaim)?.Value ?? "en";

    /// <summary>Whether the signed-in user may see this account's data: its own customer, or an operator.</summary>
    public static bool MaySee(ClaimsPrincipal user, string accountId) => IsOperator(user) || Account(user)?.Value == accountId;
}
