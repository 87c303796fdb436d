using Dapper;
using UtilityInsights.Billing;

namespace UtilityInsights.Storage.Stores;

/// <summary>A route in the newest calendar version that names it: how many reads are scheduled, the first and the last.</summary>
public sealed record RouteSummary(string Route, int Version, int Reads, DateOnly First, DateOnly Last);

/// <summary>
/// Meter-reading route calendars, versioned: each import is a new version holding the routes it
/// names, and a route's calendar is its dates in the newest version that names it — an import never
/// changes what an earlier version said, so an earlier bill's period can always be explained.
/// </summary>
public sealed class RouteStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Stores the routes' read dates as a new calendar version (one transaction); returns the version.</summary>
    public Task<int> ImportAsync(IReadOnlyList<(string Route, DateOnly ReadDate)> dates, string source, DateTimeOffset importedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(dates);
            var version = 1 + await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT COALESCE(MAX(version), 0) FROM route_calendars{Dialect.UpdateLockHint}", transaction: transaction, cancellationToken: cancellationToken));
            var header = new DynamicParameters(new { Version = version, Source = source });
            Dialect.AddTimestamp(header, "ImportedAt", importedAt);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO route_calendars (version, imported_at, source) VALUES (@Version, @ImportedAt, @Source)", header, transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO route_read_dates (version, route, read_date) VALUES (@Version, @Route, @ReadDate)",
                dates.Distinct().Select(d => new { Version = version, d.Route, ReadDate = Dialect.DateValue(d.ReadDate) }), transaction,
                cancellationToken: cancellationToken));
            return version;
        }, cancellationToken);

    /// <summary>The calendars of the routes that have one (at most <see cref="Store.MaxIds"/> a call), by route; dates in order.</summary>
    public Task<Dictionary<string, RouteCalendar>> CalendarsAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Route, int Version, object ReadDate)>(new CommandDefinition(
                $"""
                SELECT d.route, d.version, d.read_date FROM route_read_dates AS d
                WHERE {Dialect.AnyOf("d.route", "Routes")} AND d.version = (SELECT MAX(n.version) FROM route_read_dates AS n WHERE n.route = d.route)
                ORDER BY d.route, d.read_date
                """, new { Routes = CheckIds(routes) }, cancellationToken: cancellationToken));
            return rows.GroupBy(r => r.Route, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => new RouteCalendar(g.Key, g.First().Version, g.Select(r => SqlDialect.ReadDate(r.ReadDate)).ToList()), StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>Every route with a calendar, in route order.</summary>
    public Task<IReadOnlyList<RouteSummary>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Route, int Version, int Reads, object First, object Last)>(new CommandDefinition(
                """
                SELECT d.route, d.version, COUNT(*), MIN(d.read_date), MAX(d.read_date) FROM route_read_dates AS d
                WHERE d.version = (SELECT MAX(n.version) FROM route_read_dates AS n WHERE n.route = d.route)
                GROUP BY d.route, d.version ORDER BY d.route
                """, cancellationToken: cancellationToken));
            return (IReadOnlyList<RouteSummary>)rows.Select(r => new RouteSummary(r.Route, r.Version, r.Reads, SqlDialect.ReadDate(r.First), SqlDialect.ReadDate(r.Last))).ToList();
        }, cancellationToken);
}
