using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using UtilityInsights.Domain;
using UtilityInsights.Storage.Sqlite;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// Meter reads: interval reads packed one row per meter per local day, register reads one row
/// each. Writing a day replaces the stored day; merging new reads into a stored day is the
/// ingestion stage's job (it reads the day, merges and writes it back in one transaction).
/// </summary>
public sealed class ReadStore(UtilityDatabase database) : Store(database)
{
    /// <summary>The meter's stored days over <c>[from, to)</c>, read a month at a time so a long range never sits in memory.</summary>
    public async IAsyncEnumerable<MeterDay> StreamDaysAsync(Meter meter, DateOnly from, DateOnly to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var start = from; start < to; start = start.AddMonths(1))
        {
            var end = start.AddMonths(1) < to ? start.AddMonths(1) : to;
            foreach (var day in await GetDaysAsync(meter, start, end, cancellationToken))
                yield return day;
        }
    }

    /// <summary>The stored days of a meter in <c>[from, toExclusive)</c>, in date order, with instants in the meter's zone.</summary>
    public async Task<IReadOnlyList<MeterDay>> GetDaysAsync(Meter meter, DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken) =>
        (await GetDaysAsync([meter], from, toExclusive, cancellationToken)).GetValueOrDefault(meter.Id.Value) ?? [];

    /// <summary>
    /// The stored days in <c>[from, toExclusive)</c> of each of the meters that has any, in date order, with instants in
    /// each meter's zone (at most <see cref="Store.MaxIds"/> meters a call).
    /// </summary>
    /// <remarks>
    /// The zones come from the meters the caller holds, not from the database: joined to every day row they cost two more
    /// index seeks a row (a third of the read), and read apart a second query for each of the daily ingest's one-meter reads.
    /// </remarks>
    public Task<Dictionary<string, List<MeterDay>>> GetDaysAsync(IReadOnlyCollection<Meter> meters, DateOnly from, DateOnly toExclusive,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var zones = new Dictionary<string, string>(meters.Count, StringComparer.Ordinal);
        foreach (var meter in meters)
            zones[meter.Id.Value] = meter.TimeZone;
        var ids = CheckIds(zones.Keys);
        return ReadAsync(async connection =>
        {
            // Read by hand, not mapped: a bill run reads about sixty days for each of its accounts, and the rows come in
            // meter order, so each meter's id and zone are worked out once for all its days (StoredDays).
            var sql = $"""
                SELECT meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, slot_values, slot_qualities
                FROM interval_read_days
                WHERE {Dialect.AnyOf("meter_id", "Meters")} AND local_date >= @From AND local_date < @To
                ORDER BY meter_id, local_date
                """;
            if (connection is SqliteConnection sqlite && SqliteRows.Available)
            {
                return SqliteIntervalDayReader.Read(sqlite, sql,
                    [("@Meters", (string)ids), ("@From", (string)Dialect.DateValue(from)), ("@To", (string)Dialect.DateValue(toExclusive))], zones, cancellationToken);
            }
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql,
                new { Meters = ids, From = Dialect.DateValue(from), To = Dialect.DateValue(toExclusive) }, cancellationToken: cancellationToken));
            var days = new StoredDays();
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!days.IsMeter(id))
                    days.StartMeter(id, zones[id]);
                days.Add(SqlDialect.ReadDate(reader.GetValue(1)), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), UnitInfo.Parse(reader.GetString(5)),
                    (byte[])reader.GetValue(6), (byte[])reader.GetValue(7));
            }
            return days.ByMeter;
        }, cancellationToken);
    }

    /// <summary>
    /// Each meter's stored days over <c>[from, toExclusive)</c> (whole calendar months: both the first of a month) summed
    /// by month, without decoding the packed values — delivered energy, slots with reads, estimated slots: enough for a
    /// usage history. Read from the month figures kept as the days are written (<c>interval_read_months</c>), a row a
    /// month. Days stored before schema 0007 have no figures; a month with such days counts them in
    /// <see cref="MonthFigures.DaysWithoutFigures"/> (decode that month instead). At most <see cref="Store.MaxIds"/> meters a call.
    /// </summary>
    public Task<Dictionary<string, List<MonthFigures>>> MonthFiguresAsync(IReadOnlyCollection<string> meters, DateOnly from, DateOnly toExclusive,
        CancellationToken cancellationToken)
    {
        if (!WholeMonths(from, toExclusive))
            throw new ArgumentException($"month figures are kept by whole calendar months; asked for {from:yyyy-MM-dd} to {toExclusive:yyyy-MM-dd}.");
        return ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, object Month, object Delivered, int Present, int Estimated, int WithoutFigures, object Net)>(new CommandDefinition(
                $"""
                SELECT meter_id, month_start, delivered, present_count, estimated_count, days_without_figures, total
                FROM interval_read_months
                WHERE {Dialect.AnyOf("meter_id", "Meters")} AND month_start >= @From AND month_start < @To
                ORDER BY meter_id, month_start
                """,
                new { Meters = CheckIds(meters), From = Dialect.DateValue(from), To = Dialect.DateValue(toExclusive) }, cancellationToken: cancellationToken));
            return rows.GroupBy(r => r.Meter, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => g.Select(r => new MonthFigures(SqlDialect.ReadDate(r.Month), Dialect.ReadScaled(r.Delivered), r.Present, r.Estimated, r.WithoutFigures)
                {
                    Net = Dialect.ReadScaled(r.Net),
                }).ToList(),
                StringComparer.Ordinal);
        }, cancellationToken);
    }

    private static int Count(object sum) => Convert.ToInt32(sum, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>For each meter with stored interval days: its first and last stored local date.</summary>
    /// <remarks>
    /// Two look-ups in the days' key a meter, not a grouping of every stored day: ingest asks this before each import,
    /// and a utility with 13 months of hourly reads has tens of millions of days (7 s to group on SQLite here, 0.6 s so).
    /// Every day's meter is in <c>meters</c>: ingest stores days of known meters only.
    /// </remarks>
    public Task<Dictionary<string, (DateOnly First, DateOnly Last)>> DayRangesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, object? First, object? Last)>(new CommandDefinition(
                """
                SELECT m.meter_id,
                       (SELECT MIN(d.local_date) FROM interval_read_days AS d WHERE d.meter_id = m.meter_id),
                       (SELECT MAX(d.local_date) FROM interval_read_days AS d WHERE d.meter_id = m.meter_id)
                FROM meters AS m
                """, cancellationToken: cancellationToken));
            return rows.Where(r => r.First is not null and not DBNull)
                .ToDictionary(r => r.Meter, r => (SqlDialect.ReadDate(r.First!), SqlDialect.ReadDate(r.Last!)), StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// For each meter with interval days in <c>[from, toExclusive)</c>: the total of its reads and the number of days with reads.
    /// Whole calendar months (a bill run's cohort month) are read from the month figures, any other range from the days.
    /// </summary>
    public Task<Dictionary<string, (decimal Total, int Days)>> UsageByMeterAsync(DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, object Total, object Days)>(new CommandDefinition(
                WholeMonths(from, toExclusive)
                    ? """
                      SELECT meter_id, SUM(total), SUM(read_days) FROM interval_read_months
                      WHERE month_start >= @From AND month_start < @To AND read_days > 0
                      GROUP BY meter_id
                      """
                    : """
                      SELECT meter_id, SUM(total), COUNT(*) FROM interval_read_days
                      WHERE local_date >= @From AND local_date < @To AND present_count > 0
                      GROUP BY meter_id
                      """,
                new { From = Dialect.DateValue(from), To = Dialect.DateValue(toExclusive) }, cancellationToken: cancellationToken));
            return rows.ToDictionary(r => r.Meter, r => (Dialect.ReadScaled(r.Total), Count(r.Days)), StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// For each of <paramref name="meters"/> (at most <see cref="Store.MaxIds"/>) with interval days in <c>[from, toExclusive)</c>: by
    /// calendar month (its first day), the total of its reads and the number of days with reads. Whole calendar months are read
    /// from the month figures, a range cutting a month from the days.
    /// </summary>
    public Task<Dictionary<string, List<(DateOnly Month, decimal Total, int Days)>>> UsageByMonthAsync(IReadOnlyCollection<string> meters, DateOnly from,
        DateOnly toExclusive, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var parameters = new { Meters = CheckIds(meters), From = Dialect.DateValue(from), To = Dialect.DateValue(toExclusive) };
            IEnumerable<(string Meter, DateOnly Month, object Total, object Days)> rows = WholeMonths(from, toExclusive)
                ? (await connection.QueryAsync<(string Meter, object Month, object Total, object Days)>(new CommandDefinition(
                    $"""
                    SELECT meter_id, month_start, total, read_days FROM interval_read_months
                    WHERE {Dialect.AnyOf("meter_id", "Meters")} AND month_start >= @From AND month_start < @To AND read_days > 0
                    ORDER BY meter_id, month_start
                    """, parameters, cancellationToken: cancellationToken))).Select(r => (r.Meter, SqlDialect.ReadDate(r.Month), r.Total, r.Days))
                : (await connection.QueryAsync<(string Meter, string Month, object Total, object Days)>(new CommandDefinition(
                    $"""
                    SELECT meter_id, {Dialect.MonthOf("local_date")}, SUM(total), COUNT(*) FROM interval_read_days
                    WHERE {Dialect.AnyOf("meter_id", "Meters")} AND local_date >= @From AND local_date < @To AND present_count > 0
                    GROUP BY meter_id, {Dialect.MonthOf("local_date")}
                    ORDER BY meter_id, {Dialect.MonthOf("local_date")}
                    """, parameters, cancellationToken: cancellationToken))).Select(r => (r.Meter, SqlDialect.ReadDate(r.Month + "-01"), r.Total, r.Days));
            return rows.GroupBy(r => r.Meter, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => g.Select(r => (r.Month, Dialect.ReadScaled(r.Total), Count(r.Days))).ToList(), StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>Whether <c>[from, toExclusive)</c> is whole calendar months, which the month figures (<c>interval_read_months</c>) answer.</summary>
    private static bool WholeMonths(DateOnly from, DateOnly toExclusive) => from.Day == 1 && toExclusive.Day == 1;

    /// <summary>The first and last local date with interval reads in the database, or null when there are none.</summary>
    public Task<(DateOnly First, DateOnly Last)?> IntervalDateRangeAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleAsync<(object? First, object? Last)>(new CommandDefinition(
                "SELECT MIN(local_date), MAX(local_date) FROM interval_read_days", cancellationToken: cancellationToken));
            return row.First is null or DBNull ? ((DateOnly, DateOnly)?)null : (SqlDialect.ReadDate(row.First), SqlDialect.ReadDate(row.Last!));
        }, cancellationToken);

    /// <summary>Number of interval reads stored (present slots over all days).</summary>
    public Task<long> CountIntervalReadsAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(SUM(present_count), 0) FROM interval_read_days", cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Stores register reads, replacing a read of the same meter at the same instant. Returns (inserted, updated).</summary>
    public Task<UpsertCounts> UpsertRegisterReadsAsync(IEnumerable<RegisterRead> reads, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => UpsertRegisterReadsAsync(connection, transaction, reads, cancellationToken), cancellationToken);

    /// <summary>Upserts register reads inside the caller's transaction (an ingest batch, or a bill with its estimated read).</summary>
    internal async Task<UpsertCounts> UpsertRegisterReadsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<RegisterRead> reads,
        CancellationToken cancellationToken)
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
    }

    /// <summary>Register reads of a meter taken in <c>[from, toExclusive)</c>, oldest first.</summary>
    public async Task<IReadOnlyList<RegisterRead>> GetRegisterReadsAsync(MeterId meter, DateTimeOffset from, DateTimeOffset toExclusive, CancellationToken cancellationToken) =>
        (await GetRegisterReadsAsync([meter.Value], from, toExclusive, cancellationToken)).GetValueOrDefault(meter.Value) ?? [];

    /// <summary>Register reads taken in <c>[from, toExclusive)</c> of each of the meters that has any, oldest first (at most <see cref="Store.MaxIds"/> meters a call).</summary>
    public Task<Dictionary<string, List<RegisterRead>>> GetRegisterReadsAsync(IReadOnlyCollection<string> meters, DateTimeOffset from, DateTimeOffset toExclusive,
        CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<RegisterRow>(new CommandDefinition(
                $"""
                SELECT meter_id, read_at_utc, offset_minutes, register_value, unit, read_type, multiplier
                FROM register_reads
                WHERE {Dialect.AnyOf("meter_id", "Meters")} AND read_at_utc >= @From AND read_at_utc < @To
                ORDER BY meter_id, read_at_utc
                """,
                new { Meters = CheckIds(meters), From = from.ToUnixTimeSeconds(), To = toExclusive.ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
            return ByKey(rows.Select(r => r.ToDomain(Dialect)), r => r.MeterId.Value);
        }, cancellationToken);

    /// <summary>The batch numbers of a file (by content hash) that are already committed.</summary>
    public Task<HashSet<int>> CommittedBatchesAsync(string fileHash, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT batch_no FROM ingest_batches WHERE file_hash = @FileHash", new { FileHash = fileHash }, cancellationToken: cancellationToken))).ToHashSet(),
            cancellationToken);

    /// <summary>Commits one ingest batch: new meters, days, revisions, flags, register and period reads, and the batch record.</summary>
    /// <param name="batch">What the batch changes.</param>
    /// <param name="clock">The clock for the audit timestamps.</param>
    /// <param name="markDone">Whether to record the batch as done, so that a re-import skips it.</param>
    /// <param name="cancellationToken">Cancels the commit (nothing is written then).</param>
    public Task CommitBatchAsync(IngestBatch batch, TimeProvider clock, bool markDone, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(batch);
            var now = Dialect.TimestampValue(clock.GetUtcNow());
            if (batch.NewMeters.Count > 0)
                await Database.Meters.UpsertAsync(connection, transaction, batch.NewMeters, clock, cancellationToken);
            if (batch.Days.Count > 0)
            {
                await using var writer = Database.CreateIntervalDayWriter(connection, transaction);
                foreach (var day in batch.Days)
                    await writer.WriteAsync(day, cancellationToken);
                await writer.FlushAsync(cancellationToken);
                await RefreshMonthFiguresAsync(connection, transaction, batch.Days, cancellationToken);
            }
            if (batch.Revisions.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO read_revisions (meter_id, interval_start_utc, old_value, old_quality, new_value, new_quality, source, revised_at)
                    VALUES (@Meter, @Start, @OldValue, @OldQuality, @NewValue, @NewQuality, @Source, @At)
                    """,
                    batch.Revisions.Select(r => new
                    {
                        Meter = r.Meter.Value,
                        Start = r.IntervalStart.ToUnixTimeSeconds(),
                        OldValue = Dialect.ScaledValue(r.OldValue),
                        OldQuality = r.OldQuality.ToCode().ToString(),
                        NewValue = Dialect.ScaledValue(r.NewValue),
                        NewQuality = r.NewQuality.ToCode().ToString(),
                        r.Source,
                        At = now,
                    }), transaction, cancellationToken: cancellationToken));
            }
            foreach (var flag in batch.Flags)
            {
                await Upsert.RunAsync(connection, transaction,
                    $"UPDATE read_flags{Dialect.UpdateLockHint} SET detail = @Detail, source = @Source, flagged_at = @At WHERE meter_id = @Meter AND interval_start_utc = @Start AND flag_rule = @Rule",
                    "INSERT INTO read_flags (meter_id, interval_start_utc, flag_rule, detail, source, flagged_at) VALUES (@Meter, @Start, @Rule, @Detail, @Source, @At)",
                    new { Meter = flag.Meter.Value, Start = flag.IntervalStart.ToUnixTimeSeconds(), flag.Rule, flag.Detail, flag.Source, At = now }, cancellationToken);
            }
            if (batch.RegisterReads.Count > 0)
                await UpsertRegisterReadsAsync(connection, transaction, batch.RegisterReads, cancellationToken);
            foreach (var read in batch.PeriodReads)
            {
                await Upsert.RunAsync(connection, transaction,
                    $"UPDATE period_reads{Dialect.UpdateLockHint} SET end_utc = @End, quantity = @Quantity, unit = @Unit, quality = @Quality WHERE meter_id = @Meter AND start_utc = @Start",
                    "INSERT INTO period_reads (meter_id, start_utc, end_utc, quantity, unit, quality) VALUES (@Meter, @Start, @End, @Quantity, @Unit, @Quality)",
                    new
                    {
                        Meter = read.Meter.Value,
                        Start = read.Start.ToUnixTimeSeconds(),
                        End = read.End.ToUnixTimeSeconds(),
                        Quantity = Dialect.ScaledValue(read.Quantity.Value),
                        Unit = read.Quantity.Unit.Symbol(),
                        Quality = read.Quality.ToCode().ToString(),
                    }, cancellationToken);
            }
            if (!markDone)
                return 0;
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO ingest_batches (file_hash, batch_no, file_name, reads, committed_at) VALUES (@FileHash, @BatchNo, @FileName, @Reads, @At)",
                new { batch.FileHash, batch.BatchNo, batch.FileName, batch.Reads, At = now }, transaction, cancellationToken: cancellationToken));
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Sums again, from the stored days, the month figures (<c>interval_read_months</c>) of every meter and month the
    /// days touch — inside the transaction that wrote them, so the figures never disagree with the days.
    /// </summary>
    /// <remarks>
    /// Two imports touching one meter's month at once (PostgreSQL, SQL Server) cannot both keep a sum that misses the
    /// other's days: the second to write the month's row waits for the first to commit, then either sums again with the
    /// first one's days in view or meets its row (a unique violation; SQL Server's <c>HOLDLOCK</c> makes it a wait or a
    /// deadlock instead) and runs the whole batch again (<see cref="DatabaseErrors.IsTransient"/>). Months are taken
    /// in one order so that two batches do not wait for each other. SQLite has one writer at a time.
    /// </remarks>
    private Task<int> RefreshMonthFiguresAsync(DbConnection connection, DbTransaction transaction, IEnumerable<MeterDay> days, CancellationToken cancellationToken)
    {
        var months = days.Select(d => (Meter: d.MeterId.Value, Month: new DateOnly(d.Day.Date.Year, d.Day.Date.Month, 1))).Distinct()
            .OrderBy(m => m.Meter, StringComparer.Ordinal).ThenBy(m => m.Month).ToList();
        return connection.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM interval_read_months{Dialect.UpdateLockHint} WHERE meter_id = @Meter AND month_start = @Month;
            INSERT INTO interval_read_months (meter_id, month_start, days, read_days, present_count, estimated_count, delivered, total, days_without_figures)
            SELECT meter_id, @Month, COUNT(*), SUM(CASE WHEN present_count > 0 THEN 1 ELSE 0 END), SUM(present_count), COALESCE(SUM(estimated_count), 0),
                   COALESCE(SUM(delivered), 0), SUM(total), SUM(CASE WHEN delivered IS NULL OR estimated_count IS NULL THEN 1 ELSE 0 END)
            FROM interval_read_days
            WHERE meter_id = @Meter AND local_date >= @Month AND local_date < @Next
            GROUP BY meter_id;
            """,
            months.Select(m => new { m.Meter, Month = Dialect.DateValue(m.Month), Next = Dialect.DateValue(m.Month.AddMonths(1)) }), transaction,
            cancellationToken: cancellationToken));
    }

    public Task<IReadOnlyList<ReadFlag>> FlagsAsync(MeterId meter, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, long Start, string Rule, string Detail, string Source)>(new CommandDefinition(
                "SELECT meter_id, interval_start_utc, flag_rule, detail, source FROM read_flags WHERE meter_id = @Meter ORDER BY interval_start_utc, flag_rule",
                new { Meter = meter.Value }, cancellationToken: cancellationToken));
            return (IReadOnlyList<ReadFlag>)rows.Select(r => new ReadFlag(Domain.MeterId.Stored(r.Meter), DateTimeOffset.FromUnixTimeSeconds(r.Start), r.Rule, r.Detail, r.Source)).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<ReadRevision>> RevisionsAsync(MeterId meter, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, long Start, object OldValue, string OldQuality, object NewValue, string NewQuality, string Source)>(
                new CommandDefinition(
                    "SELECT meter_id, interval_start_utc, old_value, old_quality, new_value, new_quality, source FROM read_revisions WHERE meter_id = @Meter ORDER BY revision_id",
                    new { Meter = meter.Value }, cancellationToken: cancellationToken));
            return (IReadOnlyList<ReadRevision>)rows.Select(r => new ReadRevision(Domain.MeterId.Stored(r.Meter), DateTimeOffset.FromUnixTimeSeconds(r.Start),
                Dialect.ReadScaled(r.OldValue), (ReadQuality)r.OldQuality[0], Dialect.ReadScaled(r.NewValue), (ReadQuality)r.NewQuality[0], r.Source)).ToList();
        }, cancellationToken);

    /// <summary>A meter's stored period reads (readings over more than a day, such as a Green Button feed's monthly ones), oldest first.</summary>
    public async Task<IReadOnlyList<PeriodRead>> GetPeriodReadsAsync(MeterId meter, CancellationToken cancellationToken) =>
        (await GetPeriodReadsAsync([meter.Value], DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, cancellationToken)).GetValueOrDefault(meter.Value) ?? [];

    /// <summary>
    /// A meter's period reads that start in its local days <c>[from, toExclusive)</c>, oldest first: what a Green Button download of those
    /// days carries besides them — for a dial meter, the usage from each of its reads in those days to the next (<see cref="RegisterPeriods"/>;
    /// the last may end after them, looked for up to a year on).
    /// </summary>
    public async Task<IReadOnlyList<PeriodRead>> PeriodReadsStartingAsync(Meter meter, DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var zone = Time.TimeZones.Find(meter.TimeZone);
        var (start, end) = (Time.LocalDay.StartOfDay(from, zone), Time.LocalDay.StartOfDay(toExclusive, zone));
        if (meter.Kind == MeterKind.Register)
        {
            var dials = await GetRegisterReadsAsync(meter.Id, start, end.AddYears(1), cancellationToken);
            return RegisterPeriods.Between(dials, meter).Where(r => r.Start < end).ToList();
        }
        var reads = (await GetPeriodReadsAsync([meter.Id.Value], start, end, cancellationToken)).GetValueOrDefault(meter.Id.Value) ?? [];
        return reads.Where(r => r.Start >= start).ToList();
    }

    /// <summary>
    /// The period reads that overlap <c>[from, toExclusive)</c> of each of the meters that has any, oldest first (at most
    /// <see cref="Store.MaxIds"/> meters a call).
    /// </summary>
    public Task<Dictionary<string, List<PeriodRead>>> GetPeriodReadsAsync(IReadOnlyCollection<string> meters, DateTimeOffset from, DateTimeOffset toExclusive,
        CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Meter, long Start, long End, object Quantity, string Unit, string Quality)>(new CommandDefinition(
                $"""
                SELECT meter_id, start_utc, end_utc, quantity, unit, quality
                FROM period_reads
                WHERE {Dialect.AnyOf("meter_id", "Meters")} AND start_utc < @To AND end_utc > @From
                ORDER BY meter_id, start_utc
                """,
                new { Meters = CheckIds(meters), From = from.ToUnixTimeSeconds(), To = toExclusive.ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
            return ByKey(rows.Select(r => new PeriodRead(Domain.MeterId.Stored(r.Meter), DateTimeOffset.FromUnixTimeSeconds(r.Start),
                DateTimeOffset.FromUnixTimeSeconds(r.End), new Quantity(Dialect.ReadScaled(r.Quantity), UnitInfo.Parse(r.Unit)), (ReadQuality)r.Quality[0])),
                r => r.Meter.Value);
        }, cancellationToken);

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
            Domain.MeterId.Stored(MeterId),
            DateTimeOffset.FromUnixTimeSeconds(ReadAtUtc).ToOffset(TimeSpan.FromMinutes(OffsetMinutes)),
            dialect.ReadScaled(RegisterValue),
            UnitInfo.Parse(Unit),
            Enum.Parse<RegisterReadType>(ReadType),
            dialect.ReadScaled(Multiplier));
    }
}

/// <summary>
/// A meter's stored days of one calendar month summed without decoding their values: delivered energy,
/// slots with reads, estimated slots, and how many days were stored before these figures were kept
/// (schema 0007; the sums leave them out).
/// </summary>
public readonly record struct MonthFigures(DateOnly Month, decimal Delivered, int Present, int Estimated, int DaysWithoutFigures)
{
    /// <summary>What the grid delivered less what the premise sent to it: <see cref="Delivered"/> − <see cref="Net"/> is what it exported.</summary>
    public decimal Net { get; init; }
}
