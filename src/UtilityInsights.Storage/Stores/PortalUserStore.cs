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
    /// <summary>Adds the user, or replaces their password (and clears any lockout) when they exist.</summary>
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
            };
            return Upsert.RunAsync(connection, transaction,
                $"UPDATE portal_users{Dialect.UpdateLockHint} SET role = @Role, account_id = @AccountId, password_hash = @PasswordHash, failed_count = 0, locked_until = NULL WHERE user_id = @UserId",
                "INSERT INTO portal_users (user_id, role, account_id, password_hash, failed_count, locked_until, created_at) VALUES (@UserId, @Role, @AccountId, @PasswordHash, 0, NULL, @CreatedAt)",
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

    /// <summary>
    /// Counts a failed sign-in; at <paramref name="maxFailures"/> in a row the user is locked out
    /// until <paramref name="lockedUntil"/> and the count starts again. Returns the lockout end, if any.
    /// </summary>
    public Task<DateTimeOffset?> RecordFailureAsync(string userId, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE portal_users
                SET failed_count = CASE WHEN failed_count + 1 >= @Max THEN 0 ELSE failed_count + 1 END,
                    locked_until = CASE WHEN failed_count + 1 >= @Max THEN @LockedUntil ELSE locked_until END
                WHERE user_id = @UserId
                """, new { UserId = userId, Max = maxFailures, LockedUntil = Dialect.TimestampValue(lockedUntil) }, transaction, cancellationToken: cancellationToken));
            var locked = await connection.ExecuteScalarAsync<object?>(new CommandDefinition(
                "SELECT locked_until FROM portal_users WHERE user_id = @UserId", new { UserId = userId }, transaction, cancellationToken: cancellationToken));
            return SqlDialect.ReadTimestampOrNull(locked);
        }, cancellationToken);

    /// <summary>A successful sign-in: the failure count starts again.</summary>
    public Task<int> ResetFailuresAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE portal_users SET failed_count = 0, locked_until = NULL WHERE user_id = @UserId", new { UserId = userId }, transaction,
            cancellationToken: cancellationToken)), cancellationToken);
}
