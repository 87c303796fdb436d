using System.Globalization;
using System.Threading.Channels;
using Microsoft.Playwright;
using UtilityInsights.Operations.Issue;

namespace UtilityInsights.Printing;

/// <summary>
/// Prints HTML statements and notices to PDF with headless Chromium (Debian package
/// <c>chromium</c>, or the binary named in <c>UTILITYINSIGHTS_CHROMIUM</c>), driven by
/// Microsoft.Playwright: the browser starts once and keeps several pages (tabs) printing side by
/// side, one document each at a time, so a print batch of thousands is practical. The page's print
/// CSS lays each document out on the paper; JavaScript is off (statements have none) and the pages
/// cannot fetch anything. <see cref="PaperPrinter"/> prints reminders' HTML with it; their PDFs are put
/// together, page for page, by PDFsharp (see <see cref="PdfBatchFile"/>).
/// </summary>
public sealed class PdfPrinter : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private static readonly PagePdfOptions PdfOptions = new() { PreferCSSPageSize = true, PrintBackground = true, Format = "Letter" };

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly Channel<IPage> idle;

    private PdfPrinter(IPlaywright playwright, IBrowser browser, Channel<IPage> idle) => (this.playwright, this.browser, this.idle) = (playwright, browser, idle);

    /// <summary>
    /// Pages printing side by side: <c>UTILITYINSIGHTS_PRINT_PAGES</c> when set (1–64), else one for each core (each page has
    /// a renderer process of its own, and printing keeps it busy: more pages than cores only queue; RESULTS.md).
    /// </summary>
    public static int DefaultPages =>
        int.TryParse(Environment.GetEnvironmentVariable("UTILITYINSIGHTS_PRINT_PAGES"), NumberStyles.None, CultureInfo.InvariantCulture, out var pages) && pages is >= 1 and <= 64
            ? pages
            : Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// The Chromium binary to use, or null when none is installed: <c>UTILITYINSIGHTS_CHROMIUM</c> when set, else the first on
    /// the PATH of Chromium's headless shell (Debian's <c>chromium-headless-shell</c>: the same Blink, about four times faster
    /// at printing than the full browser, which starts a print compositor process for every PDF), <c>chromium</c>,
    /// <c>chromium-browser</c> and <c>google-chrome</c>.
    /// </summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        foreach (var name in new[] { "chromium-headless-shell", "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>The one-line error when Chromium is missing.</summary>
    public const string MissingChromium =
        "PDF needs headless Chromium, which is not installed: apt-get install chromium-headless-shell (or chromium; or set UTILITYINSIGHTS_CHROMIUM to a Chromium binary).";

    /// <summary>Starts Chromium with <paramref name="pages"/> pages (<see cref="DefaultPages"/> when null).</summary>
    public static async Task<PdfPrinter> StartAsync(int? pages = null)
    {
        var count = pages ?? DefaultPages;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(pages));
        var chromium = FindChromium() ?? throw new UserErrorException(MissingChromium);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
            var idle = Channel.CreateUnbounded<IPage>();
            for (var i = 0; i < count; i++)
                idle.Writer.TryWrite(await context.NewPageAsync());
            return new PdfPrinter(playwright, browser, idle);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            throw new UserErrorException($"Chromium ({chromium}) could not start: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>One document's PDF, printed on the next free page.</summary>
    public async Task<byte[]> PdfAsync(string html, CancellationToken cancellationToken)
    {
        var page = await idle.Reader.ReadAsync(cancellationToken);
        try
        {
            await page.SetContentAsync(html);
            return await page.PdfAsync(PdfOptions);
        }
        finally
        {
            idle.Writer.TryWrite(page);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>Print batches that make PDFs with <see cref="PaperPrinter"/>.</summary>
public static class PdfBatches
{
    /// <summary>
    /// PDFs: statements laid out for paper by <see cref="StatementPdf"/>; documents without a statement (reminders) printed from
    /// their HTML by Chromium. When <paramref name="htmlDocuments"/> (the run prints reminders), refused at once — a one-line user
    /// error ending with <paramref name="instead"/> — where Chromium is missing.
    /// </summary>
    public static PrintBatch Pdf(string instead, bool duplex = true, bool htmlDocuments = false) =>
        htmlDocuments && PdfPrinter.FindChromium() is null
            ? throw new UserErrorException($"{PdfPrinter.MissingChromium} {instead}")
            : PrintBatch.Pdf(() => Task.FromResult<IPdfPrinter>(new PaperPrinter()), duplex);

    /// <summary><c>pdf</c> or <c>html</c>, as the commands' <c>--print-format</c> says; batch PDFs on both sides of the paper unless <paramref name="duplex"/> is off (<c>--simplex</c>).</summary>
    public static PrintBatch For(string format, string instead, bool duplex = true, bool htmlDocuments = false) => format switch
    {
        "pdf" => Pdf(instead, duplex, htmlDocuments),
        "html" => PrintBatch.HtmlOnly(),
        _ => throw new UserErrorException($"--print-format '{format}' is not pdf or html."),
    };
}
