using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>What an API key lets a system do: read (bills, balances, status, tariffs), or read and write (payments, reads).</summary>
public enum ApiScope
{
    Read,
    Write,
}

/// <summary>An API key as stored: its public id, the name of the system it was given to, its scope and when it was made or revoked.</summary>
public sealed record ApiKey(string KeyId, string Name, ApiScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One audited API call: which key, when, the method and path asked, and the status answered.</summary>
public sealed record ApiCall(string KeyId, DateTimeOffset At, string Method, string Path, int Status);

/// <summary>
/// API keys for systems calling <c>/api/v1</c>, and the audit of their calls. A key reads
/// <c>uik_KEYID_SECRET</c>: the key id (12 hex digits) finds the row, the secret (256 random bits)
/// is stored only as its SHA-256 — a slow password hash adds nothing to a secret that long — and is
/// compared in constant time. The whole key is shown once, when made.
/// </summary>
public sealed class ApiKeyStore(UtilityDatabase database) : Store(database)
{
    public const string Prefix = "uik_";
    public const int MaxNameLength = 100;
    private const int KeyIdLength = 12;

    /// <summary>Makes a key for <paramref name="name"/> and returns it with the whole key, which is never stored.</summary>
    public Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiScope scope, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(clock);
            var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
            var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
            var key = new ApiKey(keyId, name, scope, clock.GetUtcNow(), null);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO api_keys (key_id, name, scope, secret_hash, created_at, revoked_at) VALUES (@KeyId, @Name, @Scope, @Hash, @CreatedAt, NULL)",
                new { KeyId = keyId, Name = name, Scope = ScopeText(scope), Hash = Hash(secret), CreatedAt = Dialect.TimestampValue(key.CreatedAt) }, transaction,
                cancellationToken: cancellationToken));
            return (key, $"{Prefix}{keyId}_{secret}");
        }, cancellationToken);

    /// <summary>The key a caller presented, when it is well formed, known, not revoked and its secret matches; otherwise null.</summary>
    public async Task<ApiKey?> VerifyAsync(string? presented, CancellationToken cancellationToken)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 100)
            return null;
        var parts = presented[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2 || parts[0].Length != KeyIdLength || !parts[0].All(char.IsAsciiHexDigitLower))
            return null;
        var row = await ReadAsync(connection => connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT key_id, name, scope, secret_hash, created_at, revoked_at FROM api_keys WHERE key_id = @KeyId", new { KeyId = parts[0] },
            cancellationToken: cancellationToken)), cancellationToken);
        if (row is null || row.RevokedAt is not null and not DBNull)
            return null;
        var expected = Encoding.ASCII.GetBytes(row.SecretHash);
        var actual = Encoding.ASCII.GetBytes(Hash(parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? row.ToKey() : null;
    }

    /// <summary>Revokes a key by its id; false when there is no such key or it was revoked before.</summary>
    public Task<bool> RevokeAsync(string keyId, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(clock);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET revoked_at = @At WHERE key_id = @KeyId AND revoked_at IS NULL",
                new { KeyId = keyId, At = Dialect.TimestampValue(clock.GetUtcNow()) }, transaction, cancellationToken: cancellationToken));
            return changed > 0;
        }, cancellationToken);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<ApiKey>)(await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT key_id, name, scope, secret_hash, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id",
            cancellationToken: cancellationToken))).Select(r => r.ToKey()).ToList(), cancellationToken);

    /// <summary>Records one call (the path without its query string, at most 400 characters).</summary>
    public Task AuditAsync(ApiCall call, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(call);
            var path = call.Path.Length > 400 ? call.Path[..400] : call.Path;
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO api_audit (audit_id, key_id, at, method, path, status) VALUES (@Id, @KeyId, @At, @Method, @Path, @Status)",
                new { Id = Guid.NewGuid().ToString("N"), call.KeyId, At = Dialect.TimestampValue(call.At), call.Method, Path = path, call.Status }, transaction,
                cancellationToken: cancellationToken));
        }, cancellationToken);

    /// <summary>A key's audited calls, oldest first (at most <paramref name="limit"/>, the newest ones).</summary>
    public Task<IReadOnlyList<ApiCall>> CallsAsync(string keyId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            // Newest first, read only as far as the limit (the index on key and time serves the order).
            var calls = new List<ApiCall>();
            var rows = connection.QueryUnbufferedAsync<(string KeyId, object At, string Method, string Path, object Status)>(
                "SELECT key_id, at, method, path, status FROM api_audit WHERE key_id = @KeyId ORDER BY at DESC, audit_id", new { KeyId = keyId });
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                calls.Add(new ApiCall(r.KeyId, SqlDialect.ReadTimestamp(r.At), r.Method, r.Path, Convert.ToInt32(r.Status, System.Globalization.CultureInfo.InvariantCulture)));
                if (calls.Count >= limit)
                    break;
            }
            calls.Reverse();
            return (IReadOnlyList<ApiCall>)calls;
        }, cancellationToken);

    private static string ScopeText(ApiScope scope) => scope == ApiScope.Write ? "write" : "read";

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class KeyRow
    {
        public string KeyId { get; set; } = "";

        public string Name { get; set; } = "";

        public string Scope { get; set; } = "";

        public string SecretHash { get; set; } = "";

        public object CreatedAt { get; set; } = "";

        public object? RevokedAt { get; set; }

        public ApiKey ToKey() => new(KeyId, Name, Scope == "write" ? ApiScope.Write : ApiScope.Read, SqlDialect.ReadTimestamp(CreatedAt),
            SqlDialect.ReadTimestampOrNull(RevokedAt));
    }
}
