using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using UtilityInsights.Storage;

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

    public static JobStorage For(UtilityDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Provider switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, PostgresOptions), PostgresOptions),
            DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
            {
                SlidingInvisibilityTimeout = InvisibilityTimeout,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                PrepareSchemaIfNecessary = true,
            }),
            _ => throw new UserErrorException(
                $"{database.Target.Display} is a SQLite file: a distributed bill run needs a database server its workers share (PostgreSQL: --db \"Host=…;Database=…;Username=…\", " +
                "or SQL Server). On one machine, billrun --workers N uses every core."),
        };
    }

    /// <summary>Whether the database can hold a job store (a server database), without saying why not.</summary>
    public static bool Supports(UtilityDatabase database) => database?.Provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer;

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
