using System.Data.Common;

namespace UtilityInsights.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL session advisory lock (<c>pg_advisory_lock</c>): held by the connection's session, across its transactions,
/// until released — and past the connection's closing when it is pooled, so it is always released by hand, which disposing
/// does. What spans several transactions and must run in one process at a time takes one: migrating this engine's schema
/// (<see cref="Migrator"/>) and installing Hangfire's (<c>JobStores</c>). A lock for one transaction is
/// <see cref="SqlDialect.ExclusiveLockSql"/>.
/// </summary>
public sealed class PostgresSessionLock : IDisposable, IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly long key;

    private PostgresSessionLock(DbConnection connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>Waits for the lock <paramref name="key"/> on the open <paramref name="connection"/>.</summary>
    public static async Task<PostgresSessionLock> TakeAsync(DbConnection connection, long key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Command(connection, "pg_advisory_lock", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresSessionLock(connection, key);
    }

    /// <summary>Waits for the lock <paramref name="key"/> on the open <paramref name="connection"/>, for callers that cannot await (Hangfire's storage is made synchronously).</summary>
    public static PostgresSessionLock Take(DbConnection connection, long key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = Command(connection, "pg_advisory_lock", key);
        command.ExecuteNonQuery();
        return new PostgresSessionLock(connection, key);
    }

    public void Dispose()
    {
        using var command = Command(connection, "pg_advisory_unlock", key);
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await using var command = Command(connection, "pg_advisory_unlock", key);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static DbCommand Command(DbConnection connection, string function, long key)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT {function}(@key)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return command;
    }
}
