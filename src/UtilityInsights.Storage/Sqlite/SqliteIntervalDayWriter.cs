using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>
/// One prepared upsert, reused for every day of the transaction: prepared with SQLitePCL.raw on the connection's own handle
/// (so inside its transaction) and bound by position. An ingest writes a row a meter-day, hundreds of thousands a batch;
/// through ADO.NET each of a row's twelve parameters was looked up by name, its value boxed and its text or bytes copied
/// into a new array, and each execution made a data reader. Here a row's text is encoded into buffers kept for the
/// writer (a meter's id once while its days come in order) and its packed slots are written into one buffer.
/// </summary>
internal sealed class SqliteIntervalDayWriter : IIntervalDayWriter
{
    private const string Sql =
        """
        INSERT INTO interval_read_days
            (meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, slot_values, slot_qualities,
             delivered, estimated_count)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        ON CONFLICT (meter_id, local_date) DO UPDATE SET
            day_start_utc = excluded.day_start_utc, interval_minutes = excluded.interval_minutes, slot_count = excluded.slot_count,
            unit = excluded.unit, present_count = excluded.present_count, total = excluded.total,
            slot_values = excluded.slot_values, slot_qualities = excluded.slot_qualities,
            delivered = excluded.delivered, estimated_count = excluded.estimated_count
        """;

    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private byte[] meterText = new byte[64];
    private int meterLength;
    private string? meter;
    private byte[] packed = new byte[MeterDayCodec.MaxPackedLength(25) + 25];

    public SqliteIntervalDayWriter(SqliteConnection connection)
    {
        db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, Sql, out statement));
    }

    public Task WriteAsync(MeterDay day, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!ReferenceEquals(meter, day.MeterId.Value))
        {
            meter = day.MeterId.Value;
            if (Encoding.UTF8.GetMaxByteCount(meter.Length) > meterText.Length)
                meterText = new byte[Encoding.UTF8.GetMaxByteCount(meter.Length)];
            meterLength = Encoding.UTF8.GetBytes(meter, meterText);
        }
        // The round-trip form of a date is yyyy-MM-dd, the text SqliteDialect.DateValue stores (and formats without a pattern to read).
        Span<byte> date = stackalloc byte[10];
        if (!day.Day.Date.TryFormat(date, out var dateLength, "O", CultureInfo.InvariantCulture) || dateLength != date.Length)
            throw new InvalidOperationException($"The date {day.Day.Date} does not format as yyyy-MM-dd.");
        var slots = day.SlotCount;
        if (packed.Length < MeterDayCodec.MaxPackedLength(slots) + slots)
            packed = new byte[MeterDayCodec.MaxPackedLength(slots) + slots];
        var qualitiesLength = MeterDayCodec.PackQualities(day, packed);
        var valuesLength = MeterDayCodec.PackValues(day, packed.AsSpan(qualitiesLength));

        Check(raw.sqlite3_bind_text(statement, 1, meterText.AsSpan(0, meterLength)));
        Check(raw.sqlite3_bind_text(statement, 2, date));
        Check(raw.sqlite3_bind_int64(statement, 3, day.Day.Start.ToUnixTimeSeconds()));
        Check(raw.sqlite3_bind_int64(statement, 4, day.IntervalMinutes));
        Check(raw.sqlite3_bind_int64(statement, 5, slots));
        Check(raw.sqlite3_bind_text(statement, 6, UnitText(day.Unit)));
        Check(raw.sqlite3_bind_int64(statement, 7, day.PresentCount));
        Check(raw.sqlite3_bind_int64(statement, 8, day.TotalMillionths));
        Check(raw.sqlite3_bind_blob(statement, 9, packed.AsSpan(qualitiesLength, valuesLength)));
        Check(raw.sqlite3_bind_blob(statement, 10, packed.AsSpan(0, qualitiesLength)));
        Check(raw.sqlite3_bind_int64(statement, 11, day.DeliveredMillionths));
        Check(raw.sqlite3_bind_int64(statement, 12, day.EstimatedCount));
        var result = raw.sqlite3_step(statement);
        // Reset before a failure is thrown, so that the statement can be finalised and the transaction rolled back.
        raw.sqlite3_reset(statement);
        if (result != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(result, db);
        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        statement.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Each unit's symbol as UTF-8, made once.</summary>
    private static readonly Dictionary<Unit, byte[]> UnitTexts = Enum.GetValues<Unit>().ToDictionary(u => u, u => Encoding.UTF8.GetBytes(u.Symbol()));

    private static ReadOnlySpan<byte> UnitText(Unit unit) => UnitTexts[unit];

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, db);
    }
}
