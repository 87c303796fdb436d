using System.CommandLine;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.GreenButton;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>export greenbutton --meter M --from D --to D [--out FILE]</c>: a Download-My-Data feed of one meter.</summary>
public static class ExportCommand
{
    public static Command Create(CommandFactory factory)
    {
        var meter = new Option<string>("--meter") { Description = "Meter id", Required = true };
        var from = new Option<string>("--from") { Description = "First local day (YYYY-MM-DD, included)", Required = true };
        var to = new Option<string>("--to") { Description = "Last local day (YYYY-MM-DD, excluded)", Required = true };
        var output = new Option<string?>("--out") { Description = "Output file (.xml); standard output when omitted" };
        var greenButton = new Command("greenbutton", "Green Button Download My Data (NAESB ESPI Atom XML) for one meter") { meter, from, to, output };
        factory.SetAction(greenButton, async (context, cancellationToken) =>
        {
            var first = CliContext.Date(context.Get(from), "--from");
            var end = CliContext.Date(context.Get(to), "--to");
            if (end <= first)
                throw new UserErrorException($"--to {end:yyyy-MM-dd} must come after --from {first:yyyy-MM-dd} (the end is excluded).");
            var id = context.Get(meter);
            if (Identifier.Problem(id) is { } problem)
                throw new UserErrorException($"--meter '{id}' {problem}.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var found = await database.Meters.GetAsync(new MeterId(id), cancellationToken)
                ?? throw new UserErrorException($"--meter {id}: no such meter in {database.Target.Display}.");
            var export = new GreenButtonExport(found, first, end, context.Clock.GetUtcNow())
            {
                Periods = await database.Reads.PeriodReadsStartingAsync(found, first, end, cancellationToken),
            };
            var path = context.Get(output);
            if (path is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await GreenButtonWriter.WriteAsync(stdout, export, database.Reads.StreamDaysAsync(found, first, end, cancellationToken), cancellationToken);
                return ExitCodes.Success;
            }
            var partial = path + ".partial";
            try
            {
                await using (var file = File.Create(partial))
                    await GreenButtonWriter.WriteAsync(file, export, database.Reads.StreamDaysAsync(found, first, end, cancellationToken), cancellationToken);
                File.Move(partial, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new UserErrorException($"--out {path}: cannot write ({e.Message}).", e);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            context.Log.Information("Exported Green Button for meter {Meter} {From}..{To}", id, first, end);
            if (!context.Json)
                Console.WriteLine($"Wrote {path}");
            else
                CliContext.WriteJson(new { meter = id, from = first, to = end, @out = path });
            return ExitCodes.Success;
        });
        return new Command("export", "Export data") { greenButton };
    }
}
