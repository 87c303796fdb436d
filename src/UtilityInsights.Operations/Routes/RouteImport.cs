using UtilityInsights.Billing;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Routes;

/// <summary>What a route calendar import stored: its version, routes and read dates, and the rows it rejected.</summary>
public sealed record RouteImportSummary(ImportSummary Rows, int? Version, int Routes, int ReadDates, DateOnly? First, DateOnly? Last);

/// <summary>
/// <c>routes import</c>: a route calendar file stored as a new calendar version — its dates as they
/// are, or its rules (the Nth working day) expanded over the months asked, skipping weekends and
/// holidays. Bad rows are rejected with their line and reason; the good ones are stored in one
/// transaction, or nothing when none is good.
/// </summary>
public static class RouteImport
{
    public static async Task<RouteImportSummary> ImportAsync(UtilityDatabase database, string path, (DateOnly First, DateOnly Last)? months,
        IReadOnlySet<DateOnly> holidays, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        if (RouteCsv.HasRules(path) && months is null)
            throw new UserErrorException($"{Path.GetFileName(path)} gives working-day rules: say which months to schedule with --from YYYY-MM and --to YYYY-MM.");
        var dates = new List<(string Route, DateOnly ReadDate)>();
        var rows = await CsvImport.RunAsync(path, RouteCsv.Read(path, cancellationToken), batch =>
        {
            foreach (var row in batch)
            {
                if (row.ReadDate is { } date)
                    dates.Add((row.Route, date));
                else
                    dates.AddRange(WorkingDays.Schedule(row.WorkingDay!.Value, months!.Value.First, months.Value.Last, holidays).Select(d => (row.Route, d)));
            }
            return Task.FromResult((new UpsertCounts(batch.Count, 0), (IReadOnlyList<Rejected>)[]));
        }, cancellationToken);
        var distinct = dates.Distinct().ToList();
        int? version = distinct.Count == 0 ? null : await database.Routes.ImportAsync(distinct, Path.GetFileName(path), clock.GetUtcNow(), cancellationToken);
        return new RouteImportSummary(rows, version, distinct.Select(d => d.Route).Distinct(StringComparer.Ordinal).Count(), distinct.Count,
            distinct.Count == 0 ? null : distinct.Min(d => d.ReadDate), distinct.Count == 0 ? null : distinct.Max(d => d.ReadDate));
    }

    /// <summary>
    /// Holidays for working-day rules: <c>us-federal</c> (the US federal holidays of the years asked),
    /// a CSV file whose first column is <c>date</c>, or none.
    /// </summary>
    public static IReadOnlySet<DateOnly> Holidays(string? holidays, (DateOnly First, DateOnly Last)? months)
    {
        if (holidays is null)
            return new HashSet<DateOnly>();
        if (holidays == "us-federal")
        {
            var (first, last) = months ?? throw new UserErrorException("--holidays us-federal needs the months: --from YYYY-MM and --to YYYY-MM.");
            return Enumerable.Range(first.Year, last.Year - first.Year + 1).SelectMany(WorkingDays.UsFederalHolidays).ToHashSet();
        }
        CanonicalCsvReader.CheckReadable(holidays);
        var found = new HashSet<DateOnly>();
        foreach (var row in CanonicalCsvReader.Read(holidays, ["date"], record =>
            Time.RecordDates.TryParseDate(record.Text("date"), out var day, out var problem)
                ? new RowResult<object>(record.Line, day, null)
                : new RowResult<object>(record.Line, null, record.Reject("date", problem!))))
        {
            if (row.Rejection is { } rejected)
                throw new UserErrorException(rejected.ToString());
            found.Add((DateOnly)row.Value!);
        }
        return found;
    }
}
