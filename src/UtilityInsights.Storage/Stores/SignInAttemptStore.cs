using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>What <see cref="SignInAttemptStore.ReserveAsync"/> decided: whether the password may be checked, and which attempt this is.</summary>
public readonly record struct SignInAttempt(bool Allowed, int Number);

/// <summary>
/// Failed sign-ins per (user, client address). An attempt is counted as failed <em>before</em> its
/// password is checked, in one statement that also decides and records the lockout, so that however
/// many attempts arrive at once at most <c>maxFailures</c> passwords are checked per lockout
/// period; a success then clears the count. Keyed by the client too, so that someone who knows a
/// customer's account id cannot lock that customer out from elsewhere (a per-account rate limit in
/// the portal bounds guessing from many addresses). Unknown user ids are counted the same way, so
/// "too many attempts" says nothing about whether an id exists.
/// </summary>
public sealed class SignInAttemptStore(UtilityDatabase database) : Store(database)
{
    public Task<SignInAttempt> ReserveAsync(string userKey, string clientKey, int maxFailures, DateTimeOffset now, TimeSpan lockout,
        CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var row = new
            {
                User = Key(userKey),
                Client = Key(clientKey),
                Max = maxFailures,
                Now = Dialect.TimestampValue(now),
                Until = Dialect.TimestampValue(now + lockout),
            };
            // The SET expressions see the row as it was before the statement (every provider); the columns are named with
            // their table, as PostgreSQL requires in ON CONFLICT … DO UPDATE (where "excluded" holds them too).
            const string Count =
                "CASE WHEN sign_in_attempts.locked_until IS NOT NULL AND sign_in_attempts.locked_until <= @Now THEN 1 ELSE sign_in_attempts.failed_count + 1 END";
            // SQLite and PostgreSQL share ON CONFLICT … DO UPDATE … RETURNING; SQL Server has no such statement.
            var number = Dialect.Provider != DatabaseProvider.SqlServer
                ? await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
                    $"""
                    INSERT INTO sign_in_attempts (user_key, client_key, failed_count, locked_until, updated_at)
                    VALUES (@User, @Client, 1, CASE WHEN 1 >= @Max THEN @Until END, @Now)
                    ON CONFLICT (user_key, client_key) DO UPDATE SET
                        failed_count = {Count},
                        locked_until = CASE WHEN {Count} >= @Max THEN @Until END,
                        updated_at = @Now
                    WHERE sign_in_attempts.locked_until IS NULL OR sign_in_attempts.locked_until <= @Now
                    RETURNING failed_count
                    """, row, transaction, cancellationToken: cancellationToken))
                : await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
                    $"""
                    DECLARE @counted TABLE (n int);
                    UPDATE sign_in_attempts WITH (UPDLOCK, HOLDLOCK)
                    SET failed_count = {Count}, locked_until = CASE WHEN {Count} >= @Max THEN @Until END, updated_at = @Now
                    OUTPUT INSERTED.failed_count INTO @counted
                    WHERE user_key = @User AND client_key = @Client AND (locked_until IS NULL OR locked_until <= @Now);
                    IF @@ROWCOUNT = 0 AND NOT EXISTS (SELECT 1 FROM sign_in_attempts WITH (UPDLOCK, HOLDLOCK) WHERE user_key = @User AND client_key = @Client)
                        INSERT INTO sign_in_attempts (user_key, client_key, failed_count, locked_until, updated_at)
                        OUTPUT INSERTED.failed_count INTO @counted
                        VALUES (@User, @Client, 1, CASE WHEN 1 >= @Max THEN @Until END, @Now);
                    SELECT n FROM @counted;
                    """, row, transaction, cancellationToken: cancellationToken));
            return number is { } n ? new SignInAttempt(true, n) : new SignInAttempt(false, 0);
        }, cancellationToken);

    /// <summary>
    /// A checked password was right: the count starts again, unless other attempts locked the user
    /// meanwhile (then the success does not clear their lock, and sign-in is refused). Returns
    /// whether the sign-in may go ahead.
    /// </summary>
    public Task<bool> SucceededAsync(string userKey, string clientKey, SignInAttempt attempt, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sign_in_attempts SET failed_count = 0, locked_until = NULL, updated_at = @Now
            WHERE user_key = @User AND client_key = @Client
              AND (locked_until IS NULL OR locked_until <= @Now OR failed_count = @Number)
            """, new { User = Key(userKey), Client = Key(clientKey), Now = Dialect.TimestampValue(now), attempt.Number },
            transaction, cancellationToken: cancellationToken)) > 0, cancellationToken);

    /// <summary>Forgets attempts older than <paramref name="before"/> that lock nothing (keeps the table small).</summary>
    public Task<int> PruneAsync(DateTimeOffset before, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sign_in_attempts WHERE updated_at < @Before AND (locked_until IS NULL OR locked_until <= @Now)",
            new { Before = Dialect.TimestampValue(before), Now = Dialect.TimestampValue(now) }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private static string Key(string text) => text.Length <= 64 ? text : text[..64];
}
