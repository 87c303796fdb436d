using UtilityInsights.Operations.Issue;

namespace UtilityInsights.Printing;

/// <summary>
/// The printer bill issue, reminders and the portal print with: a statement with its document of record is laid out for
/// paper by <see cref="StatementPdf"/> (no browser; a batch's statements on every core at once), any other document —
/// a reminder, or a bill from before documents were stored — is printed from its HTML by Chromium (<see cref="PdfPrinter"/>),
/// started the first time one is needed. A batch of statements is drawn in parts joined into one PDF: parts of a hundred
/// statements are drawn in the background as the batch is gathered (<see cref="Prepare"/>), the rest when it is printed;
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

    /// <summary>Statements a part drawn ahead holds: a batch of 500 is then started five times before it is full.</summary>
    private const int PreparedPart = 100;

    // The statements of the batch being gathered, not yet in a part, and the parts drawn from them in the background, in order
    // (the issue gathers and prints on one flow; the lock keeps them whole should a caller not).
    private readonly Lock gathering = new();
    private readonly List<PrintDocument> gathered = [];
    private readonly List<(List<PrintDocument> Documents, Task<PrintedPart> Part)> drawing = [];

    /// <summary>Draws the gathered statements a part at a time, in the background, while the rest of the batch is gathered.</summary>
    public void Prepare(PrintDocument document, bool duplex)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Statement is null)
            return;
        lock (gathering)
        {
            gathered.Add(document);
            if (gathered.Count < PreparedPart)
                return;
            var documents = gathered.ToList();
            gathered.Clear();
            drawing.Add((documents, Task.Run(() => StatementPdf.DrawPart(documents.Select(d => d.Statement!).ToList(), duplex, CancellationToken.None))));
        }
    }

    public async Task<IReadOnlyList<PrintedPlacement>> PrintBatchAsync(IReadOnlyList<PrintDocument> documents, string batchPath, bool duplex,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        // The parts drawn ahead that are this batch's first statements, in order (taken now: what is prepared next is the next batch's).
        var ahead = new List<Task<PrintedPart>>();
        lock (gathering)
        {
            var done = 0;
            foreach (var (prepared, part) in drawing)
            {
                if (done + prepared.Count > documents.Count || !prepared.SequenceEqual(documents.Skip(done).Take(prepared.Count), ReferenceEqualityComparer.Instance))
                    break;
                ahead.Add(part);
                done += prepared.Count;
            }
            drawing.Clear();
            gathered.Clear();
        }
        if (documents.All(d => d.Statement is not null))
        {
            // Statements only: the parts drawn ahead, the rest drawn now on every core, joined into the batch.
            using var pdf = new MemoryStream();
            var placements = await Task.Run(async () =>
            {
                var parts = (await Task.WhenAll(ahead)).Where(p => p.Duplex == duplex).ToList();
                if (parts.Count != ahead.Count)
                    parts.Clear();
                var drawn = parts.Sum(p => p.Pages.Count);
                parts.AddRange(StatementPdf.DrawParts(documents.Skip(drawn).Select(d => d.Statement!).ToList(), duplex, cancellationToken));
                return StatementPdf.Join(pdf, Path.GetFileNameWithoutExtension(batchPath), parts, documents.Select(d => d.Label).ToList(), duplex);
            }, cancellationToken);
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
