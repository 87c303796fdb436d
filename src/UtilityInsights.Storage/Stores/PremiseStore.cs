using System.Runtime.CompilerServices;
using Dapper;
using UtilityInsights.Domain;

namespace UtilityInsights.Storage.Stores;

/// <summary>Premises and their attributes. Re-importing a premise updates it in place.</summary>
public sealed class PremiseStore(UtilityDatabase database) : Store(database)
{
    private const string Columns =
        "premise_id, account_id, meter_id, region, latitude, longitude, floor_area_sqft, occupants, heating_fuel, home_type, " +
        "year_built, has_ac, has_pool, has_ev, has_solar, tariff_id, time_zone";

    public Task<UpsertCounts> UpsertAsync(IReadOnlyCollection<Premise> premises, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var counts = new UpsertCounts();
            var now = Dialect.TimestampValue(clock.GetUtcNow());
            foreach (var premise in premises)
            {
                var row = ToParameters(premise, now);
                counts += await Upsert.RunAsync(connection, transaction,
                    $"""
                    UPDATE premises{Dialect.UpdateLockHint}
                    SET account_id = @AccountId, meter_id = @MeterId, region = @Region, latitude = @Latitude, longitude = @Longitude,
                        floor_area_sqft = @FloorAreaSqft, occupants = @Occupants, heating_fuel = @HeatingFuel, home_type = @HomeType,
                        year_built = @YearBuilt, has_ac = @HasAc, has_pool = @HasPool, has_ev = @HasEv, has_solar = @HasSolar,
                        tariff_id = @TariffId, time_zone = @TimeZone, updated_at = @UpdatedAt
                    WHERE premise_id = @PremiseId
                    """,
                    $"""
                    INSERT INTO premises ({Columns}, updated_at)
                    VALUES (@PremiseId, @AccountId, @MeterId, @Region, @Latitude, @Longitude, @FloorAreaSqft, @Occupants, @HeatingFuel,
                            @HomeType, @YearBuilt, @HasAc, @HasPool, @HasEv, @HasSolar, @TariffId, @TimeZone, @UpdatedAt)
                    """,
                    row, cancellationToken);
            }
            return counts;
        }, cancellationToken);

    public async Task<Premise?> GetAsync(PremiseId id, CancellationToken cancellationToken) =>
        (await GetManyAsync([id.Value], cancellationToken)).GetValueOrDefault(id.Value);

    /// <summary>The premises among <paramref name="ids"/> that exist, by id (at most <see cref="Store.MaxIds"/> ids a call).</summary>
    public Task<Dictionary<string, Premise>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<PremiseRow>(new CommandDefinition(
                $"SELECT {Columns} FROM premises WHERE {Dialect.AnyOf("premise_id", "Ids")}", new { Ids = CheckIds(ids) }, cancellationToken: cancellationToken));
            return rows.Select(r => r.ToDomain(Dialect)).ToDictionary(p => p.Id.Value, StringComparer.Ordinal);
        }, cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM premises", cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The premises billed to an account, in id order.</summary>
    public async Task<IReadOnlyList<Premise>> ForAccountAsync(AccountId account, CancellationToken cancellationToken) =>
        (await ForAccountsAsync([account.Value], cancellationToken)).GetValueOrDefault(account.Value) ?? [];

    /// <summary>The premises billed to each of the accounts that has any, in id order (at most <see cref="Store.MaxIds"/> accounts a call).</summary>
    public Task<Dictionary<string, List<Premise>>> ForAccountsAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<PremiseRow>(new CommandDefinition(
                $"SELECT {Columns} FROM premises WHERE {Dialect.AnyOf("account_id", "Accounts")} ORDER BY premise_id", new { Accounts = CheckIds(accounts) },
                cancellationToken: cancellationToken));
            return ByKey(rows.Select(r => r.ToDomain(Dialect)), p => p.AccountId.Value);
        }, cancellationToken);

    /// <summary>Every premise in id order, streamed (the cohort stage reads them all).</summary>
    public async IAsyncEnumerable<Premise> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<PremiseRow>($"SELECT {Columns} FROM premises ORDER BY premise_id").WithCancellation(cancellationToken))
            yield return row.ToDomain(Dialect);
    }

    /// <summary>For each metered premise: its meter, whether it has on-site generation, and its time zone.</summary>
    public Task<IReadOnlyDictionary<string, (bool HasGeneration, string TimeZone)>> MeterAttributesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string MeterId, object? HasSolar, string TimeZone)>(new CommandDefinition(
                "SELECT meter_id, has_solar, time_zone FROM premises", cancellationToken: cancellationToken));
            var result = new Dictionary<string, (bool, string)>(StringComparer.Ordinal);
            foreach (var (meter, solar, zone) in rows)
                result[meter] = (SqlDialect.ReadBool(solar) ?? false, zone);
            return (IReadOnlyDictionary<string, (bool HasGeneration, string TimeZone)>)result;
        }, cancellationToken);

    private object ToParameters(Premise premise, object now) => new
    {
        PremiseId = premise.Id.Value,
        AccountId = premise.AccountId.Value,
        MeterId = premise.MeterId.Value,
        premise.Region,
        Latitude = Dialect.ScaledValue(premise.Latitude),
        Longitude = Dialect.ScaledValue(premise.Longitude),
        premise.FloorAreaSqft,
        premise.Occupants,
        HeatingFuel = premise.HeatingFuel?.ToText(),
        HomeType = premise.HomeType?.ToText(),
        premise.YearBuilt,
        HasAc = Dialect.BoolValue(premise.HasAc),
        HasPool = Dialect.BoolValue(premise.HasPool),
        HasEv = Dialect.BoolValue(premise.HasEv),
        HasSolar = Dialect.BoolValue(premise.HasSolar),
        premise.TariffId,
        premise.TimeZone,
        UpdatedAt = now,
    };

    private sealed class PremiseRow
    {
        public string PremiseId { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string MeterId { get; set; } = "";
        public string Region { get; set; } = "";
        public object? Latitude { get; set; }
        public object? Longitude { get; set; }
        public int? FloorAreaSqft { get; set; }
        public int? Occupants { get; set; }
        public string? HeatingFuel { get; set; }
        public string? HomeType { get; set; }
        public int? YearBuilt { get; set; }
        public object? HasAc { get; set; }
        public object? HasPool { get; set; }
        public object? HasEv { get; set; }
        public object? HasSolar { get; set; }
        public string? TariffId { get; set; }
        public string TimeZone { get; set; } = "";

        public Premise ToDomain(SqlDialect dialect) => new()
        {
            Id = Domain.PremiseId.Stored(PremiseId),
            AccountId = Domain.AccountId.Stored(AccountId),
            MeterId = Domain.MeterId.Stored(MeterId),
            Region = Region,
            Latitude = dialect.ReadScaledOrNull(Latitude),
            Longitude = dialect.ReadScaledOrNull(Longitude),
            FloorAreaSqft = FloorAreaSqft,
            Occupants = Occupants,
            HeatingFuel = HeatingFuel is not null && Vocabulary.TryParseHeatingFuel(HeatingFuel, out var fuel) ? fuel : null,
            HomeType = HomeType is not null && Vocabulary.TryParseHomeType(HomeType, out var type) ? type : null,
            YearBuilt = YearBuilt,
            HasAc = SqlDialect.ReadBool(HasAc),
            HasPool = SqlDialect.ReadBool(HasPool),
            HasEv = SqlDialect.ReadBool(HasEv),
            HasSolar = SqlDialect.ReadBool(HasSolar),
            TariffId = TariffId,
            TimeZone = TimeZone,
        };
    }
}
