using Microsoft.Playwright;
using UtilityInsights.Printing;

namespace UtilityInsights.IntegrationTests.Cli;

/// <summary>
/// A local HTML file opened in headless Chromium at a given width (scripts off, as the reports need none), for a test to
/// look at: a full-page screenshot is attached to the test's results. Skips the test, saying why, without Chromium.
/// </summary>
public sealed class ReportBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ReportBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ReportBrowser> OpenAsync(string file, int width, int height, string screenshotName)
    {
        if (PdfPrinter.FindChromium() is not { } chromium)
        {
            Assert.Ignore("Chromium is not installed (apt-get install chromium; .ci/run installs it).");
            throw new InvalidOperationException();
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, JavaScriptEnabled = false });
        await page.GotoAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri);
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, screenshotName + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        TestContext.AddTestAttachment(shot);
        return new ReportBrowser(playwright, browser, page);
    }

    /// <summary>How wide the page is laid out: more than the window means it scrolls sideways.</summary>
    public Task<int> ScrollWidthAsync() => Page.EvaluateAsync<int>("document.documentElement.scrollWidth");

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
