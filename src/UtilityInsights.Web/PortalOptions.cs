using System.Net;

namespace UtilityInsights.Web;

/// <summary>
/// How the portal defends itself, with the defaults a utility would start from. Every limit is per
/// portal process; a farm of portals behind a load balancer shares the database-kept lockout, not
/// the in-memory rate limits.
/// </summary>
public sealed record PortalOptions
{
    public static PortalOptions Default { get; } = new();

    /// <summary>Host names the portal answers to (<c>serve --allowed-hosts</c>); empty answers any (fine on loopback only).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed (<c>serve --trusted-proxy</c>); loopback always is.</summary>
    public IReadOnlyList<IPAddress> TrustedProxies { get; init; } = [];

    /// <summary>The certificate that encrypts the portal's cookie keys where they are stored (<see cref="PortalSettings.KeyCertificate"/>); null: unencrypted.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? KeyCertificate { get; init; }

    /// <summary>Wrong passwords in a row, per user and client address, before sign-in pauses.</summary>
    public int MaxFailures { get; init; } = 5;

    /// <summary>How long sign-in pauses after <see cref="MaxFailures"/>.</summary>
    public TimeSpan LockoutTime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts one client address may make in <see cref="RateWindow"/> (whatever the user ids).</summary>
    public int SignInsPerClient { get; init; } = 60;

    /// <summary>Sign-in attempts for one user id in <see cref="RateWindow"/>, from all addresses together.</summary>
    public int SignInsPerUser { get; init; } = 20;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Requests one client address may make to <c>/api</c> in a minute (a sliding window), whatever key it
    /// sends — an integration's steady traffic fits, a runaway loop or someone guessing keys is refused with 429.
    /// </summary>
    public int ApiRequestsPerMinute { get; init; } = 6_000;

    /// <summary>The sliding window of <see cref="ApiRequestsPerMinute"/> API requests a minute (six 10-second segments).</summary>
    public System.Threading.RateLimiting.SlidingWindowRateLimiterOptions ApiWindow() => Sliding(ApiRequestsPerMinute, ApiWindowLength, ApiSegments);

    /// <summary>How long a refused API client waits (its <c>Retry-After</c>): one segment of <see cref="ApiWindow"/>, after which the oldest requests leave it.</summary>
    public static TimeSpan ApiRetryAfter => ApiWindowLength / ApiSegments;

    private static readonly TimeSpan ApiWindowLength = TimeSpan.FromMinutes(1);

    private const int ApiSegments = 6;

    /// <summary>A sliding window of <paramref name="permits"/> sign-ins per <see cref="RateWindow"/>.</summary>
    public System.Threading.RateLimiting.SlidingWindowRateLimiterOptions SignInWindow(int permits) => Sliding(permits, RateWindow, 5);

    /// <summary>Every limit of the portal: a sliding window that refuses past its permits, never queueing.</summary>
    private static System.Threading.RateLimiting.SlidingWindowRateLimiterOptions Sliding(int permits, TimeSpan window, int segments) => new()
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = segments,
        QueueLimit = 0,
    };

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however active (absolute).</summary>
    public TimeSpan AbsoluteLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The largest body <c>POST /api/v1/reads</c> takes (other API bodies: Kestrel's 30 MB).</summary>
    public int MaxReadsBodyBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>Where posted read files wait while they are ingested; each is removed when its answer is sent.</summary>
    public string SpoolDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "utility-insights-api");
}
