using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using UtilityInsights.Statements;

namespace UtilityInsights.Web;

/// <summary>
/// The portal's and the API's settings as an operator writes them: the <c>Portal</c> section of
/// <c>appsettings.json</c> (or <c>serve --config FILE</c>) and environment variables such as
/// <c>Portal__MaxFailures=3</c>, bound by the Options pattern and checked by <see cref="Validator"/>
/// before the portal starts. <c>serve</c>'s flags win over both.
/// </summary>
public sealed class PortalSettings
{
    public const string Section = "Portal";

    /// <summary>Host names the portal answers to; empty answers any (fine on loopback only).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>IP addresses of reverse proxies whose X-Forwarded-For and -Proto are believed (loopback always is).</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public int MaxFailures { get; set; } = PortalOptions.Default.MaxFailures;

    public TimeSpan LockoutTime { get; set; } = PortalOptions.Default.LockoutTime;

    public int SignInsPerClient { get; set; } = PortalOptions.Default.SignInsPerClient;

    public int SignInsPerUser { get; set; } = PortalOptions.Default.SignInsPerUser;

    public TimeSpan RateWindow { get; set; } = PortalOptions.Default.RateWindow;

    /// <summary>Requests one client address may make to the integration API in a minute.</summary>
    public int ApiRequestsPerMinute { get; set; } = PortalOptions.Default.ApiRequestsPerMinute;

    public TimeSpan IdleTimeout { get; set; } = PortalOptions.Default.IdleTimeout;

    public TimeSpan AbsoluteLifetime { get; set; } = PortalOptions.Default.AbsoluteLifetime;

    /// <summary>The utility's branding file (name, colours, contacts, ways to pay); default the <c>templates/branding.json</c> shipped.</summary>
    public string? BrandingFile { get; set; }

    /// <summary>The utility's payment page, where the portal's "Pay now" goes (instead of the branding file's <c>pay_url</c>).</summary>
    public string? PayUrl { get; set; }

    /// <summary>The largest body <c>POST /api/v1/reads</c> takes, in megabytes.</summary>
    public int MaxReadsBodyMegabytes { get; set; } = PortalOptions.Default.MaxReadsBodyBytes / (1024 * 1024);

    /// <summary>Where posted read files wait while they are ingested (default a folder in the system's temp directory).</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// A certificate with its private key (a PKCS#12 <c>.pfx</c> file) that encrypts the portal's cookie keys where they are stored
    /// (the database's <c>portal_keys</c>); none: stored unencrypted. Every portal process on the database needs the same one.
    /// </summary>
    public string? KeyCertificate { get; set; }

    /// <summary>The password of <see cref="KeyCertificate"/>'s file (best given as the environment variable <c>Portal__KeyCertificatePassword</c>).</summary>
    public string? KeyCertificatePassword { get; set; }

