using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Storage;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>accounts import FILE</c>, <c>premises import FILE</c>, <c>payments import FILE</c> and <c>weather import FILE</c>.</summary>
public static class ImportCommands
{
    public static Command Accounts(CommandFactory factory) =>
        ImportCommand(factory, "accounts", "Customer accounts", "Import or update accounts from a CSV file",
            "Accounts CSV (account_id,name,service_address,mailing_address,email,phone,language,channel,cycle)", RecordImports.ImportAccountsAsync);

    public static Command Premises(CommandFactory factory) =>
        ImportCommand(factory, "premises", "Premises (service locations) and home attributes",
            "Import or update premises and their attributes from a CSV file", "Premises CSV (DESIGN §3)", RecordImports.ImportPremisesAsync);

    public static Command Payments(CommandFactory factory) =>
        ImportCommand(factory, "payments", "Customer payments, posted to the ledger",
            "Post payments from a CSV file to the ledger (a reference already posted is skipped: re-importing changes nothing)",
            "Payments CSV (account_id,paid_at,amount,method,reference[,currency])", RecordImports.ImportPaymentsAsync, "already recorded");

    public static Command Weather(CommandFactory factory) =>
        ImportCommand(factory, "weather", "Daily heating and cooling degree days per weather region",
            "Import or update degree days from a CSV file (used to explain how weather changed a bill)",
            "Weather CSV (region,date,hdd,cdd)", RecordImports.ImportWeatherAsync);

    private static Command ImportCommand(CommandFactory factory, string what, string groupDescription, string importDescription, string fileDescription,
        Func<UtilityDatabase, string, TimeProvider, CancellationToken, Task<ImportSummary>> importer, string updatedWord = "updated")
    {
        var file = new Argument<string>("file") { Description = fileDescription };
        var import = new Command("import", importDescription) { file };
        factory.SetAction(import, async (context, cancellationToken) =>
        {
            var path = context.Get(file);
            CanonicalCsvReader.CheckReadable(path);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var summary = await importer(database, path, context.Clock, cancellationToken);
            context.Log.Information("Imported {What} from {File}: {Inserted} new, {Updated} updated, {Rejected} rejected",
                what, Path.GetFileName(path), summary.Inserted, summary.Updated, summary.Rejected);
            Report(context, what, summary, updatedWord);
            return ExitCodes.ForRejected(summary.Rejected);
        });
        return new Command(what, groupDescription) { import };
    }

    private static void Report(CliContext context, string what, ImportSummary summary, string updatedWord)
    {
        if (context.Json)
        {
            CliContext.WriteJson(summary);
            return;
        }
        AnsiConsole.MarkupLine($"[green]{summary.Inserted}[/] {what} added, [green]{summary.Updated}[/] {updatedWord} from {Markup.Escape(summary.File)}");
        if (summary.Rejected == 0)
            return;
        AnsiConsole.MarkupLine($"[yellow]{Plural.Of(summary.Rejected, "row")} rejected[/], listed in {Markup.Escape(summary.RejectsFile ?? "")}:");
        foreach (var line in summary.Rejections)
            AnsiConsole.MarkupLine($"  {Markup.Escape(line)}");
        if (summary.Rejected > summary.Rejections.Count)
            AnsiConsole.MarkupLine($"  … and {summary.Rejected - summary.Rejections.Count} more");
    }
}
