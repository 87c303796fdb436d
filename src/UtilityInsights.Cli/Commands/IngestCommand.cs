using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Operations.Ingest;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>ingest FILE… [--create-meters]</c>: meter reads in, validated, estimated and stored.</summary>
public static class IngestCommand
{
    public static Command Create(CommandFactory factory)
    {
        var files = new Argument<string[]>("files") { Description = "Interval CSV, register CSV or Green Button XML files, any of them gzip-compressed (.csv.gz, .xml.gz)", Arity = ArgumentArity.OneOrMore };
        var createMeters = new Option<bool>("--create-meters") { Description = "Register reads' unknown meters instead of rejecting them" };
        var linearGap = new Option<int>("--linear-gap-minutes") { Description = "Longest gap filled by linear interpolation", DefaultValueFactory = _ => VeeOptions.Default.MaxLinearGapMinutes };
        var spike = new Option<decimal>("--spike-iqr") { Description = "Spike threshold: median + k·IQR of the meter's reads", DefaultValueFactory = _ => VeeOptions.Default.SpikeIqrFactor };
        var zeroRun = new Option<int>("--zero-run-minutes") { Description = "Flag zero reads in a row lasting at least this long", DefaultValueFactory = _ => VeeOptions.Default.ZeroRunMinutes };
        var noEstimate = new Option<bool>("--no-estimate") { Description = "Leave gaps empty instead of estimating them" };
        var batchRows = new Option<int>("--batch-rows") { Description = "Rows per transaction", DefaultValueFactory = _ => 250_000, Hidden = true };
        var ingest = new Command("ingest", "Import meter reads: validate, estimate gaps, store (idempotent)")
        {
            files, createMeters, linearGap, spike, zeroRun, noEstimate, batchRows,
        };
        factory.SetAction(ingest, async (context, cancellationToken) =>
        {
            var vee = new VeeOptions
            {
                MaxLinearGapMinutes = context.Get(linearGap),
                SpikeIqrFactor = context.Get(spike),
                ZeroRunMinutes = context.Get(zeroRun),
                Estimate = !context.Get(noEstimate),
            };
            if (vee.MaxLinearGapMinutes < 0 || vee.SpikeIqrFactor <= 0 || vee.ZeroRunMinutes <= 0 || context.Get(batchRows) < 1)
                throw new UserErrorException("--linear-gap-minutes must be 0 or more; --spike-iqr, --zero-run-minutes and --batch-rows positive.");
            // The files are checked and the first one's reading begun before the database is opened and migrated, which it overlaps.
            await using var reading = ReadFiles.Begin(context.Get(files), cancellationToken);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var ingestion = new ReadIngestion(database, context.Clock, context.Log, new IngestOptions(context.Get(createMeters), vee, context.Get(batchRows)));
            var summary = await context.WithProgressAsync("Ingesting reads", progress => ingestion.IngestAsync(reading, progress, cancellationToken));
            if (context.Json)
            {
                CliContext.WriteJson(summary);
                return ExitCodes.ForRejected(summary.Rejected);
            }
            AnsiConsole.MarkupLine($"[green]{summary.Accepted:N0}[/] reads stored, {summary.Duplicates:N0} duplicates, {summary.Estimated:N0} estimated, " +
                $"{summary.Conflicts:N0} replaced by a newer version, {summary.ReplacedEstimates:N0} estimates replaced by actual reads, [yellow]{summary.Rejected:N0}[/] rejected");
            if (summary.ReconcileCycles.Count > 0)
            {
                AnsiConsole.MarkupLine("Reads already stored have changed: a bill made on them may no longer agree with them. " +
                    string.Join(", ", summary.ReconcileCycles.Select(c => $"[bold]billrun reconcile --cycle {Markup.Escape(c)}[/]")) +
                    (summary.ReconcileCycles.Count == 1 ? " lists those" : " list those of each cycle") + " (and rebills them with --rebill).");
            }
            else if (summary.Conflicts + summary.ReplacedEstimates > 0)
            {
                AnsiConsole.MarkupLine("Reads already stored have changed; no bill has been made for the days they changed on.");
            }
            if (summary.Flags.Count > 0)
                AnsiConsole.MarkupLine("Flags for review: " + Markup.Escape(string.Join(", ", summary.Flags.Select(f => $"{f.Key} {f.Value:N0}"))));
            var table = new Table().AddColumns("Meter", "Reads", "Total", "First", "Last end");
            foreach (var meter in summary.Meters.Take(20))
            {
                table.AddRow(Markup.Escape(meter.MeterId), $"{meter.Reads:N0}", $"{meter.Total.Quantity:N3} {meter.Total.Unit}",
                    meter.FirstStart.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture),
                    meter.LastEnd.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            if (summary.Meters.Count > 20)
                AnsiConsole.MarkupLine($"… and {summary.Meters.Count - 20:N0} more meters (--json lists all)");
            foreach (var line in summary.Rejections)
                AnsiConsole.MarkupLine($"  [yellow]rejected[/] {Markup.Escape(line)}");
            foreach (var rejects in summary.RejectsFiles)
                AnsiConsole.MarkupLine($"Rejected rows with their reasons: {Markup.Escape(rejects)}");
            return ExitCodes.ForRejected(summary.Rejected);
        });
        return ingest;
    }
}
