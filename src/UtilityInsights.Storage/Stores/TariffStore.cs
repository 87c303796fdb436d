using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>A tariff as catalogued: its id, name, utility, commodity and where it came from (native or urdb).</summary>
public sealed record TariffHeader(string TariffId, string Name, string Utility, string Commodity, string Source);

/// <summary>One effective-dated version of a tariff; <see cref="Document"/> is the tariff JSON as imported.</summary>
public sealed record TariffVersion(string TariffId, int Version, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string Document, DateTimeOffset ImportedAt);

/// <summary>Tariffs and their versions. A re-import of a different document adds a version; the same document changes nothing.</summary>
public sealed class TariffStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Saves a version of the tariff; returns its version number and whether it was new.</summary>
    public Task<(int Version, bool Added)> SaveVersionAsync(TariffHeader header, DateOnly effectiveFrom, DateOnly? effectiveTo, string document,
        TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var now = Dialect.TimestampValue(clock.GetUtcNow());
            var headerRow = new { header.TariffId, header.Name, header.Utility, header.Commodity, header.Source, UpdatedAt = now };
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE tariffs{Dialect.UpdateLockHint} SET name = @Name, utility = @Utility, commodity = @Commodity, source = @Source, updated_at = @UpdatedAt WHERE tariff_id = @TariffId",
                headerRow, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO tariffs (tariff_id, name, utility, commodity, source, updated_at) VALUES (@TariffId, @Name, @Utility, @Commodity, @Source, @UpdatedAt)",
                    headerRow, transaction, cancellationToken: cancellationToken));
            }

            var existing = await connection.QueryAsync<(int Version, object EffectiveFrom, string Document)>(new CommandDefinition(
                "SELECT version, effective_from, document FROM tariff_versions WHERE tariff_id = @TariffId",
                new { header.TariffId }, transaction, cancellationToken: cancellationToken));
            foreach (var (version, from, stored) in existing)
            {
                if (SqlDialect.ReadDate(from) == effectiveFrom && stored == document)
                    return (version, false);
            }
            var next = existing.Select(e => e.Version).DefaultIfEmpty(0).Max() + 1;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO tariff_versions (tariff_id, version, effective_from, effective_to, document, imported_at)
                VALUES (@TariffId, @Version, @EffectiveFrom, @EffectiveTo, @Document, @ImportedAt)
                """,
                new { header.TariffId, Version = next, EffectiveFrom = Dialect.DateValue(effectiveFrom), EffectiveTo = Dialect.DateValue(effectiveTo), Document = document, ImportedAt = now },
                transaction, cancellationToken: cancellationToken));
            return (next, true);
        }, cancellationToken);

    public Task<IReadOnlyList<TariffHeader>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<TariffHeader>)(await connection.QueryAsync<TariffHeader>(new CommandDefinition(
            "SELECT tariff_id, name, utility, commodity, source FROM tariffs ORDER BY tariff_id", cancellationToken: cancellationToken))).ToList(),
            cancellationToken);

    /// <summary>Every version of a tariff, oldest first.</summary>
    public Task<IReadOnlyList<TariffVersion>> VersionsAsync(string tariffId, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string TariffId, int Version, object EffectiveFrom, object? EffectiveTo, string Document, object ImportedAt)>(
                new CommandDefinition(
                    "SELECT tariff_id, version, effective_from, effective_to, document, imported_at FROM tariff_versions WHERE tariff_id = @TariffId ORDER BY version",
                    new { TariffId = tariffId }, cancellationToken: cancellationToken));
            return (IReadOnlyList<TariffVersion>)rows.Select(r => new TariffVersion(r.TariffId, r.Version, SqlDialect.ReadDate(r.EffectiveFrom),
                SqlDialect.ReadDateOrNull(r.EffectiveTo), r.Document, SqlDialect.ReadTimestamp(r.ImportedAt))).ToList();
        }, cancellationToken);
}
