namespace UtilityInsights.Operations.Issue;

/// <summary>Prints HTML documents to PDF files, one after another (UtilityInsights.Printing's <c>PdfPrinter</c> is the one we have).</summary>
public interface IPdfPrinter : IAsyncDisposable
{
    /// <summary>Prints one HTML document to <paramref name="pdfPath"/>, complete or not at all.</summary>
    Task PrintAsync(string html, string pdfPath, CancellationToken cancellationToken);
}

/// <summary>
/// How a batch's paper copies are made: as PDFs, by one printer started on the first page and
/// closed with the batch, or not at all (the HTML goes to print as it is). Bill issue, notices and
/// the portal's PDF downloads all print through one of these.
/// </summary>
public sealed class PrintBatch : IAsyncDisposable
{
    private readonly Func<Task<IPdfPrinter>>? start;
    private IPdfPrinter? printer;

    private PrintBatch(Func<Task<IPdfPrinter>>? start) => this.start = start;

    public bool PrintsPdf => start is not null;

    /// <summary>No PDFs: the caller copies the HTML.</summary>
    public static PrintBatch HtmlOnly() => new(null);

    /// <summary>PDFs, by a printer that <paramref name="start"/> starts when the first page is printed.</summary>
    public static PrintBatch Pdf(Func<Task<IPdfPrinter>> start) => new(start ?? throw new ArgumentNullException(nameof(start)));

    public async Task PrintAsync(string html, string pdfPath, CancellationToken cancellationToken)
    {
        if (start is null)
            throw new InvalidOperationException("This batch prints no PDFs.");
        printer ??= await start();
        await printer.PrintAsync(html, pdfPath, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (printer is not null)
            await printer.DisposeAsync();
    }
}
