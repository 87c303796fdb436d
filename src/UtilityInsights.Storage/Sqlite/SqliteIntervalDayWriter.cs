using Microsoft.Data.Sqlite;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>One prepared upsert, reused for every day of the transaction.</summary>
internal sealed class SqliteIntervalDayWriter : IIntervalDayWriter
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter meterId, localDate, dayStart, intervalMinutes, slotCount, unit, presentCount, total, delivered, estimated, values, qualities;

    public SqliteIntervalDayWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO interval_read_days
                (meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, slot_values, slot_qualities,
                 delivered, estimated_count)
            VALUES ($meter, $date, $start, $interval, $slots, $unit, $present, $total, $values, $qualities, $delivered, $estimated)
            ON CONFLICT (meter_id, local_date) DO UPDATE SET
                day_start_utc = excluded.day_start_utc, interval_minutes = excluded.interval_minutes, slot_count = excluded.slot_count,
                unit = excluded.unit, present_count = excluded.present_count, total = excluded.total,
                slot_values = excluded.slot_values, slot_qualities = excluded.slot_qualities,
                delivered = excluded.delivered, estimated_count = excluded.estimated_count
            """;
        meterId = command.Parameters.Add("$meter", SqliteType.Text);
        localDate = command.Parameters.Add("$date", SqliteType.Text);
        dayStart = command.Parameters.Add("$start", SqliteType.Integer);
        intervalMinutes = command.Parameters.Add("$interval", SqliteType.Integer);
        slotCount = command.Parameters.Add("$slots", SqliteType.Integer);
        unit = command.Parameters.Add("$unit", SqliteType.Text);
        presentCount = command.Parameters.Add("$present", SqliteType.Integer);
        total = command.Parameters.Add("$total", SqliteType.Integer);
        delivered = command.Parameters.Add("$delivered", SqliteType.Integer);
        estimated = command.Parameters.Add("$estimated", SqliteType.Integer);
        values = command.Parameters.Add("$values", SqliteType.Blob);
        qualities = command.Parameters.Add("$qualities", SqliteType.Blob);
        command.Prepare();
    }

    public Task WriteAsync(MeterDay day, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        meterId.Value = day.MeterId.Value;
        localDate.Value = SqliteDialect.Instance.DateValue(day.Day.Date);
        dayStart.Value = day.Day.Start.ToUnixTimeSeconds();
        intervalMinutes.Value = day.IntervalMinutes;
        slotCount.Value = day.SlotCount;
        unit.Value = day.Unit.Symbol();
        presentCount.Value = day.PresentCount;
        total.Value = MeterDay.ToMillionths(day.Total.Value);
        delivered.Value = MeterDay.ToMillionths(day.Delivered);
        estimated.Value = day.EstimatedCount;
        values.Value = MeterDayCodec.PackValues(day);
        qualities.Value = MeterDayCodec.PackQualities(day);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