    /// <summary>The certificate of <see cref="KeyCertificate"/>, with its private key; null when none is set.</summary>
    public X509Certificate2? LoadKeyCertificate()
    {
        if (KeyCertificate is null)
            return null;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(KeyCertificate, KeyCertificatePassword);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException("the file holds no private key");
        }
        return certificate;
    }

    /// <summary>Whether <paramref name="host"/> is a host name the portal may answer to (a leading <c>*.</c> wildcard allowed).</summary>
    public static bool IsHostName(string host) => Uri.CheckHostName(host?.TrimStart('*', '.')) != UriHostNameType.Unknown;

    /// <summary>The settings of <paramref name="configuration"/>'s <c>Portal</c> section, checked: every problem at once, or <see cref="OptionsValidationException"/>.</summary>
    public static PortalSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new PortalSettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(Section, typeof(PortalSettings), [$"{Section}: {e.Message}"]);
        }
        var result = new Validator().Validate(Options.DefaultName, settings);
        return result.Failed ? throw new OptionsValidationException(Section, typeof(PortalSettings), result.Failures) : settings;
    }

    /// <summary>The portal's defences and limits as the host uses them.</summary>
    public PortalOptions ToOptions() => new()
    {
        AllowedHosts = AllowedHosts,
        TrustedProxies = TrustedProxies.Select(IPAddress.Parse).ToList(),
        MaxFailures = MaxFailures,
        LockoutTime = LockoutTime,
        SignInsPerClient = SignInsPerClient,
        SignInsPerUser = SignInsPerUser,
        RateWindow = RateWindow,
        ApiRequestsPerMinute = ApiRequestsPerMinute,
        IdleTimeout = IdleTimeout,
        AbsoluteLifetime = AbsoluteLifetime,
        MaxReadsBodyBytes = MaxReadsBodyMegabytes * 1024 * 1024,
        SpoolDirectory = SpoolDirectory ?? PortalOptions.Default.SpoolDirectory,
        KeyCertificate = LoadKeyCertificate(),
    };

    /// <summary>The branding the portal shows: the branding file, with the payment page of these settings when one is given.</summary>
    public BrandingConfig Branding()
    {
        var branding = BrandingFile is null ? BrandingConfig.Default() : BrandingConfig.Load(BrandingFile);
        return PayUrl is null ? branding : branding with { PayUrl = PayUrl };
    }

    /// <summary>Checks every setting and names each one that is wrong, as <c>Portal:Name</c> with the reason.</summary>
    public sealed class Validator : IValidateOptions<PortalSettings>
    {
        public ValidateOptionsResult Validate(string? name, PortalSettings options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var problems = new List<string>();
            void Check(bool ok, string setting, string reason)
            {
                if (!ok)
                    problems.Add($"{Section}:{setting} {reason}");
            }

            foreach (var host in options.AllowedHosts)
                Check(IsHostName(host), "AllowedHosts", $"'{host}' is not a host name");
            foreach (var proxy in options.TrustedProxies)
                Check(IPAddress.TryParse(proxy, out _), "TrustedProxies", $"'{proxy}' is not an IP address");
            Check(options.MaxFailures is >= 1 and <= 100, "MaxFailures", "must be 1 to 100");
            Check(options.SignInsPerClient is >= 1 and <= 10_000, "SignInsPerClient", "must be 1 to 10000");
            Check(options.SignInsPerUser is >= 1 and <= 10_000, "SignInsPerUser", "must be 1 to 10000");
            Check(options.ApiRequestsPerMinute is >= 1 and <= 1_000_000, "ApiRequestsPerMinute", "must be 1 to 1000000");
            Check(options.LockoutTime > TimeSpan.Zero && options.LockoutTime <= TimeSpan.FromDays(1), "LockoutTime", "must be more than 0 and at most a day (hh:mm:ss)");
            Check(options.RateWindow >= TimeSpan.FromSeconds(10) && options.RateWindow <= TimeSpan.FromDays(1), "RateWindow", "must be 10 seconds to a day (hh:mm:ss)");
            Check(options.IdleTimeout >= TimeSpan.FromMinutes(1) && options.IdleTimeout <= TimeSpan.FromHours(24), "IdleTimeout", "must be a minute to 24 hours (hh:mm:ss)");
            Check(options.AbsoluteLifetime >= options.IdleTimeout && options.AbsoluteLifetime <= TimeSpan.FromDays(30), "AbsoluteLifetime",
                "must be at least IdleTimeout and at most 30 days");
            Check(options.PayUrl is null || (Uri.TryCreate(options.PayUrl, UriKind.Absolute, out var pay) && pay.Scheme is "https" or "http"), "PayUrl",
                "must be an http or https address");
            Check(options.BrandingFile is null || File.Exists(options.BrandingFile), "BrandingFile", $"'{options.BrandingFile}' does not exist");
            Check(options.MaxReadsBodyMegabytes is >= 1 and <= 4096, "MaxReadsBodyMegabytes", "must be 1 to 4096");
            Check(options.SpoolDirectory is null || Path.IsPathFullyQualified(options.SpoolDirectory), "SpoolDirectory", "must be an absolute path");
            var certificateProblem = options.KeyCertificate is null ? null : CertificateProblem(options);
            Check(certificateProblem is null, "KeyCertificate", $"'{options.KeyCertificate}' cannot be used: {certificateProblem}");
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        /// <summary>Why the key certificate cannot be loaded (no such file, a wrong password, no private key), or null.</summary>
        private static string? CertificateProblem(PortalSettings options)
        {
            if (!File.Exists(options.KeyCertificate))
                return "no such file";
            try
            {
                options.LoadKeyCertificate()!.Dispose();
                return null;
            }
            catch (CryptographicException e)
            {
                return $"{e.Message.TrimEnd('.')} (a PKCS#12 file with its private key, and Portal:KeyCertificatePassword its password)";
            }
        }
    }
}
