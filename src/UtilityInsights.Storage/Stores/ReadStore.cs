using Dapper;
using UtilityInsights.Domain;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// Meter reads: interval reads packed one row per meter per local day, register reads one row
/// each. Writing a day replaces the stored day; merging new reads into a stored day is the
/// ingestion stage's job (it reads the day, merges and writes it back in one transaction).
/// </summary>
public sealed class ReadStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Writes the days in one transaction: all are stored, or none. Returns how many.</summary>
    public Task<int> WriteDaysAsync(IEnumerable<MeterDay> days, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var count = 0;
            await using var writer = Database.CreateIntervalDayWriter(connection, transaction);
            foreach (var day in days)
            {
                await writer.WriteAsync(day, cancellationToken);
                count++;
            }
            await writer.FlushAsync(cancellationToken);
            return count;
        }, cancellationToken);

    /// <summary>The stored days of a meter in <c>[from, toExclusive)</c>, in date order, with instants in the meter's zone.</summary>
    public Task<IReadOnlyList<MeterDay>> GetDaysAsync(MeterId meter, DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<DayRow>(new CommandDefinition(
                """
                SELECT d.meter_id, d.local_date, d.day_start_utc, d.interval_minutes, d.slot_count, d.unit, d.slot_values, d.slot_qualities,
                       m.time_zone
                FROM interval_read_days AS d
                LEFT JOIN meters AS m ON m.meter_id = d.meter_id
                WHERE d.meter_id = @Meter AND d.local_date >= @From AND d.local_date < @To
                ORDER BY d.local_date
                """,
                new { Meter = meter.Value, From = Dialect.DateValue(from), To = Dialect.DateValue(toExclusive) }, cancellationToken: cancellationToken));
            return (IReadOnlyList<MeterDay>)rows.Select(r => r.ToDomain()).ToList();
        }, cancellationToken);

    /// <summary>Number of interval reads stored (present slots over all days).</summary>
    public Task<long> CountIntervalReadsAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(SUM(present_count), 0) FROM interval_read_days", cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Stores register reads, replacing a read of the same meter at the same instant. Returns (inserted, updated).</summary>
    public Task<UpsertCounts> UpsertRegisterReadsAsync(IEnumerable<RegisterRead> reads, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var counts = new UpsertCounts();
            foreach (var read in reads)
            {
                var row = new
                {
                    MeterId = read.MeterId.Value,
                    ReadAtUtc = read.ReadAt.ToUnixTimeSeconds(),
                    OffsetMinutes = (int)read.ReadAt.Offset.TotalMinutes,
                    RegisterValue = Dialect.ScaledValue(read.Register),
                    Unit = read.Unit.Symbol(),
                    ReadType = read.ReadType.ToString(),
                    Multiplier = Dialect.ScaledValue(read.Multiplier),
                };
                counts += await Upsert.RunAsync(connection, transaction,
                    $"""
                    UPDATE register_reads{Dialect.UpdateLockHint}
                    SET offset_minutes = @OffsetMinutes, register_value = @RegisterValue, unit = @Unit, read_type = @ReadType, multiplier = @Multiplier
                    WHERE meter_id = @MeterId AND read_at_utc = @ReadAtUtc
                    """,
                    """
                    INSERT INTO register_reads (meter_id, read_at_utc, offset_minutes, register_value, unit, read_type, multiplier)
                    VALUES (@MeterId, @ReadAtUtc, @OffsetMinutes, @RegisterValue, @Unit, @ReadType, @Multiplier)
                    """,
                    row, cancellationToken);
            }
            return counts;
        }, cancellationToken);

    /// <summary>Register reads of a meter taken in <c>[from, toExclusive)</c>, oldest first.</summary>
    public Task<IReadOnlyList<RegisterRead>> GetRegisterReadsAsync(MeterId meter, DateTimeOffset from, DateTimeOffset toExclusive, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<RegisterRow>(new CommandDefinition(
                """
                SELECT meter_id, read_at_utc, offset_minutes, register_value, unit, read_type, multiplier
                FROM register_reads
                WHERE meter_id = @Meter AND read_at_utc >= @From AND read_at_utc < @To
                ORDER BY read_at_utc
                """,
                new { Meter = meter.Value, From = from.ToUnixTimeSeconds(), To = toExclusive.ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
            return (IReadOnlyList<RegisterRead>)rows.Select(r => r.ToDomain(Dialect)).ToList();
        }, cancellationToken);

    private sealed class DayRow
    {
        public string MeterId { get; set; } = "";
        public object LocalDate { get; set; } = "";
        public long DayStartUtc { get; set; }
        public int IntervalMinutes { get; set; }
        public int SlotCount { get; set; }
        public string Unit { get; set; } = "";
        public byte[] SlotValues { get; set; } = [];
        public byte[] SlotQualities { get; set; } = [];
        public string? TimeZone { get; set; }

        public MeterDay ToDomain()
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(DayStartUtc);
            if (TimeZones.TryFind(TimeZone, out var zone))
                start = TimeZoneInfo.ConvertTime(start, zone);
            var end = start.AddMinutes((double)SlotCount * IntervalMinutes);
            var day = new MeterDay(new MeterId(MeterId), new LocalDay(SqlDialect.ReadDate(LocalDate), start, end), IntervalMinutes, UnitInfo.Parse(Unit));
            MeterDayCodec.Unpack(day, SlotValues, SlotQualities);
            return day;
        }
    }

    private sealed class RegisterRow
    {
        public string MeterId { get; set; } = "";
        public long ReadAtUtc { get; set; }
        public int OffsetMinutes { get; set; }
        public object RegisterValue { get; set; } = 0L;
        public string Unit { get; set; } = "";
        public string ReadType { get; set; } = "";
        public object Multiplier { get; set; } = 0L;

        public RegisterRead ToDomain(SqlDialect dialect) => new(
            new MeterId(MeterId),
            DateTimeOffset.FromUnixTimeSeconds(ReadAtUtc).ToOffset(TimeSpan.FromMinutes(OffsetMinutes)),
            dialect.ReadScaled(RegisterValue),
            UnitInfo.Parse(Unit),
            Enum.Parse<RegisterReadType>(ReadType),
            dialect.ReadScaled(Multiplier));
    }
}
