using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Ingestion.Samples;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>samples generate</c>: a realistic sample service territory as canonical CSVs.</summary>
public static class SamplesCommands
{
    public static readonly Option<int> Premises = new("--premises") { Description = "Number of premises (homes)", DefaultValueFactory = _ => 1_000 };
    public static readonly Option<int> Months = new("--months") { Description = "Calendar months of reads", DefaultValueFactory = _ => 13 };
    public static readonly Option<int> Seed = new("--seed") { Description = "Random seed: the same seed gives the same bytes", DefaultValueFactory = _ => 42 };
    public static readonly Option<string> Start = new("--start") { Description = "First month (YYYY-MM)", DefaultValueFactory = _ => "2025-01" };

    private static readonly Option<bool> RouteSchedule = new("--route-schedule")
    {
        Description = "Meter-reading routes: write routes.csv (route N on the Nth working day) and read monthly meters on their route's days",
    };

    private static readonly Option<string?> ProgramStart = new("--program-start")
    {
        Description = "Plant a randomised program from this day (YYYY-MM-DD): write program-assignments.csv (account_id,group)",
    };

    private static readonly Option<decimal> TreatmentEffect = new("--treatment-effect")
    {
        Description = "With --program-start: homes in treatment use this many percent less from the start on (default 0: no effect)",
    };

    /// <summary><c>--gzip</c>: the read files written gzip-compressed (<c>samples generate</c> and <c>demo</c>).</summary>
    public static readonly Option<bool> Gzip = new("--gzip")
    {
        Description = "Write the read files gzip-compressed (interval-reads.csv.gz, register-reads.csv.gz; ingest reads them as they are): about a sixth of the disk",
    };

    private static readonly Option<decimal> Holdout = new("--holdout") { Description = "With --program-start: the share of homes in control", DefaultValueFactory = _ => 0.2m };

    public static Command Create(CommandFactory factory)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/sample" };
        var generate = new Command("generate", "Generate a sample utility: accounts, premises, interval and register reads, weather, tariffs")
        {
            Premises, Months, Seed, Start, outDir, RouteSchedule, ProgramStart, TreatmentEffect, Holdout, Gzip,
        };
        factory.SetAction(generate, async (context, cancellationToken) =>
        {
            var options = Options(context, context.Get(outDir)) with
            {
                RouteSchedule = context.Get(RouteSchedule),
                ProgramStart = context.Get(ProgramStart) is { } programStart ? CliContext.Date(programStart, "--program-start") : null,
                TreatmentEffect = context.Get(TreatmentEffect),
                Holdout = context.Get(Holdout),
                Gzip = context.Get(Gzip),
            };
            var watch = Stopwatch.StartNew();
            var summary = await context.WithProgressAsync("Generating sample utility",
                progress => Task.Run(() => SampleUtilityGenerator.Generate(options, progress, cancellationToken), cancellationToken));
            context.Log.Information("Generated {Premises} premises, {IntervalReads} interval reads in {ElapsedMs} ms", summary.Premises, summary.IntervalReads, watch.ElapsedMilliseconds);
            if (context.Json)
            {
                CliContext.WriteJson(summary);
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine(
                $"Generated [green]{summary.Premises:N0}[/] premises ({summary.IntervalMeters:N0} interval, {summary.RegisterMeters:N0} register meters), " +
                $"[green]{summary.IntervalReads:N0}[/] hourly reads and {summary.RegisterReads:N0} register reads for " +
                $"{summary.Start:yyyy-MM-dd} – {summary.EndExclusive.AddDays(-1):yyyy-MM-dd}, {summary.Anomalies} planted anomalies, in {watch.Elapsed.TotalSeconds:0.0} s:");
            foreach (var file in summary.Files)
                AnsiConsole.MarkupLine($"  {Markup.Escape(file)}");
            return ExitCodes.Success;
        });
        return new Command("samples", "Sample data") { generate };
    }

    public static SampleOptions Options(CliContext context, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(context);
        var startText = context.Get(Start);
        if (!DateOnly.TryParseExact(startText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            throw new UserErrorException($"--start '{startText}' is not a month of the form YYYY-MM.");
        if (!Time.RecordDates.IsCycleInRange(start))
            throw new UserErrorException($"--start '{startText}' is outside the months this engine bills.");
        return new SampleOptions(context.Get(Premises), context.Get(Months), context.Get(Seed), start, outDirectory) { Gzip = context.Get(Gzip) };
    }
}
