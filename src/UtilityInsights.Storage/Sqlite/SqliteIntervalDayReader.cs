using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using UtilityInsights.Domain;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>
/// Reads the rows of a <c>interval_read_days</c> query straight from SQLite's statement (prepared with SQLitePCL.raw on
/// the connection's own handle, stepped and read by <see cref="SqliteRows"/>). A bill run reads millions of day rows:
/// through ADO.NET each column costs two to four native calls (its type checked, then read), each taking the statement's
/// handle, and a new string or array; here each column is one or two calls on the statement's pointer, read in place, and
/// a meter's id, a date and a unit become objects only when they change.
/// </summary>
/// <remarks>
/// The query's columns: meter id, local date (<c>yyyy-MM-dd</c>), day start (Unix seconds), interval minutes, slot count,
/// unit, packed values, packed qualities; each meter's time zone comes from <c>zones</c> (which holds every meter asked for). Its text parameters are bound by name.
/// SQLite's busy timeout (<see cref="SqliteSetup"/>) waits for a writer as ADO.NET's commands would.
/// </remarks>
internal static class SqliteIntervalDayReader
{
    /// <summary>How many rows are read between looks at the cancellation token.</summary>
    private const int RowsBetweenCancellationChecks = 1024;

    public static Dictionary<string, List<MeterDay>> Read(SqliteConnection connection, string sql, IReadOnlyList<(string Name, string Value)> parameters,
        IReadOnlyDictionary<string, string> zones, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                if (index == 0)
                    throw new ArgumentException($"The query has no parameter {name}.", nameof(parameters));
                Check(raw.sqlite3_bind_text(statement, index, value), db);
            }
            var days = new StoredDays();
            byte[] meterBytes = [], unitBytes = [];
            var unit = default(Unit);
            var rows = 0;
            var result = SqliteRows.Each(statement, row =>
            {
                if (++rows % RowsBetweenCancellationChecks == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                var meter = SqliteRows.Blob(row, 0);
                if (rows == 1 || !meter.SequenceEqual(meterBytes))
                {
                    meterBytes = meter.ToArray();
                    var id = Encoding.UTF8.GetString(meterBytes);
                    days.StartMeter(id, zones[id]);
                }
                var unitText = SqliteRows.Blob(row, 5);
                if (rows == 1 || !unitText.SequenceEqual(unitBytes))
                {
                    unitBytes = unitText.ToArray();
                    unit = UnitInfo.Parse(Encoding.UTF8.GetString(unitBytes));
                }
                days.Add(SqlDialect.ParseDate(SqliteRows.Blob(row, 1)), SqliteRows.Int64(row, 2), SqliteRows.Int32(row, 3), SqliteRows.Int32(row, 4), unit,
                    SqliteRows.Blob(row, 6), SqliteRows.Blob(row, 7));
            });
            if (result != raw.SQLITE_DONE)
                Check(result, db);
            return days.ByMeter;
        }
    }

    private static void Check(int result, sqlite3 db)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, db);
    }
}
