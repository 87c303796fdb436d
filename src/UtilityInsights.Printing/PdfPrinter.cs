using Microsoft.Playwright;
using UtilityInsights.Operations.Issue;

namespace UtilityInsights.Printing;

/// <summary>
/// Prints HTML statements and notices to PDF with headless Chromium (Debian package
/// <c>chromium</c>, or the binary named in <c>UTILITYINSIGHTS_CHROMIUM</c>), driven by
/// Microsoft.Playwright: the browser starts once and prints page after page (about a tenth of a
/// second each), so a print batch of thousands is practical. The page's print CSS lays it out on the
/// paper; JavaScript is off (statements have none) and the page cannot fetch anything.
/// </summary>
public sealed class PdfPrinter : IPdfPrinter
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IPage page;

    private PdfPrinter(IPlaywright playwright, IBrowser browser, IPage page) => (this.playwright, this.browser, this.page) = (playwright, browser, page);

    /// <summary>The Chromium binary to use, or null when none is installed.</summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
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
        "PDF needs headless Chromium, which is not installed: apt-get install chromium (or set UTILITYINSIGHTS_CHROMIUM to a Chromium binary).";

    public static async Task<PdfPrinter> StartAsync()
    {
        var chromium = FindChromium() ?? throw new UserErrorException(MissingChromium);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
            return new PdfPrinter(playwright, browser, await context.NewPageAsync());
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            throw new UserErrorException($"Chromium ({chromium}) could not start: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Prints one HTML document to <paramref name="pdfPath"/> (written beside and renamed into place).</summary>
    public async Task PrintAsync(string html, string pdfPath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pdfPath))!);
        var temporary = pdfPath + ".partial";
        await page.SetContentAsync(html);
        await page.PdfAsync(new PagePdfOptions { Path = temporary, PreferCSSPageSize = true, PrintBackground = true, Format = "Letter" });
        File.Move(temporary, pdfPath, overwrite: true);
    }

    /// <summary>Prints one document with a browser started for it (for a single statement).</summary>
    public static async Task PrintOnceAsync(string html, string pdfPath, CancellationToken cancellationToken)
    {
        await using var printer = await StartAsync();
        await printer.PrintAsync(html, pdfPath, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>Print batches that make PDFs with <see cref="PdfPrinter"/>.</summary>
public static class PdfBatches
{
    /// <summary>PDFs; refused at once (a one-line user error ending with <paramref name="instead"/>) when Chromium is missing.</summary>
    public static PrintBatch Pdf(string instead) =>
        PdfPrinter.FindChromium() is null
            ? throw new UserErrorException($"{PdfPrinter.MissingChromium} {instead}")
            : PrintBatch.Pdf(async () => await PdfPrinter.StartAsync());

    /// <summary><c>pdf</c> or <c>html</c>, as the commands' <c>--print-format</c> says.</summary>
    public static PrintBatch For(string format, string instead) => format switch
    {
        "pdf" => Pdf(instead),
        "html" => PrintBatch.HtmlOnly(),
        _ => throw new UserErrorException($"--print-format '{format}' is not pdf or html."),
    };
}
