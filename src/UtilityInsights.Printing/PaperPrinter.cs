using UtilityInsights.Operations.Issue;

namespace UtilityInsights.Printing;

/// <summary>
/// The printer bill issue, reminders and the portal print with: a statement with its document of record is laid out for
/// paper by <see cref="StatementPdf"/> (no browser; a batch's statements on every core at once), any other document —
/// a reminder, or a bill from before documents were stored — is printed from its HTML by Chromium (<see cref="PdfPrinter"/>),
/// started the first time one is needed. A batch of statements is drawn as one PDF (<see cref="StatementPdf.WriteBatch"/>);
/// a batch with any other document is put together from each document's own PDF by <see cref="PdfBatchFile"/>.
/// </summary>
public sealed class PaperPrinter : IPdfPrinter
{
    private readonly SemaphoreSlim starting = new(1, 1);
    private PdfPrinter? chromium;

    public async Task PrintAsync(PrintDocument document, string pdfPath, CancellationToken cancellationToken)
    {
        var pdf = await PdfAsync(document, cancellationToken);
        await StatementFiles.WriteAtomicallyAsync(pdfPath, pdf, cancellationToken);
    }

    public async Task<IReadOnlyList<PrintedPlacement>> PrintBatchAsync(IReadOnlyList<PrintDocument> documents, string batchPath, bool duplex,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.All(d => d.Statement is not null))
        {
            // Statements only: laid out and drawn into the batch directly.
            using var pdf = new MemoryStream();
            var placements = await Task.Run(() => StatementPdf.WriteBatch(pdf, Path.GetFileNameWithoutExtension(batchPath),
                documents.Select(d => (d.Label, d.Statement!)).ToList(), duplex, cancellationToken), cancellationToken);
            await StatementFiles.WriteAtomicallyAsync(batchPath, pdf.ToArray(), cancellationToken);
            return placements;
        }
        var pdfs = new byte[documents.Count][];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Count), options, async (i, token) => pdfs[i] = await PdfAsync(documents[i], token));
        return await PdfBatchFile.WriteAsync(batchPath, documents.Select((d, i) => (d.Label, pdfs[i])).ToList(), duplex, cancellationToken);
    }

    private async Task<byte[]> PdfAsync(PrintDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        cancellationToken.ThrowIfCancellationRequested();
        return document.Statement is { } statement
            ? StatementPdf.Print(statement.Model, statement.Strings)
            : await (await ChromiumAsync()).PdfAsync(document.Html, cancellationToken);
    }

    private async Task<PdfPrinter> ChromiumAsync()
    {
        await starting.WaitAsync();
        try
        {
            return chromium ??= await PdfPrinter.StartAsync();
        }
        finally
        {
            starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (chromium is not null)
            await chromium.DisposeAsync();
        starting.Dispose();
    }
}
