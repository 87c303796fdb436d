using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>accounts import FILE</c>, <c>premises import FILE</c>, <c>payments import FILE</c> and <c>weather import FILE</c>.</summary>
public static class ImportCommands
{
    public static Command Accounts(CommandFactory factory) =>
        ImportCommand(factory, "accounts", "Customer accounts", "Import or update accounts from a CSV file",
            "Accounts CSV (account_id,name,service_address,mailing_address,email,phone,language,channel,cycle)", ImportAccountsAsync);

    public static Command Premises(CommandFactory factory) =>
        ImportCommand(factory, "premises", "Premises (service locations) and home attributes",
            "Import or update premises and their attributes from a CSV file", "Premises CSV (DESIGN §3)", ImportPremisesAsync);

    public static Command Payments(CommandFactory factory) =>
        ImportCommand(factory, "payments", "Customer payments, posted to the ledger",
            "Post payments from a CSV file to the ledger (a reference already posted is skipped: re-importing changes nothing)",
            "Payments CSV (account_id,paid_at,amount,method,reference[,currency])", ImportPaymentsAsync, "already recorded");

    public static Command Weather(CommandFactory factory) =>
        ImportCommand(factory, "weather", "Daily heating and cooling degree days per weather region",
            "Import or update degree days from a CSV file (used to explain how weather changed a bill)",
            "Weather CSV (region,date,hdd,cdd)", ImportWeatherAsync);

    public static Task<ImportSummary> ImportWeatherAsync(UtilityDatabase database, string path, TimeProvider clock, CancellationToken cancellationToken) =>
        CsvImport.RunAsync(path, WeatherCsv.Read(path, cancellationToken), async batch =>
            (await database.Weather.UpsertAsync(batch.Select(w => new WeatherDay(w.Region, w.Day, w.HeatingDegreeDays, w.CoolingDegreeDays)).ToList(),
                cancellationToken), (IReadOnlyList<Rejected>)[]), cancellationToken);

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
            return summary.ExitCode;
        });
        return new Command(what, groupDescription) { import };
    }

    public static Task<ImportSummary> ImportAccountsAsync(UtilityDatabase database, string path, TimeProvider clock, CancellationToken cancellationToken) =>
        CsvImport.RunAsync(path, AccountCsv.Read(path, cancellationToken), async batch =>
            (await database.Accounts.UpsertAsync(batch, clock, cancellationToken), (IReadOnlyList<Rejected>)[]), cancellationToken);

    public static async Task<ImportSummary> ImportPremisesAsync(UtilityDatabase database, string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        var latestYear = clock.GetUtcNow().Year + 1;
        var rows = await OfKnownAccountsAsync(database, path, PremiseCsv.Read(path, latestYear, cancellationToken), p => p.AccountId, cancellationToken);
        return await CsvImport.RunAsync(path, rows, async batch =>
            (await database.Premises.UpsertAsync(batch, clock, cancellationToken), (IReadOnlyList<Rejected>)[]), cancellationToken);
    }

    /// <summary>
    /// Posts a payments file to the ledger: each payment once, by its reference. A reference seen
    /// before for the same account and amount counts as already recorded; for a different account
    /// or amount it is rejected (two payments cannot share a reference).
    /// </summary>
    public static async Task<ImportSummary> ImportPaymentsAsync(UtilityDatabase database, string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rows = await OfKnownAccountsAsync(database, path, PaymentCsv.Read(path, cancellationToken), p => p.AccountId, cancellationToken);
        return await CsvImport.RunAsync(path, rows, async batch =>
        {
            var entries = batch.Select(p => new LedgerEntry(p.AccountId, p.PaidAt, LedgerEntryKind.Payment, -p.Amount, p.Reference, null,
                $"Payment received by {p.Method} — thank you")).ToList();
            var outcomes = await database.Ledger.PostAllAsync(entries, cancellationToken);
            var refused = new List<Rejected>();
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i] == PostOutcome.Conflict)
                    refused.Add(new Rejected(path, batch[i].Line, "reference", batch[i].Reference,
                        "was already posted for a different account or amount (payment references must be unique)"));
            }
            return (new UpsertCounts(outcomes.Count(o => o == PostOutcome.Posted), outcomes.Count(o => o == PostOutcome.AlreadyRecorded)),
                (IReadOnlyList<Rejected>)refused);
        }, cancellationToken);
    }

    /// <summary>Rejects the rows whose account is not in the database (field <c>account_id</c>), passing the rest through.</summary>
    private static async Task<IEnumerable<RowResult<T>>> OfKnownAccountsAsync<T>(UtilityDatabase database, string path, IEnumerable<RowResult<T>> rows,
        Func<T, AccountId> accountOf, CancellationToken cancellationToken)
        where T : class
    {
        var accounts = await database.Accounts.ExistingIdsAsync(cancellationToken);
        return rows.Select(row => row.Value is { } value && accountOf(value) is var account && !accounts.Contains(account.Value)
            ? new RowResult<T>(row.Line, null, new Rejected(path, row.Line, "account_id", account.Value, "is not a known account (import accounts first)"))
            : row);
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
        AnsiConsole.MarkupLine($"[yellow]{summary.Rejected} row(s) rejected[/], listed in {Markup.Escape(summary.RejectsFile ?? "")}:");
        foreach (var line in summary.Rejections)
            AnsiConsole.MarkupLine($"  {Markup.Escape(line)}");
        if (summary.Rejected > summary.Rejections.Count)
            AnsiConsole.MarkupLine($"  … and {summary.Rejected - summary.Rejections.Count} more");
    }
}
