using System.Text.Json;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Statements;

namespace UtilityInsights.IntegrationTests.Statements;

/// <summary>A statement's HTML, as emailed and framed in the portal, laid out in Chromium at a phone's width and a desktop's.</summary>
public class StatementWidthTests
{
    private static readonly string Golden = Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../UtilityInsights.Tests/Statements/golden");

    /// <summary>
    /// The past-due statement — the amount box with its three lines — in Spanish, whose words run longest: the box wraps its lines at
    /// 360 px instead of running off the screen (it kept each line whole and was cut off at the right: "Vencido — pague ahora, por
    /// favor: $" with the amounts out of sight).
    /// </summary>
    [TestCase("past-due", "es", 360)]
    [TestCase("past-due", "en", 360)]
    [TestCase("past-due", "es", 1280)]
    public async Task The_amount_box_fits_the_screen(string name, string language, int width)
    {
        var model = JsonSerializer.Deserialize<StatementModel>(await File.ReadAllTextAsync(Path.Combine(Golden, $"{name}.model.json")))! with { Language = language };
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"statement-{name}-{language}-{width}.html");
        await File.WriteAllTextAsync(file, StatementRenderer.Default().RenderHtml(model));

        await using var browser = await ReportBrowser.OpenAsync(file, width, 900, $"statement-{name}-{language}-{width}px");
        var box = await browser.Page.EvaluateAsync<double>("document.querySelector('.due').getBoundingClientRect().right");

        Assert.Multiple(async () =>
        {
            Assert.That(await browser.ScrollWidthAsync(), Is.LessThanOrEqualTo(width), "nothing scrolls sideways");
            Assert.That(box, Is.LessThanOrEqualTo(width), "the amount box ends inside the screen");
        });
    }
}
