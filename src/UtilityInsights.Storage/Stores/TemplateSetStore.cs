using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// The template sets statement documents were rendered with, by template version: written once per
/// version (a version is the hash of its files, so its content never changes), read when an issued
/// bill is shown again.
/// </summary>
public sealed class TemplateSetStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Keeps a template set unless its version is kept already; returns whether it was added.</summary>
    public Task<bool> SaveAsync(string templateVersion, byte[] content, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO template_sets (template_version, content)
            SELECT @Version, @Content WHERE NOT EXISTS (SELECT 1 FROM template_sets{Dialect.UpdateLockHint} WHERE template_version = @Version)
            """, new { Version = templateVersion, Content = content }, transaction, cancellationToken: cancellationToken)) == 1, cancellationToken);

    /// <summary>The stored content of a template version, or null when it was never kept.</summary>
    public Task<byte[]?> GetAsync(string templateVersion, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT content FROM template_sets WHERE template_version = @Version", new { Version = templateVersion }, cancellationToken: cancellationToken)),
            cancellationToken);
}
