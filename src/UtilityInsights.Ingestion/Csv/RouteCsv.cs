using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>One row of a route calendar file: a scheduled read date, or a rule (the Nth working day of each month).</summary>
public sealed record RouteRow(long Line, string Route, DateOnly? ReadDate, int? WorkingDay);

/// <summary>
/// A meter-reading route calendar: <c>route,read_date</c> rows (one per scheduled read), or
/// <c>route,working_day</c> rows — the route is read on that working day of every month (expanded by
/// the import over its months and holiday list). The header says which.
/// </summary>
public static class RouteCsv
{
    public static readonly IReadOnlyList<string> DateColumns = ["route", "read_date"];
    public static readonly IReadOnlyList<string> RuleColumns = ["route", "working_day"];

    /// <summary>The most working days a month has (23) bounds a rule's day.</summary>
    public const int MaxWorkingDay = 23;

    /// <summary>Whether the file holds rules (its header has <c>working_day</c>) rather than dates.</summary>
    public static bool HasRules(string path)
    {
        CanonicalCsvReader.CheckReadable(path);
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        return header.Split(',').Select(c => c.Trim().Trim('"').TrimStart('\uFEFF')).Contains("working_day", StringComparer.Ordinal);
    }

    public static IEnumerable<RowResult<RouteRow>> Read(string path, CancellationToken cancellationToken = default) =>
        HasRules(path) ? CanonicalCsvReader.Read(path, RuleColumns, MapRule, cancellationToken) : CanonicalCsvReader.Read(path, DateColumns, MapDate, cancellationToken);

    private static RowResult<RouteRow> MapDate(CsvRecord row)
    {
        var route = row.Text("route");
        if (Label.Problem(route) is { } routeProblem)
            return new(row.Line, null, row.Reject("route", routeProblem));
        if (!RecordDates.TryParseDate(row.Text("read_date"), out var date, out var dateProblem))
            return new(row.Line, null, row.Reject("read_date", dateProblem!));
        return new(row.Line, new RouteRow(row.Line, route, date, null), null);
    }

    private static RowResult<RouteRow> MapRule(CsvRecord row)
    {
        var route = row.Text("route");
        if (Label.Problem(route) is { } routeProblem)
            return new(row.Line, null, row.Reject("route", routeProblem));
        if (!int.TryParse(row.Text("working_day"), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > MaxWorkingDay)
            return new(row.Line, null, row.Reject("working_day", $"is not a working day of the month from 1 to {MaxWorkingDay}"));
        return new(row.Line, new RouteRow(row.Line, route, null, day), null);
    }
}
