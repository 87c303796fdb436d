using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Billing;
using UtilityInsights.Operations.Routes;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>routes import FILE</c> and <c>routes show</c>: the meter-reading route calendars that decide each account's billing period.</summary>
public static class RouteCommands
{
    public static Command Create(CommandFactory factory)
    {
        var file = new Argument<string>("file") { Description = "Route calendar CSV: route,read_date rows, or route,working_day rules (the Nth working day of each month)" };
        var from = new Option<string?>("--from") { Description = "First month a working-day rule schedules (YYYY-MM)" };
        var to = new Option<string?>("--to") { Description = "Last month a working-day rule schedules (YYYY-MM, included)" };
        var holidays = new Option<string?>("--holidays") { Description = "Days no route is read for working-day rules: us-federal, or a CSV whose column date lists them" };
        var import = new Command("import", "Store a route calendar as a new version (the routes it names follow it from now on)") { file, from, to, holidays };
        factory.SetAction(import, async (context, cancellationToken) =>
        {
            (DateOnly, DateOnly)? months = context.Get(from) is null && context.Get(to) is null ? null
                : (Month(context.Get(from) ?? throw new UserErrorException("--to needs --from."), "--from"),
                    Month(context.Get(to) ?? throw new UserErrorException("--from needs --to."), "--to"));
            if (months is var (first, last) && last < first)
                throw new UserErrorException($"--to {context.Get(to)} comes before --from {context.Get(from)}.");
            var holidayDays = RouteImport.Holidays(context.Get(holidays), months);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var summary = await RouteImport.ImportAsync(database, context.Get(file), months, holidayDays, context.Clock, cancellationToken);
            context.Log.Information("Imported route calendar {File}: version {Version}, {Routes} routes, {Dates} read dates, {Rejected} rejected",
                Path.GetFileName(context.Get(file)), summary.Version, summary.Routes, summary.ReadDates, summary.Rows.Rejected);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    version = summary.Version,
                    routes = summary.Routes,
                    read_dates = summary.ReadDates,
                    first = summary.First,
                    last = summary.Last,
                    rejected = summary.Rows.Rejected,
                    rejects_file = summary.Rows.RejectsFile,
                });
                return ExitCodes.ForRejected(summary.Rows.Rejected);
            }
            AnsiConsole.MarkupLine(summary.Version is { } version
                ? $"Route calendar version [green]{version}[/]: {Plural.Of(summary.Routes, "route")}, {Plural.Of(summary.ReadDates, "read date")} from {summary.First:MMM d, yyyy} to {summary.Last:MMM d, yyyy}"
                : "[yellow]Nothing stored[/]: no good row in the file.");
            if (summary.Rows.Rejected > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]{Plural.Of(summary.Rows.Rejected, "row")} rejected[/], listed in {Markup.Escape(summary.Rows.RejectsFile ?? "")}:");
                foreach (var line in summary.Rows.Rejections)
                    AnsiConsole.WriteLine("  " + line);
            }
            return ExitCodes.ForRejected(summary.Rows.Rejected);
        });

        var route = new Option<string?>("--route") { Description = "One route: its read dates and the billing period each gives" };
        var show = new Command("show", "List the route calendars, or one route's read dates and billing periods") { route };
        factory.SetAction(show, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            if (context.Get(route) is not { } code)
            {
                var routes = await database.Routes.ListAsync(cancellationToken);
                if (context.Json)
                {
                    CliContext.WriteJson(new { routes = routes.Select(r => new { route = r.Route, version = r.Version, reads = r.Reads, first = r.First, last = r.Last }) });
                    return ExitCodes.Success;
                }
                if (routes.Count == 0)
                {
                    AnsiConsole.MarkupLine("No route calendar yet: every account is billed by calendar month (routes import FILE).");
                    return ExitCodes.Success;
                }
                var table = new Table().AddColumns("Route", "Version", "Reads", "First", "Last");
                foreach (var r in routes)
                    table.AddRow(Markup.Escape(r.Route), Num(r.Version), Num(r.Reads), r.First.ToString("MMM d, yyyy", CultureInfo.InvariantCulture), r.Last.ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
                AnsiConsole.Write(table);
                return ExitCodes.Success;
            }
            if (Domain.Label.Problem(code) is { } problem)
                throw new UserErrorException($"--route {problem}.");
            var calendar = (await database.Routes.CalendarsAsync([code], cancellationToken)).GetValueOrDefault(code)
                ?? throw new UserErrorException($"route '{code}' has no calendar in {database.Target.Display} (routes show lists those that do).");
            // Each cycle's period as a first bill after the one before would have it: from the route's read before.
            var periods = calendar.ReadDates.Skip(1).Select(d => (Cycle: BillingCycle.Containing(d), Period: calendar.PeriodOf(BillingCycle.Containing(d), null)))
                .DistinctBy(p => p.Cycle).ToList();
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    route = calendar.Route,
                    version = calendar.Version,
                    read_dates = calendar.ReadDates,
                    periods = periods.Select(p => new { cycle = p.Cycle.Code, start = p.Period.Start, end = p.Period.EndExclusive, days = p.Period.Days }),
                });
                return ExitCodes.Success;
            }
            var dates = new Table().Title($"Route {Markup.Escape(calendar.Route)}, calendar version {calendar.Version}").AddColumns("Cycle", "Billing period", "Days");
            foreach (var (cycle, period) in periods)
                dates.AddRow(cycle.Code, $"{period.Start:MMM d} – {period.LastDay:MMM d, yyyy}", Num(period.Days));
            AnsiConsole.Write(dates);
            return ExitCodes.Success;
        });
        return new Command("routes", "Meter-reading route calendars: each account's bill runs from one scheduled read of its route to the next") { import, show };
    }

    private static DateOnly Month(string text, string option) =>
        BillingCycle.TryParse(text, out var month, out var problem) ? month.Period.Start : throw new UserErrorException($"{option}: '{text}' {problem}.");

    private static string Num(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
