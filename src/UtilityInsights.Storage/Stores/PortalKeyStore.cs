using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// The portal's key ring: ASP.NET Core Data Protection's keys (what signs and encrypts the session and antiforgery cookies), one
/// row a key, its XML as Data Protection wrote it. In the database every portal process on it — several behind a load balancer,
/// or one restarted — reads the same keys, so a customer stays signed in whichever answers. Keys are added, never changed or
/// removed (Data Protection marks one expired or revoked by adding another element). Stored as written, not encrypted: whoever
/// can read this database can read every bill in it already.
/// </summary>
public sealed class PortalKeyStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Every stored element's XML, in the order they were added.</summary>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM portal_keys ORDER BY created_at, name", cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>Adds an element under its name (Data Protection's <c>key-GUID</c>); one already stored under that name is kept as it was.</summary>
    public Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(xml);
            if (name.Length > 200)
                throw new ArgumentException($"a key's name is at most 200 characters, not {name.Length}", nameof(name));
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO portal_keys (name, xml, created_at) SELECT @Name, @Xml, @Now WHERE NOT EXISTS (SELECT 1 FROM portal_keys WHERE name = @Name)",
                new { Name = name, Xml = xml, Now = Dialect.TimestampValue(now) }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
}
