using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using UtilityInsights.Billing;
using UtilityInsights.Ingestion.Samples;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.CohortModels;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Operations.Tariffs;
using UtilityInsights.Web;

namespace UtilityInsights.Cli.Commands;

/// <summary>
/// <c>demo</c>: builds a sample utility on the embedded database, bills its latest month and says
/// what it did. It migrates the database, generates a seeded territory into <c>out/sample</c>,
/// loads its accounts, premises, reads and tariffs, trains the cohort model, and runs the bill run
/// for the last whole month of reads, writing every statement to <c>out/statements</c>
/// (<c>--prepare-only</c> stops before the bill run).
/// </summary>
public static class DemoCommand
{
    /// <summary>How many demo customers get a portal password.</summary>
    public const int DemoPortalUsers = 5;

    /// <summary>A path as the user can type it: relative to the working folder when it lies inside it.</summary>
    private static string Shown(string path)
    {
        if (path.Length == 0)
            return path;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    public static Command Create(CommandFactory factory)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var premises = new Option<int>("--premises") { Description = "Number of premises", DefaultValueFactory = _ => 1000 };
        var months = new Option<int>("--months") { Description = "Calendar months of reads", DefaultValueFactory = _ => 13 };
        var prepareOnly = new Option<bool>("--prepare-only") { Description = "Stop before training cohorts and the bill run" };
        var calendarMonths = new Option<bool>("--calendar-months")
        {
            Description = "Bill every account by calendar month instead of on its meter-reading route's schedule (21 routes, the Nth working day)",
        };
        var printFormat = new Option<string?>("--print-format")
        {
            Description = "Paper statements as pdf (batch PDFs, laid out for paper; the default where a font is installed) or html",
        };
        printFormat.AcceptOnlyFromAmong("pdf", "html");
        var demo = new Command("demo", "Build a sample utility on the embedded database, bill its latest month and show what was done")
        {
            outDir, premises, months, SamplesCommands.Seed, SamplesCommands.Start, prepareOnly, printFormat, calendarMonths, SamplesCommands.Gzip,
        };
        factory.SetAction(demo, async (context, cancellationToken) =>
        {
            var watch = Stopwatch.StartNew();
            var sampleDir = Path.Combine(context.Get(outDir), "sample");
            var options = SamplesCommands.Options(context, sampleDir) with
            {
                Premises = context.Get(premises),
                Months = context.Get(months),
                RouteSchedule = !context.Get(calendarMonths),
            };
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var sample = await context.WithProgressAsync("Generating sample utility",
                progress => Task.Run(() => SampleUtilityGenerator.Generate(options, progress, cancellationToken), cancellationToken));
            var accounts = await RecordImports.ImportAccountsAsync(database, Path.Combine(sampleDir, "accounts.csv"), context.Clock, cancellationToken);
            var premisesImport = await RecordImports.ImportPremisesAsync(database, Path.Combine(sampleDir, "premises.csv"), context.Clock, cancellationToken);
            var weather = await RecordImports.ImportWeatherAsync(database, Path.Combine(sampleDir, "weather.csv"), context.Clock, cancellationToken);
            var ingestion = new ReadIngestion(database, context.Clock, context.Log, new IngestOptions(CreateMeters: true));
            var reads = await context.WithProgressAsync("Ingesting reads", progress => ingestion.IngestAsync(
                [Path.Combine(sampleDir, options.IntervalReadsFile), Path.Combine(sampleDir, options.RegisterReadsFile)], progress, cancellationToken));
            var tariffs = 0;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(sampleDir, "tariffs"), "*.json").Order(StringComparer.Ordinal))
                tariffs += (await TariffImport.ImportFileAsync(database, file, context.Clock, context.Log, cancellationToken)).Count;
            var cycle = sample.EndExclusive.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            // The routes' calendar: route N read on the Nth working day of each month of the sample, US federal holidays off.
            Operations.Routes.RouteImportSummary? routes = null;
            if (options.RouteSchedule)
            {
                var span = (sample.Start, sample.EndExclusive.AddMonths(-1));
                routes = await Operations.Routes.RouteImport.ImportAsync(database, Path.Combine(sampleDir, "routes.csv"), span,
                    Operations.Routes.RouteImport.Holidays("us-federal", span), context.Clock, cancellationToken);
            }
            string cohorts = "skipped (--prepare-only)";
            BillRunResult? run = null;
            string? report = null;
            IssueResult? issued = null;
            var printed = "";
            var portalUsers = new List<(string AccountId, string Password)>();
            string? operatorPassword = null;
            if (!context.Get(prepareOnly))
            {
                try
                {
                    var trained = await context.WithProgressAsync("Training cohorts", _ => CohortTraining.TrainAsync(database, new Cohorts.CohortOptions(),
                        new UtilityInsights.Insights.EligibilityRules(1.0m, 60), includeSolar: false, byRegion: true, null, null, Path.Combine(context.Get(outDir), "models"),
                        context.Clock, context.Log, cancellationToken));
                    cohorts = $"{trained.ModelVersion}: {trained.Cohorts} cohorts of {trained.Trained:N0} homes, R² {trained.R2Loo:0.000}";
                }
                catch (UserErrorException e)
                {
                    cohorts = $"not trained ({e.Message}); statements say why there is no comparison";
                }
                var runner = BillRunner.WithDefaults(database, new HoldRules(), context.Clock, log: context.Log);
                run = await context.WithProgressAsync($"Billing {cycle}",
                    progress => runner.RunAsync(cycle, Path.Combine(context.Get(outDir), "statements"), progress, cancellationToken));
                // Issue what is ready (held bills wait for review), so the portal has statements to show.
                // Paper statements are printed into batch PDFs (as billrun issue --print-format pdf does) where a font is installed
                // to print with, else kept as HTML (a machine with only the .NET SDK may have none); --print-format chooses.
                var unprintable = UtilityInsights.Printing.StatementPdf.Unavailable();
                var format = context.Get(printFormat) ?? (unprintable is null ? "pdf" : "html");
                await using (var print = UtilityInsights.Printing.PdfBatches.For(format, "Run demo --print-format html to keep them as HTML."))
                {
                    issued = await context.WithProgressAsync($"Issuing {cycle}", _ => new BillIssuer(database).IssueAsync(cycle, run.Out,
                        Path.Combine(context.Get(outDir), "delivery"), print, cancellationToken));
                }
                printed = format == "pdf" ? "printed into batch PDFs"
                    : unprintable is not null && context.Get(printFormat) is null ? $"HTML for the printer ({unprintable})"
                    : "HTML for the printer (--print-format pdf prints them into batch PDFs)";
                report = Path.Combine(context.Get(outDir), "reports", $"billrun-{cycle}.html");
                await BillRunCommands.WriteReportAsync(database, cycle, report, cancellationToken);
                // A few customers and one operator can sign in to the portal (serve); passwords follow the seed.
                foreach (var (_, account, _) in (await database.Bills.InStatusAsync(cycle, BillStatus.Issued, cancellationToken)).Take(DemoPortalUsers))
                {
                    var password = PortalAccounts.SeededPassword(options.Seed, account.Value);
                    await PortalAccounts.SetAsync(database, account.Value, account, password, context.Clock, cancellationToken);
                    portalUsers.Add((account.Value, password));
                }
                operatorPassword = PortalAccounts.SeededPassword(options.Seed, "operator");
                await PortalAccounts.SetAsync(database, "operator", null, operatorPassword, context.Clock, cancellationToken);
            }
            var accountCount = await database.Accounts.CountAsync(cancellationToken);
            var premiseCount = await database.Premises.CountAsync(cancellationToken);
            context.Log.Information("Demo built {Accounts} accounts and {Premises} premises in {ElapsedMs} ms", accountCount, premiseCount, watch.ElapsedMilliseconds);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    db = database.Target.Display,
                    @out = context.Get(outDir),
                    accounts = accountCount,
                    premises = premiseCount,
                    sample = new { sample.IntervalMeters, sample.RegisterMeters, sample.IntervalReads, sample.RegisterReads, sample.Anomalies, sample.Start, end = sample.EndExclusive },
                    reads = new { reads.Accepted, reads.Duplicates, reads.Estimated, reads.Flags },
                    weather_days = weather.Accepted,
                    rejected = accounts.Rejected + premisesImport.Rejected + weather.Rejected + reads.Rejected,
                    tariffs,
                    routes = routes is null ? null : new { routes.Routes, read_dates = routes.ReadDates, routes.Version },
                    cycle,
                    cohorts,
                    billrun = run is null ? null : new { billed = run.Billed + run.AlreadyBilled, held = run.Held, issued = issued?.Issued ?? 0, statements = run.Out, report },
                    portal_users = portalUsers.Select(u => new { account_id = u.AccountId, password = u.Password }),
                    operators = operatorPassword is null ? [] : new[] { new { user_id = "operator", password = operatorPassword } },
                });
                return ExitCodes.Success;
            }
            // One item to a line and what it points to on the next, indented: nothing is cut at 80 columns.
            var lines = new List<(string What, string Count, string Where)>
            {
                ("Database (schema up to date)", "", database.Target.Display),
                ("Accounts loaded", $"{accountCount:N0}", Shown(Path.Combine(sampleDir, "accounts.csv"))),
                ("Premises loaded", $"{premiseCount:N0}", Shown(Path.Combine(sampleDir, "premises.csv"))),
                ("Weather days (degree days per region)", $"{weather.Accepted:N0}", Shown(Path.Combine(sampleDir, "weather.csv"))),
                ("Interval meters / hourly reads", $"{sample.IntervalMeters:N0} / {sample.IntervalReads:N0}", Shown(Path.Combine(sampleDir, options.IntervalReadsFile))),
                ("Register meters / monthly reads", $"{sample.RegisterMeters:N0} / {sample.RegisterReads:N0}", Shown(Path.Combine(sampleDir, options.RegisterReadsFile))),
                ("Planted anomalies for validation", $"{sample.Anomalies:N0}", Shown(Path.Combine(sampleDir, "anomalies.csv"))),
                ("Reads stored (validated)", $"{reads.Accepted:N0}", ""),
                ("Gap slots estimated", $"{reads.Estimated:N0}", "quality E in the stored days"),
                ("Flags for review", $"{reads.Flags.Values.Sum():N0}", string.Join(", ", reads.Flags.Select(f => $"{f.Key} {f.Value}"))),
                ("Tariffs imported", $"{tariffs:N0}", Shown(Path.Combine(sampleDir, "tariffs"))),
                routes is null
                    ? ("Billing periods", "calendar months", "")
                    : ("Meter-reading routes / scheduled reads", $"{routes.Routes:N0} / {routes.ReadDates:N0}", "routes show --route R18"),
                ("Cohort model", "", cohorts),
            };
            if (run is not null)
            {
                // A demo run again on the same database bills nothing twice: those bills are counted as such, not as ready.
                lines.Add(($"Bills for {cycle}: ready / held", $"{run.Billed:N0} / {run.Held:N0}"
                    + (run.AlreadyBilled > 0 ? $" ({run.AlreadyBilled:N0} billed by an earlier run)" : ""), $"billrun status --cycle {cycle}"));
                lines.Add(("Statements (HTML, text, SMS)", "", Shown(Path.Combine(run.Out, "ACCOUNT", $"{cycle}.html"))));
                lines.Add(("Run report (plots)", "", Shown(report!)));
                lines.Add(("Bills issued (email outbox, print batch)", $"{issued?.Issued ?? 0:N0}", Shown(issued?.Delivery ?? "")));
                lines.Add(("Paper statements", printed, ""));
            }
            AnsiConsole.MarkupLine($"Built a sample utility ({sample.Start:MMM yyyy} – {sample.EndExclusive.AddDays(-1):MMM yyyy}) in {watch.Elapsed.TotalSeconds:0.0} s:");
            foreach (var (what, count, where) in lines)
            {
                AnsiConsole.MarkupLine($"  [bold]{Markup.Escape(what)}[/]{(count.Length > 0 ? ": " + Markup.Escape(count) : "")}");
                if (where.Length > 0)
                    AnsiConsole.MarkupLine($"      {Markup.Escape(where)}");
            }
            if (operatorPassword is not null)
            {
                AnsiConsole.MarkupLine($"  [bold]Portal sign-ins (serve)[/]: {portalUsers.Count + 1}");
                foreach (var (user, password) in portalUsers.Append(("operator", operatorPassword)))
                    AnsiConsole.MarkupLine($"      {Markup.Escape(user)} / {Markup.Escape(password)}");
            }
            AnsiConsole.MarkupLine(run is null
                ? $"Next: [bold]billrun --cycle {cycle}[/] bills the month (see README)."
                : $"Open a statement in {Markup.Escape(run.Out)} (one folder per account), or run [bold]serve[/] and sign in at http://127.0.0.1:5080 (see README).");
            return ExitCodes.Success;
        });
        return demo;
    }
}
