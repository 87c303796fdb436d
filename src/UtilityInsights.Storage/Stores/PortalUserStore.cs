using Dapper;
using UtilityInsights.Domain;

namespace UtilityInsights.Storage.Stores;

/// <summary>Who may sign in to the portal: a customer (for one account) or an operator.</summary>
public enum PortalRole
{
    Customer,
    Operator,
}

/// <summary>A portal user: the id they sign in with, their role, their account (customers), the password hash and the lockout state.</summary>
public sealed record PortalUser(string UserId, PortalRole Role, AccountId? AccountId, string PasswordHash, int FailedCount, DateTimeOffset? LockedUntil);

/// <summary>Portal users. The store keeps hashes only; hashing and checking is the web layer's (ASP.NET Core PasswordHasher).</summary>
public sealed class PortalUserStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Adds the user, or replaces their password when they exist; either way a new security stamp ends the user's sessions.</summary>
    public Task<UpsertCounts> SetAsync(PortalUser user, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(user);
            ArgumentNullException.ThrowIfNull(clock);
            var row = new
            {
                user.UserId,
                Role = user.Role.ToString(),
                AccountId = user.AccountId?.Value,
                user.PasswordHash,
                CreatedAt = Dialect.TimestampValue(clock.GetUtcNow()),
                Stamp = NewStamp(),
            };
            return Upsert.RunAsync(connection, transaction,
                $"UPDATE portal_users{Dialect.UpdateLockHint} SET role = @Role, account_id = @AccountId, password_hash = @PasswordHash, failed_count = 0, locked_until = NULL, security_stamp = @Stamp WHERE user_id = @UserId",
                "INSERT INTO portal_users (user_id, role, account_id, password_hash, failed_count, locked_until, created_at, security_stamp) VALUES (@UserId, @Role, @AccountId, @PasswordHash, 0, NULL, @CreatedAt, @Stamp)",
                row, cancellationToken);
        }, cancellationToken);

    public Task<PortalUser?> GetAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string UserId, string Role, string? AccountId, string PasswordHash, int FailedCount, object? LockedUntil)>(
                new CommandDefinition("SELECT user_id, role, account_id, password_hash, failed_count, locked_until FROM portal_users WHERE user_id = @UserId",
                    new { UserId = userId }, cancellationToken: cancellationToken));
            return row.UserId is null ? null : new PortalUser(row.UserId, Enum.Parse<PortalRole>(row.Role), row.AccountId is null ? null : Domain.AccountId.Stored(row.AccountId),
                row.PasswordHash, row.FailedCount, SqlDialect.ReadTimestampOrNull(row.LockedUntil));
        }, cancellationToken);

    /// <summary>The user's security stamp, carried in each of their sessions; null when the user is gone.</summary>
    public Task<string?> StampAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT COALESCE(security_stamp, '') FROM portal_users WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Gives the user a new security stamp (sign-out, a new password): every session carrying the old one ends. Returns the new stamp.</summary>
    public Task<string> NewStampAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var stamp = NewStamp();
            await connection.ExecuteAsync(new CommandDefinition("UPDATE portal_users SET security_stamp = @Stamp WHERE user_id = @UserId",
                new { UserId = userId, Stamp = stamp }, transaction, cancellationToken: cancellationToken));
            return stamp;
        }, cancellationToken);

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
