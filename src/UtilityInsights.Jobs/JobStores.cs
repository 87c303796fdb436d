using System.Collections.Concurrent;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using UtilityInsights.Storage;
using UtilityInsights.Storage.PostgreSql;

namespace UtilityInsights.Jobs;

/// <summary>
/// Hangfire's job store in the same database server as the bills: PostgreSQL (Hangfire.PostgreSql, schema
/// <c>hangfire</c>) or SQL Server (Hangfire.SqlServer). A SQLite file is one machine's: a distributed run on it is a
/// user error that says so. A job a killed worker was running becomes visible again after
/// <see cref="InvisibilityTimeout"/> and another worker runs it; the database's once-per-bill guards make the repeat harmless.
/// </summary>
public static class JobStores
{
    /// <summary>How long a fetched job stays invisible to other workers: the time after which a dead worker's job is run again.</summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The database's job store, made once per process and database (Hangfire's storage is thread-safe and meant to live as long as
    /// the process): making it checks the schema under a lock, which <c>billrun --wait</c>'s look every 2 s and the dashboard's pages
    /// need not repeat. A store that could not be made (the server unreachable) is made again at the next call, not remembered.
    /// </summary>
    public static JobStorage For(UtilityDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!Supports(database))
        {
            throw new UserErrorException(
                $"{database.Target.Display} is a SQLite file: a distributed bill run needs a database server its workers share (PostgreSQL: --db \"Host=…;Database=…;Username=…\", " +
                "or SQL Server). On one machine, billrun --workers N uses every core.");
        }
        return Made.GetOrAdd((database.Provider, database.ConnectionString),
            key => new Lazy<JobStorage>(() => Make(key.Provider, key.ConnectionString), LazyThreadSafetyMode.PublicationOnly)).Value;
    }

    private static readonly ConcurrentDictionary<(DatabaseProvider Provider, string ConnectionString), Lazy<JobStorage>> Made = new();

    private static JobStorage Make(DatabaseProvider provider, string connectionString) => provider == DatabaseProvider.PostgreSql
        ? PostgresStorage(connectionString)
        : new SqlServerStorage(connectionString, new SqlServerStorageOptions
        {
            SlidingInvisibilityTimeout = InvisibilityTimeout,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            PrepareSchemaIfNecessary = true,
        });

    /// <summary>Whether the database can hold a job store (a server database), without saying why not.</summary>
    public static bool Supports(UtilityDatabase database) => database?.Provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer;

    /// <summary>
    /// Hangfire.PostgreSql installs or upgrades its schema as the storage is made, in a serialisable transaction: workers started
    /// together raced, all but one failed ("ERR Error while executing install/upgrade" in their logs) and tried again a second
    /// later. One at a time instead, under a session advisory lock, as <c>Migrator</c> does for this engine's own schema; the
    /// others then find it installed. (Hangfire.SqlServer takes an application lock of its own.)
    /// </summary>
    private static PostgreSqlStorage PostgresStorage(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var schemaLock = PostgresSessionLock.Take(connection, PostgresSchemaLockKey);
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, PostgresOptions), PostgresOptions);
    }

    /// <summary>The advisory lock key of Hangfire's schema install on PostgreSQL (a fixed 64-bit number: "UI-HANGF").</summary>
    private const long PostgresSchemaLockKey = 0x55492D48414E4746;

    private static readonly PostgreSqlStorageOptions PostgresOptions = new()
    {
        InvisibilityTimeout = InvisibilityTimeout,
        // Hangfire.PostgreSql's locks are rows that outlive a killed holder until they expire (10 min by default): a worker
        // killed while changing a job's state would keep that job from running again for ten minutes. Hangfire holds them
        // for moments; one minute is ample. (SQL Server's application locks end with the dead worker's session.)
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
        QueuePollInterval = TimeSpan.FromSeconds(1),
        PrepareSchemaIfNecessary = true,
        SchemaName = "hangfire",
    };
}
