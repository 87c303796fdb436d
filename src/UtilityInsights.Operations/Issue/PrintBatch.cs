namespace UtilityInsights.Operations.Issue;

/// <summary>Where one statement sits in a print batch's PDF: its first page (from 1) and how many pages it has (a duplex blank not counted).</summary>
public sealed record PrintedPlacement(int FirstPage, int Pages)
{
    /// <summary>Sheets of paper the statement takes: one for every two pages when printed on both sides.</summary>
    public int Sheets(bool duplex) => duplex ? (Pages + 1) / 2 : Pages;
}

/// <summary>Prints documents to PDF (UtilityInsights.Printing's <c>PaperPrinter</c>: statements laid out by Skia, other documents' HTML by Chromium).</summary>
public interface IPdfPrinter : IAsyncDisposable
{
    /// <summary>Prints one document to <paramref name="pdfPath"/>, complete or not at all.</summary>
    Task PrintAsync(PrintDocument document, string pdfPath, CancellationToken cancellationToken);

    /// <summary>
    /// Says that <paramref name="document"/> comes next in the batch being gathered, so that a printer may start on it before
    /// the batch is full; <see cref="PrintBatchAsync"/> still gets the whole batch (and prints anything not started). A printer
    /// may ignore it.
    /// </summary>
    void Prepare(PrintDocument document, bool duplex)
    {
    }

    /// <summary>
    /// Prints the documents, in order, into one PDF at <paramref name="batchPath"/> (complete or not at all): each starts on
    /// a new sheet — when <paramref name="duplex"/>, a blank page follows a document with an odd number of pages — and
    /// its pages are the pages of its own PDF. Returns each document's place in the batch.
    /// </summary>
    Task<IReadOnlyList<PrintedPlacement>> PrintBatchAsync(IReadOnlyList<PrintDocument> documents, string batchPath, bool duplex,
        CancellationToken cancellationToken);
}

/// <summary>
/// One document to print: the label its first page carries in a batch PDF's outline (the account id), its HTML, and — for a
/// statement — its document of record with its language's strings, from which the statement is laid out for paper.
/// </summary>
public sealed record PrintDocument(string Label, string Html, PaperStatement? Statement = null);

/// <summary>A statement's model (its document of record) and the strings of its language, as printing lays it out.</summary>
public sealed record PaperStatement(UtilityInsights.Statements.StatementModel Model, IReadOnlyDictionary<string, string> Strings);

/// <summary>
/// How a run's paper copies are made: as PDFs, by one printer started on the first page and closed
/// with the run — statements gathered into batch PDFs of up to <see cref="MaxStatements"/>, each
/// starting on a new sheet (duplex unless <see cref="Duplex"/> is off) — or not at all (the HTML
/// goes to print as it is). Bill issue, notices and the portal's PDF downloads all print through
/// one of these.
/// </summary>
public sealed class PrintBatch : IAsyncDisposable
{
    /// <summary>The most statements in one batch PDF (print vendors take batches of a few hundred mail pieces).</summary>
    public const int MaxStatements = 500;

    private readonly Func<Task<IPdfPrinter>>? start;
    private Task<IPdfPrinter>? printer;

    private PrintBatch(Func<Task<IPdfPrinter>>? start, bool duplex) => (this.start, Duplex) = (start, duplex);

    public bool PrintsPdf => start is not null;

    /// <summary>Whether batches are printed on both sides of the paper (a blank page after a statement with an odd number of pages).</summary>
    public bool Duplex { get; }

    /// <summary>No PDFs: the caller copies the HTML.</summary>
    public static PrintBatch HtmlOnly() => new(null, duplex: false);

    /// <summary>PDFs, by a printer that <paramref name="start"/> starts when the first page is printed.</summary>
    public static PrintBatch Pdf(Func<Task<IPdfPrinter>> start, bool duplex = true) => new(start ?? throw new ArgumentNullException(nameof(start)), duplex);

    /// <summary>One document's own PDF (an email attachment, a portal download, a notice).</summary>
    public async Task PrintAsync(PrintDocument document, string pdfPath, CancellationToken cancellationToken) =>
        await (await PrinterAsync()).PrintAsync(document, pdfPath, cancellationToken);

    /// <summary>A batch PDF of up to <see cref="MaxStatements"/> documents, in order; see <see cref="IPdfPrinter.PrintBatchAsync"/>.</summary>
    public async Task<IReadOnlyList<PrintedPlacement>> PrintBatchAsync(IReadOnlyList<PrintDocument> documents, string batchPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count is 0 or > MaxStatements)
            throw new ArgumentOutOfRangeException(nameof(documents), documents.Count, $"A print batch has 1 to {MaxStatements} documents.");
        return await (await PrinterAsync()).PrintBatchAsync(documents, batchPath, Duplex, cancellationToken);
    }

    /// <summary>Tells the printer that <paramref name="document"/> comes next in the batch being gathered (<see cref="IPdfPrinter.Prepare"/>).</summary>
    public void Prepare(PrintDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (start is not null && Printer() is { IsCompletedSuccessfully: true } started)
            started.Result.Prepare(document, Duplex);
    }

    private Task<IPdfPrinter> PrinterAsync() =>
        start is null ? throw new InvalidOperationException("This batch prints no PDFs.") : Printer();

    // Started once, by the first document prepared or printed.
    private Task<IPdfPrinter> Printer() => printer ??= start!();

    public async ValueTask DisposeAsync()
    {
        if (printer is { IsCompletedSuccessfully: true })
            await printer.Result.DisposeAsync();
    }
}
