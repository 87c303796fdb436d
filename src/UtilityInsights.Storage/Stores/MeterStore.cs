using System.Data.Common;
using Dapper;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Stores;

/// <summary>Meters: what they measure and how their numbers become usage.</summary>
public sealed class MeterStore(UtilityDatabase database) : Store(database)
{
    private const string Columns = "meter_id, commodity, kind, unit, multiplier, register_digits, interval_minutes, time_zone";

    public Task<UpsertCounts> UpsertAsync(IReadOnlyCollection<Meter> meters, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => UpsertAsync(connection, transaction, meters, clock, cancellationToken), cancellationToken);

    internal async Task<UpsertCounts> UpsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Meter> meters, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var counts = new UpsertCounts();
        var now = Dialect.TimestampValue(clock.GetUtcNow());
        foreach (var meter in meters)
        {
            var row = new
            {
                MeterId = meter.Id.Value,
                Commodity = meter.Commodity.ToString().ToLowerInvariant(),
                Kind = meter.Kind.ToString().ToLowerInvariant(),
                Unit = meter.Unit.Symbol(),
                Multiplier = Dialect.ScaledValue(meter.Multiplier),
                meter.RegisterDigits,
                meter.IntervalMinutes,
                meter.TimeZone,
                UpdatedAt = now,
            };
            counts += await Upsert.RunAsync(connection, transaction,
                $"""
                    UPDATE meters{Dialect.UpdateLockHint}
                    SET commodity = @Commodity, kind = @Kind, unit = @Unit, multiplier = @Multiplier, register_digits = @RegisterDigits,
                        interval_minutes = @IntervalMinutes, time_zone = @TimeZone, updated_at = @UpdatedAt
                    WHERE meter_id = @MeterId
                    """,
                $"""
                    INSERT INTO meters ({Columns}, updated_at)
                    VALUES (@MeterId, @Commodity, @Kind, @Unit, @Multiplier, @RegisterDigits, @IntervalMinutes, @TimeZone, @UpdatedAt)
                    """,
                row, cancellationToken);
        }
        return counts;
    }

    public async Task<Meter?> GetAsync(MeterId id, CancellationToken cancellationToken) =>
        (await GetManyAsync([id.Value], cancellationToken)).GetValueOrDefault(id.Value);

    /// <summary>The meters among <paramref name="ids"/> that exist, by id (at most <see cref="Store.MaxIds"/> ids a call).</summary>
    public Task<Dictionary<string, Meter>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<MeterRow>(new CommandDefinition(
                $"SELECT {Columns} FROM meters WHERE {Dialect.AnyOf("meter_id", "Ids")}", new { Ids = CheckIds(ids) }, cancellationToken: cancellationToken));
            return rows.Select(r => r.ToDomain(Dialect)).ToDictionary(m => m.Id.Value, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// The ids of the meters of any other commodity than <paramref name="commodity"/> — few where it is electricity (a utility's gas and
    /// water meters): what is left out when homes are compared by their use of it.
    /// </summary>
    public Task<HashSet<string>> OfOtherCommoditiesAsync(Commodity commodity, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT meter_id FROM meters WHERE commodity <> @Commodity", new { Commodity = commodity.ToString().ToLowerInvariant() },
                cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal), cancellationToken);

    public Task<IReadOnlyList<Meter>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<MeterRow>(new CommandDefinition(
                $"SELECT {Columns} FROM meters ORDER BY meter_id", cancellationToken: cancellationToken));
            return (IReadOnlyList<Meter>)rows.Select(r => r.ToDomain(Dialect)).ToList();
        }, cancellationToken);

    private sealed class MeterRow
    {
        public string MeterId { get; set; } = "";
        public string Commodity { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Unit { get; set; } = "";
        public object Multiplier { get; set; } = 0L;
        public int RegisterDigits { get; set; }
        public int? IntervalMinutes { get; set; }
        public string TimeZone { get; set; } = "";

        public Meter ToDomain(SqlDialect dialect) => new(
            Domain.MeterId.Stored(MeterId),
            Enum.Parse<Commodity>(Commodity, ignoreCase: true),
            Enum.Parse<MeterKind>(Kind, ignoreCase: true),
            UnitInfo.Parse(Unit),
            dialect.ReadScaled(Multiplier),
            RegisterDigits,
            IntervalMinutes,
            TimeZone);
    }
}
