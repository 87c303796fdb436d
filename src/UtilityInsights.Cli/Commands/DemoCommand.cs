using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using UtilityInsights.Ingestion.Samples;

namespace UtilityInsights.Cli.Commands;

/// <summary>
/// <c>demo</c>: builds a sample utility on the embedded database and says what it built. It
/// migrates the database, generates a seeded territory into <c>out/sample</c>, loads its accounts
/// and premises, and ingests its reads. (Rating, cohorts and the bill cycle join as their stages land.)
/// </summary>
public static class DemoCommand
{
    public static Command Create(CommandFactory factory)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var premises = new Option<int>("--premises") { Description = "Number of premises", DefaultValueFactory = _ => 200 };
        var months = new Option<int>("--months") { Description = "Calendar months of reads", DefaultValueFactory = _ => 13 };
        var demo = new Command("demo", "Build a sample utility on the embedded database and show what was built")
        {
            outDir, premises, months, SamplesCommands.Seed, SamplesCommands.Start,
        };
        factory.SetAction(demo, async (context, cancellationToken) =>
        {
            var watch = Stopwatch.StartNew();
            var sampleDir = Path.Combine(context.Get(outDir), "sample");
            var options = SamplesCommands.Options(context, sampleDir) with { Premises = context.Get(premises), Months = context.Get(months) };
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var sample = await context.WithProgressAsync("Generating sample utility",
                progress => Task.Run(() => SampleUtilityGenerator.Generate(options, progress, cancellationToken), cancellationToken));
            var accounts = await ImportCommands.ImportAccountsAsync(database, Path.Combine(sampleDir, "accounts.csv"), context.Clock, cancellationToken);
            var premisesImport = await ImportCommands.ImportPremisesAsync(database, Path.Combine(sampleDir, "premises.csv"), context.Clock, cancellationToken);
            var ingestion = new Ingest.ReadIngestion(database, context.Clock, context.Log, new Ingest.IngestOptions(CreateMeters: true));
            var reads = await context.WithProgressAsync("Ingesting reads", progress => ingestion.IngestAsync(
                [Path.Combine(sampleDir, "interval-reads.csv"), Path.Combine(sampleDir, "register-reads.csv")], progress, cancellationToken));
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
                    rejected = accounts.Rejected + premisesImport.Rejected + reads.Rejected,
                });
                return ExitCodes.Success;
            }
            var table = new Table().AddColumn("What").AddColumn(new TableColumn("Count").RightAligned()).AddColumn("Where");
            table.AddRow("Database (schema up to date)", "", Markup.Escape(database.Target.Display));
            table.AddRow("Accounts loaded", $"{accountCount:N0}", Markup.Escape(Path.Combine(sampleDir, "accounts.csv")));
            table.AddRow("Premises loaded", $"{premiseCount:N0}", Markup.Escape(Path.Combine(sampleDir, "premises.csv")));
            table.AddRow("Interval meters / hourly reads", $"{sample.IntervalMeters:N0} / {sample.IntervalReads:N0}", Markup.Escape(Path.Combine(sampleDir, "interval-reads.csv")));
            table.AddRow("Register meters / monthly reads", $"{sample.RegisterMeters:N0} / {sample.RegisterReads:N0}", Markup.Escape(Path.Combine(sampleDir, "register-reads.csv")));
            table.AddRow("Planted anomalies for validation", $"{sample.Anomalies:N0}", Markup.Escape(Path.Combine(sampleDir, "anomalies.csv")));
            table.AddRow("Reads stored (validated)", $"{reads.Accepted:N0}", Markup.Escape(database.Target.Display));
            table.AddRow("Gap slots estimated", $"{reads.Estimated:N0}", "quality E in the stored days");
            table.AddRow("Flags for review", $"{reads.Flags.Values.Sum():N0}",
                Markup.Escape(string.Join(", ", reads.Flags.Select(f => $"{f.Key} {f.Value}"))));
            table.AddRow("Tariffs", "3", Markup.Escape(Path.Combine(sampleDir, "tariffs")));
            AnsiConsole.MarkupLine($"Built a sample utility ({sample.Start:MMM yyyy} – {sample.EndExclusive.AddDays(-1):MMM yyyy}) in {watch.Elapsed.TotalSeconds:0.0} s:");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("Next: rating, cohorts and the bill cycle build on this database (see README).");
            return ExitCodes.Success;
        });
        return demo;
    }
}
