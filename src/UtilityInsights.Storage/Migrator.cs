using System.Data.Common;
using System.Reflection;
using Dapper;

namespace UtilityInsights.Storage;

/// <summary>One schema change: a numbered SQL script embedded in this assembly per provider.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>The outcome of <c>db migrate</c>: the version before and after, and what was applied.</summary>
public sealed record MigrationResult(int FromVersion, int ToVersion, IReadOnlyList<string> Applied);

/// <summary>
/// Applies the provider's migrations in order, each in its own transaction together with its
/// row in <c>schema_version</c>, so a crash leaves the schema at a whole version. Running it
/// again changes nothing.
/// </summary>
public static class Migrator
{
    public static IReadOnlyList<Migration> Migrations(DatabaseProvider provider)
    {
        var folder = Folder(provider);
        var assembly = typeof(Migrator).Assembly;
        return Resources(provider)
            .Select(name => Load(assembly, name, folder))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>The newest schema version this build brings for the provider, from its migrations' names (their SQL unread).</summary>
    public static int NewestVersion(DatabaseProvider provider)
    {
        var folder = Folder(provider);
        return Resources(provider).Select(name => VersionOf(FileOf(name, folder))).DefaultIfEmpty(0).Max();
    }

    private static string Folder(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => ".Sqlite.Migrations.",
        DatabaseProvider.PostgreSql => ".PostgreSql.Migrations.",
        _ => ".SqlServer.Migrations.",
    };

    private static IEnumerable<string> Resources(DatabaseProvider provider)
    {
        var folder = Folder(provider);
        return typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(name => name.Contains(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal));
    }

    /// <summary>
    /// Brings the schema to the newest version. Several processes starting on one new database take
    /// turns: on SQL Server an exclusive application lock (<c>sp_getapplock</c>) is held for the whole
    /// migration, on PostgreSQL a session advisory lock (<c>pg_advisory_lock</c>); on SQLite each step runs in a <c>BEGIN IMMEDIATE</c> transaction (the write lock)
    /// that reads the version again before applying the next migration, so none is applied twice.
    /// </summary>
    public static async Task<MigrationResult> MigrateAsync(UtilityDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var sqlServer = database.Provider == DatabaseProvider.SqlServer;
        if (sqlServer)
            await AcquireSqlServerLockAsync(connection, cancellationToken);
        await using var postgresLock = database.Provider == DatabaseProvider.PostgreSql
            ? await PostgreSql.PostgresSessionLock.TakeAsync(connection, PostgresLockKey, cancellationToken)
            : null;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(database.Provider switch
            {
                DatabaseProvider.SqlServer =>
                    "IF OBJECT_ID(N'schema_version', N'U') IS NULL CREATE TABLE schema_version (version int NOT NULL PRIMARY KEY, name nvarchar(200) NOT NULL, applied_at datetimeoffset NOT NULL)",
                DatabaseProvider.PostgreSql =>
                    "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name varchar(200) NOT NULL, applied_at timestamptz NOT NULL)",
                _ => "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            }, cancellationToken: cancellationToken));
            var from = await CurrentVersionAsync(connection, null, cancellationToken);
            // Every command starts here: a schema already at this build's newest version needs no write lock nor any migration's SQL.
            if (from >= NewestVersion(database.Provider))
                return new MigrationResult(from, from, []);
            var applied = new List<string>();
            var migrations = Migrations(database.Provider);
            while (true)
            {
                // Microsoft.Data.Sqlite begins a non-deferred transaction with BEGIN IMMEDIATE: the write lock, taken before the version is read.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
                var migration = migrations.FirstOrDefault(m => m.Version > current);
                if (migration is null)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return new MigrationResult(from, current, applied);
                }
                foreach (var batch in Batches(migration.Sql))
                    await connection.ExecuteAsync(new CommandDefinition(batch, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = database.Dialect.TimestampValue(clock.GetUtcNow()) },
                    transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied.Add($"{migration.Version:0000}_{migration.Name}");
            }
        }
        finally
        {
            if (sqlServer)
                await connection.ExecuteAsync(new CommandDefinition(
                    "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session'", new { Resource = LockResource }, cancellationToken: CancellationToken.None));
        }
    }

    private const string LockResource = "UtilityInsights.schema-migration";

    /// <summary>The advisory lock key of schema migration on PostgreSQL (a fixed 64-bit number: "UI-MIGR").</summary>
    private const long PostgresLockKey = 0x55492D4D49475200;

    /// <summary>Waits up to two minutes for the exclusive migration lock of the database (another process migrating it).</summary>
    private static async Task AcquireSqlServerLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var result = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000;
            SELECT @result;
            """, new { Resource = LockResource }, cancellationToken: cancellationToken));
        if (result < 0)
            throw new UserErrorException($"the database is being migrated by another process and its lock was not released within two minutes (sp_getapplock returned {result}).");
    }

    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT MAX(version) FROM schema_version", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;

    /// <summary>Splits a T-SQL script at lines that say only <c>GO</c>; a SQLite script is one batch.</summary>
    internal static IEnumerable<string> Batches(string sql)
    {
        var batch = new System.Text.StringBuilder();
        foreach (var line in sql.Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                if (batch.ToString().Trim().Length > 0)
                    yield return batch.ToString();
                batch.Clear();
                continue;
            }
            batch.Append(line).Append('\n');
        }
        if (batch.ToString().Trim().Length > 0)
            yield return batch.ToString();
    }

    private static Migration Load(Assembly assembly, string resource, string folder)
    {
        var file = FileOf(resource, folder);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(VersionOf(file), file[(file.IndexOf('_', StringComparison.Ordinal) + 1)..], reader.ReadToEnd());
    }

    /// <summary>A migration resource's file name without the folder and <c>.sql</c>: <c>0001_initial</c>.</summary>
    private static string FileOf(string resource, string folder) =>
        resource[(resource.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^".sql".Length];

    private static int VersionOf(string file) =>
        int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
}
