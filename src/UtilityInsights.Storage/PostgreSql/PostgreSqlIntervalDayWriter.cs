using Npgsql;
using NpgsqlTypes;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.PostgreSql;

/// <summary>
/// Buffers meter-days and writes them with <c>COPY … FROM STDIN (FORMAT BINARY)</c> into a temporary
/// table dropped at the end of the transaction, then moves them into <c>interval_read_days</c> with one
/// <c>INSERT … ON CONFLICT (meter_id, local_date) DO UPDATE</c>: a day stored again replaces the old.
/// </summary>
internal sealed class PostgreSqlIntervalDayWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : IIntervalDayWriter
{
    private const int BatchDays = 10_000;

    private readonly List<MeterDay> buffer = new(BatchDays);
    private bool stageCreated;

    public async Task WriteAsync(MeterDay day, CancellationToken cancellationToken)
    {
        buffer.Add(day);
        if (buffer.Count >= BatchDays)
            await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (buffer.Count == 0)
            return;
        if (!stageCreated)
        {
            await ExecuteAsync(
                """
                CREATE TEMP TABLE interval_read_days_stage (
                    meter_id varchar(64) NOT NULL, local_date date NOT NULL, day_start_utc bigint NOT NULL, interval_minutes integer NOT NULL,
                    slot_count integer NOT NULL, unit varchar(8) NOT NULL, present_count integer NOT NULL, total numeric(19,6) NOT NULL,
                    slot_values bytea NOT NULL, slot_qualities bytea NOT NULL, delivered numeric(19,6) NOT NULL, estimated_count integer NOT NULL)
                ON COMMIT DROP
                """, cancellationToken);
            stageCreated = true;
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY interval_read_days_stage (meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, " +
            "slot_values, slot_qualities, delivered, estimated_count) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var day in buffer)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(day.MeterId.Value, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(day.Day.Date, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(day.Day.Start.ToUnixTimeSeconds(), NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(day.IntervalMinutes, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(day.SlotCount, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(day.Unit.Symbol(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(day.PresentCount, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(day.Total.Value, NpgsqlDbType.Numeric, cancellationToken);
                await copy.WriteAsync(MeterDayCodec.PackValues(day), NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(MeterDayCodec.PackQualities(day), NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(day.Delivered, NpgsqlDbType.Numeric, cancellationToken);
                await copy.WriteAsync(day.EstimatedCount, NpgsqlDbType.Integer, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        buffer.Clear();

        await ExecuteAsync(
            """
            INSERT INTO interval_read_days
                (meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, slot_values, slot_qualities,
                 delivered, estimated_count)
            SELECT meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, slot_values, slot_qualities,
                   delivered, estimated_count
            FROM interval_read_days_stage
            ON CONFLICT (meter_id, local_date) DO UPDATE SET
                day_start_utc = excluded.day_start_utc, interval_minutes = excluded.interval_minutes, slot_count = excluded.slot_count,
                unit = excluded.unit, present_count = excluded.present_count, total = excluded.total,
                slot_values = excluded.slot_values, slot_qualities = excluded.slot_qualities,
                delivered = excluded.delivered, estimated_count = excluded.estimated_count;
            TRUNCATE interval_read_days_stage;
            """, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
