using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Web;

/// <summary>How a sign-in attempt ended. The page shows the same words for a wrong password and an unknown id.</summary>
public enum SignInOutcome
{
    SignedIn,
    Failed,
    Paused,
}

/// <summary>
/// Decides a sign-in: a per-user rate limit across all client addresses (ASP.NET Core's rate
/// limiter), then the per-(user, client) lockout decided and recorded in one statement before the
/// password is checked (<see cref="SignInAttemptStore"/>), then the password — against a dummy hash
/// when the id is unknown, so that an unknown id takes as long and reads the same as a wrong password.
/// </summary>
public sealed class SignInGuard : IDisposable
{
    private static readonly PortalUser Nobody = new("(nobody)", PortalRole.Customer, null, "", 0, null);
    private readonly UtilityDatabase database;
    private readonly IPasswordHasher<PortalUser> hasher;
    private readonly TimeProvider clock;
    private readonly PortalOptions options;
    private readonly string dummyHash;
    private readonly PartitionedRateLimiter<string> perUser;
    private long attempts;

    public SignInGuard(UtilityDatabase database, IPasswordHasher<PortalUser> hasher, TimeProvider clock, PortalOptions options)
    {
        (this.database, this.hasher, this.clock, this.options) = (database, hasher, clock, options);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        dummyHash = hasher.HashPassword(Nobody, PortalAccounts.NewPassword(20));
        perUser = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetSlidingWindowLimiter(user, _ => options.SignInWindow(options.SignInsPerUser)));
    }

    public async Task<(SignInOutcome Result, PortalUser? User)> TryAsync(string userId, string password, string client, CancellationToken cancellationToken)
    {
        var outcome = await CheckAsync(userId, password, client, cancellationToken);
        // Counted by outcome only (failed, paused): never the user id or the address.
        if (outcome.Result != SignInOutcome.SignedIn)
            Operations.Telemetry.SignInFailures.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Result.ToString().ToLowerInvariant()));
        return outcome;
    }

    private async Task<(SignInOutcome Result, PortalUser? User)> CheckAsync(string userId, string password, string client, CancellationToken cancellationToken)
    {
        var key = userId.Length <= Identifier.MaxLength ? userId : userId[..Identifier.MaxLength];
        using var lease = perUser.AttemptAcquire(key);
        if (!lease.IsAcquired)
            return (SignInOutcome.Paused, null);
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref attempts) % 1000 == 0)
            await database.SignInAttempts.PruneAsync(now - TimeSpan.FromDays(1), now, cancellationToken);
        var attempt = await database.SignInAttempts.ReserveAsync(key, client, options.MaxFailures, now, options.LockoutTime, cancellationToken);
        if (!attempt.Allowed)
            return (SignInOutcome.Paused, null);
        var user = Identifier.IsValid(userId) ? await database.PortalUsers.GetAsync(userId, cancellationToken) : null;
        bool verified;
        if (user is null)
        {
            // An unknown id is checked against a dummy hash: the same work, the same answer.
            _ = hasher.VerifyHashedPassword(Nobody, dummyHash, password);
            verified = false;
        }
        else
        {
            verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        }
        if (!verified)
            return (attempt.Number >= options.MaxFailures ? SignInOutcome.Paused : SignInOutcome.Failed, null);
        return await database.SignInAttempts.SucceededAsync(key, client, attempt, clock.GetUtcNow(), cancellationToken)
            ? (SignInOutcome.SignedIn, user)
            : (SignInOutcome.Paused, null);
    }

    public void Dispose() => perUser.Dispose();
}

/// <summary>
/// The check every request's session passes: its security stamp is still its user's (sign-out and a
/// new password change the stamp, ending every session of that user at once) and it is younger than
/// the absolute lifetime, whatever the sliding expiry says.
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        var database = services.GetRequiredService<UtilityDatabase>();
        var clock = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<PortalOptions>();
        var principal = context.Principal;
        var user = principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var stamp = principal?.FindFirst(PortalHost.StampClaim)?.Value;
        var valid = user is not null && stamp is { Length: > 0 }
            && long.TryParse(principal!.FindFirst(PortalHost.SignedInClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedIn) <= options.AbsoluteLifetime
            && await database.PortalUsers.StampAsync(user, context.HttpContext.RequestAborted) == stamp;
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
