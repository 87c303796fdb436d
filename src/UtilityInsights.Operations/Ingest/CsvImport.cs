using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Ingest;

/// <summary>The outcome of importing one CSV file: what was stored, what was refused and where the refusals are.</summary>
public sealed record ImportSummary(string File, int Accepted, int Inserted, int Updated, int Rejected, string? RejectsFile, IReadOnlyList<string> Rejections);

/// <summary>
/// Streams a canonical CSV into a store in batches, each batch one transaction: good rows are
/// committed, bad rows go to <c>FILE.rejects.csv</c> with line, field, value and reason.
/// </summary>
public static class CsvImport
{
    public const int BatchSize = 5_000;
    private const int RejectionsShown = 20;

    public static async Task<ImportSummary> RunAsync<T>(string file, IEnumerable<RowResult<T>> rows,
        Func<IReadOnlyList<T>, Task<(UpsertCounts Counts, IReadOnlyList<Rejected> Refused)>> storeBatch, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(storeBatch);
        using var rejects = new RejectsFile(file);
        var shown = new List<string>();
        var batch = new List<T>(BatchSize);
        var counts = new UpsertCounts();
        void Reject(Rejected r)
        {
            rejects.Write(r);
            Telemetry.RowsRejected.Add(1, new KeyValuePair<string, object?>("field", r.Field));
            if (shown.Count < RejectionsShown)
                shown.Add(r.ToString());
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0)
                return;
            var (stored, refused) = await storeBatch(batch);
            counts += stored;
            foreach (var r in refused)
                Reject(r);
            batch.Clear();
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.Rejection is { } rejection)
            {
                Reject(rejection);
                continue;
            }
            batch.Add(row.Value!);
            if (batch.Count >= BatchSize)
                await FlushAsync();
        }
        await FlushAsync();
        return new ImportSummary(file, counts.Inserted + counts.Updated, counts.Inserted, counts.Updated, rejects.Count,
            rejects.Count > 0 ? rejects.Path : null, shown);
    }
}
