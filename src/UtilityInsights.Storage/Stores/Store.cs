using System.Data.Common;
using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>Shared plumbing of the per-aggregate stores: a connection per call, a transaction per write.</summary>
public abstract class Store
{
    protected Store(UtilityDatabase database) => Database = database;

    protected UtilityDatabase Database { get; }

    protected SqlDialect Dialect => Database.Dialect;

    /// <summary>
    /// The most ids one <c>IN @Ids</c> lookup takes: each id is a parameter, and SQL Server allows 2,100
    /// parameters a command. Callers loading more split them (a bill run loads 100 accounts at a time).
    /// </summary>
    public const int MaxIds = 1_000;

    /// <summary>What a many-ids lookup returns: the rows grouped by the id they belong to, each group in the order read.</summary>
    protected static Dictionary<string, List<T>> ByKey<T>(IEnumerable<T> rows, Func<T, string> key) =>
        rows.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    /// <summary>The ids of a many-ids lookup (<see cref="SqlDialect.AnyOf"/>), checked for number, as the dialect sends them (<see cref="SqlDialect.IdList"/>).</summary>
    protected object CheckIds(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count <= MaxIds ? Dialect.IdList(ids as string[] ?? ids.ToArray()) : throw new ArgumentException($"at most {MaxIds} ids a lookup, not {ids.Count}", nameof(ids));
    }

    protected Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) => Database.ReadAsync(read, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction: all of it is committed, or none; on a transient
    /// failure (a deadlock) the whole transaction runs again (<see cref="UtilityDatabase.InTransactionAsync{T}"/>).
    /// </summary>
    protected Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        Database.InTransactionAsync(write, cancellationToken);
}

/// <summary>The portable upsert of every store: UPDATE (locked on SQL Server), then INSERT when nothing was updated.</summary>
internal static class Upsert
{
    public static async Task<UpsertCounts> RunAsync(DbConnection connection, DbTransaction transaction, string updateSql, string insertSql, object row,
        CancellationToken cancellationToken)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(updateSql, row, transaction, cancellationToken: cancellationToken));
        if (updated > 0)
            return new UpsertCounts(0, 1);
        await connection.ExecuteAsync(new CommandDefinition(insertSql, row, transaction, cancellationToken: cancellationToken));
        return new UpsertCounts(1, 0);
    }
}

/// <summary>How many rows an import added and how many it changed.</summary>
public readonly record struct UpsertCounts(int Inserted, int Updated)
{
    public static UpsertCounts operator +(UpsertCounts left, UpsertCounts right) =>
        new(left.Inserted + right.Inserted, left.Updated + right.Updated);

    public UpsertCounts Add(UpsertCounts other) => this + other;
}
