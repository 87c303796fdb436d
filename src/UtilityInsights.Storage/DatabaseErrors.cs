using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;

namespace UtilityInsights.Storage;

/// <summary>
/// Database errors that are the user's to fix — the server cannot be reached, the login or the
/// database is wrong, a permission is missing, the disk is full — told apart from our own bugs,
/// so that the CLI answers them with exit 1 and one line instead of an internal error.
/// </summary>
public static class DatabaseErrors
{
    // SQL Server error numbers: 2/53/-2/10054/10060 network or time-out, 4060 cannot open database,
    // 18456 login failed, 18452 untrusted domain login, 229/230/262/300 permission denied,
    // 1105 filegroup full, 9002 transaction log full, 40613 database unavailable (Azure SQL).
    private static readonly HashSet<int> UserFacing = [2, 53, -2, 10054, 10060, 4060, 18456, 18452, 229, 230, 262, 300, 1105, 9002, 40613];

    /// <summary>The one-line reason when <paramref name="error"/> (or an exception inside it) is a database error the user can fix, else null.</summary>
    public static string? UserReason(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqlException sql && sql.Errors.Cast<SqlError>().Any(x => UserFacing.Contains(x.Number)))
                return $"the SQL Server database refused the request (error {sql.Number}): {sql.Message}";
            if (e is Npgsql.PostgresException postgres && PostgresUserFacing.Any(c => postgres.SqlState.StartsWith(c, StringComparison.Ordinal)))
                return $"the PostgreSQL database refused the request ({postgres.SqlState}): {postgres.MessageText}";
            if (e is Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException } network)
                return $"the PostgreSQL server cannot be reached: {network.Message}";
        }
        return null;
    }

    // PostgreSQL SQLSTATEs the user can fix: 28 invalid authorization (a wrong password), 3D000 no such database,
    // 42501 insufficient privilege, 53 insufficient resources (disk full, too many connections), 08 connection exceptions.
    private static readonly string[] PostgresUserFacing = ["28", "3D000", "42501", "53", "08"];

    // PostgreSQL SQLSTATEs after which the whole transaction can run again: 40001 serialization failure, 40P01 deadlock,
    // 55P03 lock not available, and 23505 a unique violation — two processes inserting the same row at once; run again,
    // the loser finds the row and its guard (WHERE NOT EXISTS) skips it.
    private static readonly HashSet<string> PostgresTransient = ["40001", "40P01", "55P03", "23505"];

    // SQL Server errors after which the whole transaction can simply run again: 1205 deadlock victim,
    // -2 time-out, 1222 lock request time-out, and Azure SQL's transient 40197/40501/40613/49918-49920/4221/10928/10929.
    private static readonly HashSet<int> Transient = [1205, -2, 1222, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 10928, 10929];

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>Whether <paramref name="error"/> is a transient failure after which a rolled-back transaction may run again.</summary>
    public static bool IsTransient(Exception? error) => error switch
    {
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => Transient.Contains(e.Number)),
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        Npgsql.PostgresException postgres => PostgresTransient.Contains(postgres.SqlState),
        _ => false,
    };

    /// <summary>
    /// How a whole write transaction is retried: up to four more times on a transient failure, with
    /// exponential back-off and jitter from 0.2 s. Safe because every transaction the stores run is a
    /// whole batch that is idempotent (a rolled-back batch is as if it never ran).
    /// </summary>
    public static ResiliencePipeline TransactionRetry(TimeSpan? firstDelay = null) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay ?? TimeSpan.FromMilliseconds(200),
        }).Build();
}
