using System.Data.Common;
using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// The portal's key ring: ASP.NET Core Data Protection's keys (what signs and encrypts the session and antiforgery cookies), one
/// row a key, its XML as Data Protection wrote it. In the database every portal process on it — several behind a load balancer,
/// or one restarted — reads the same keys, so a customer stays signed in whichever answers. Keys are added, never changed or
/// removed (Data Protection marks one expired or revoked by adding another element). Stored as Data Protection wrote them:
/// each key's secret in the clear unless the portal was given a certificate to encrypt it to (the portal's KeyCertificate setting).
/// </summary>
public sealed class PortalKeyStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Every stored element's XML, in the order they were added.</summary>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            ListSql, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    private const string ListSql = "SELECT xml FROM portal_keys ORDER BY created_at, name";

    /// <summary>Adds an element under its name (Data Protection's <c>key-GUID</c>); one already stored under that name is kept as it was.</summary>
    public Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InsertAsync(connection, transaction, name, xml, now, cancellationToken), cancellationToken);

    /// <summary>
    /// Reads the ring and adds what <paramref name="missing"/> makes of it, in one transaction under the ring's exclusive lock: of
    /// processes doing this together, the first adds (say, the first key of a new ring) and the others then find it. Without the lock
    /// each would find the ring empty and add a key of its own, and a process that had not read the others' would refuse their
    /// cookies. <paramref name="missing"/> may run more than once (a transaction run again after a transient failure): only what the
    /// committed run returned is stored. Gives the number of elements added.
    /// </summary>
    public Task<int> AddMissingAsync(Func<IReadOnlyList<string>, IReadOnlyList<(string Name, string Xml)>> missing, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(missing);
        return WriteAsync(async (connection, transaction) =>
        {
            if (Dialect.ExclusiveLockSql is { } lockSql)
                await connection.ExecuteAsync(new CommandDefinition(lockSql, new { LockResource }, transaction, cancellationToken: cancellationToken));
            var stored = (await connection.QueryAsync<string>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).ToList();
            var added = 0;
            foreach (var (name, xml) in missing(stored))
                added += await InsertAsync(connection, transaction, name, xml, now, cancellationToken);
            return added;
        }, cancellationToken);
    }

    /// <summary>The name of the ring's exclusive lock (SQL Server's application lock, PostgreSQL's advisory lock by its hash).</summary>
    private const string LockResource = "UtilityInsights.portal-keys";

    private Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, string name, string xml, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(xml);
        if (name.Length > 200)
            throw new ArgumentException($"a key's name is at most 200 characters, not {name.Length}", nameof(name));
        return connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO portal_keys (name, xml, created_at) SELECT @Name, @Xml, @Now WHERE NOT EXISTS (SELECT 1 FROM portal_keys WHERE name = @Name)",
            new { Name = name, Xml = xml, Now = Dialect.TimestampValue(now) }, transaction, cancellationToken: cancellationToken));
    }
}
