using System.Data;
using Microsoft.Data.SqlClient;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.SqlServer;

/// <summary>
/// Buffers meter-days and writes them with SqlBulkCopy into a session temp table, then moves
/// them into <c>interval_read_days</c>: an UPDATE of the days that exist and an INSERT of the
/// rest, under UPDLOCK/HOLDLOCK (no MERGE).
/// </summary>
internal sealed class SqlServerIntervalDayWriter : IIntervalDayWriter
{
    private const int BatchDays = 10_000;

    private readonly SqlConnection connection;
    private readonly SqlTransaction transaction;
    private readonly DataTable buffer = CreateTable();
    private bool stageCreated;

    public SqlServerIntervalDayWriter(SqlConnection connection, SqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public async Task WriteAsync(MeterDay day, CancellationToken cancellationToken)
    {
        buffer.Rows.Add(
            day.MeterId.Value, day.Day.Date.ToDateTime(TimeOnly.MinValue), day.Day.Start.ToUnixTimeSeconds(), day.IntervalMinutes,
            day.SlotCount, day.Unit.Symbol(), day.PresentCount, day.Total.Value, MeterDayCodec.PackValues(day), MeterDayCodec.PackQualities(day),
            day.Delivered, day.EstimatedCount);
        if (buffer.Rows.Count >= BatchDays)
            await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (buffer.Rows.Count == 0)
            return;
        if (!stageCreated)
        {
            await ExecuteAsync(
                """
                CREATE TABLE #interval_read_days_stage (
                    meter_id nvarchar(64) NOT NULL, local_date date NOT NULL, day_start_utc bigint NOT NULL, interval_minutes int NOT NULL,
                    slot_count int NOT NULL, unit varchar(8) NOT NULL, present_count int NOT NULL, total decimal(19,6) NOT NULL,
                    slot_values varbinary(max) NOT NULL, slot_qualities varbinary(max) NOT NULL,
                    delivered decimal(19,6) NOT NULL, estimated_count int NOT NULL,
                    PRIMARY KEY (meter_id, local_date))
                """, cancellationToken);
            stageCreated = true;
        }

        using (var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction))
        {
            bulk.DestinationTableName = "#interval_read_days_stage";
            bulk.BatchSize = BatchDays;
            foreach (DataColumn column in buffer.Columns)
                bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
            await bulk.WriteToServerAsync(buffer, cancellationToken);
        }
        buffer.Clear();

        await ExecuteAsync(
            """
            UPDATE d
            SET d.day_start_utc = s.day_start_utc, d.interval_minutes = s.interval_minutes, d.slot_count = s.slot_count, d.unit = s.unit,
                d.present_count = s.present_count, d.total = s.total, d.slot_values = s.slot_values, d.slot_qualities = s.slot_qualities,
                d.delivered = s.delivered, d.estimated_count = s.estimated_count
            FROM interval_read_days AS d WITH (UPDLOCK, HOLDLOCK)
            JOIN #interval_read_days_stage AS s ON s.meter_id = d.meter_id AND s.local_date = d.local_date;

            INSERT INTO interval_read_days
                (meter_id, local_date, day_start_utc, interval_minutes, slot_count, unit, present_count, total, slot_values, slot_qualities,
                 delivered, estimated_count)
            SELECT s.meter_id, s.local_date, s.day_start_utc, s.interval_minutes, s.slot_count, s.unit, s.present_count, s.total, s.slot_values, s.slot_qualities,
                   s.delivered, s.estimated_count
            FROM #interval_read_days_stage AS s
            WHERE NOT EXISTS (SELECT 1 FROM interval_read_days AS d WITH (UPDLOCK, HOLDLOCK)
                              WHERE d.meter_id = s.meter_id AND d.local_date = s.local_date);

            TRUNCATE TABLE #interval_read_days_stage;
            """, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // After a rolled-back transaction (a deadlock victim, error 1205) the stage table may be gone and the
        // transaction finished: drop it only if it still exists, so the caller sees the real error.
        if (stageCreated && connection.State == System.Data.ConnectionState.Open)
        {
            using var command = new SqlCommand(
                "IF OBJECT_ID(N'tempdb..#interval_read_days_stage') IS NOT NULL DROP TABLE #interval_read_days_stage",
                connection, transaction.Connection is null ? null : transaction);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        buffer.Dispose();
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = new SqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DataTable CreateTable()
    {
        var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Columns.Add("meter_id", typeof(string));
        table.Columns.Add("local_date", typeof(DateTime));
        table.Columns.Add("day_start_utc", typeof(long));
        table.Columns.Add("interval_minutes", typeof(int));
        table.Columns.Add("slot_count", typeof(int));
        table.Columns.Add("unit", typeof(string));
        table.Columns.Add("present_count", typeof(int));
        table.Columns.Add("total", typeof(decimal));
        table.Columns.Add("slot_values", typeof(byte[]));
        table.Columns.Add("slot_qualities", typeof(byte[]));
        table.Columns.Add("delivered", typeof(decimal));
        table.Columns.Add("estimated_count", typeof(int));
        return table;
    }
}
