using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Ingest;

/// <summary>
/// The canonical CSV files of records other than reads — accounts, premises, payments, weather —
/// streamed into their stores (<see cref="CsvImport"/>): good rows committed batch by batch, bad
/// rows kept aside with their reasons.
/// </summary>
public static class RecordImports
{
    public static Task<ImportSummary> ImportWeatherAsync(UtilityDatabase database, string path, TimeProvider clock, CancellationToken cancellationToken) =>
        CsvImport.RunAsync(path, WeatherCsv.Read(path, cancellationToken), async batch =>
            (await database.Weather.UpsertAsync(batch.Select(w => new WeatherDay(w.Region, w.Day, w.HeatingDegreeDays, w.CoolingDegreeDays)).ToList(),
                cancellationToken), (IReadOnlyList<Rejected>)[]), cancellationToken);

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
}
