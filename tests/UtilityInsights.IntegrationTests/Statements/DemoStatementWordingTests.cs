using System.Globalization;
using System.Text.RegularExpressions;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Statements;

/// <summary>
/// Every statement of the demo utility (1,000 homes, its latest month billed), read as a customer
/// would: a weather explanation's words agree with the sign of its amount, no tip promises less
/// than a dollar, the formatting is the US utility's everywhere, solar homes are compared with solar
/// homes or told truly why not, and a statement of every kind prints on at most two pages.
/// </summary>
public partial class DemoStatementWordingTests
{
    [Test]
    public async Task Weather_words_agree_with_their_amounts_and_no_tip_promises_less_than_a_dollar()
    {
        using var utility = await DemoUtility.CreateAsync("wording", 1000, 13, prepareOnly: false);
        var statements = Directory.GetFiles(Path.Combine(utility.Folder, "out", "statements"), "*.txt", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".sms.txt", StringComparison.Ordinal)).ToList();
        var weatherParts = 0;
        var tips = 0;
        var wrong = new List<string>();
        foreach (var file in statements)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (WeatherPart().Match(line) is { Success: true } weather)
                {
                    weatherParts++;
                    var costsMore = weather.Groups["words"].Value is "Colder" or "Hotter" or "Clima más frío" or "Clima más caluroso";
                    if (costsMore != (weather.Groups["sign"].Value == "+"))
                        wrong.Add($"{Path.GetFileName(Path.GetDirectoryName(file))}: {line.Trim()}");
                }
                if (TipSavings().Match(line) is { Success: true } tip)
                {
                    tips++;
                    if (decimal.Parse(tip.Groups["dollars"].Value, NumberStyles.Number, CultureInfo.InvariantCulture) < 1m)
                        wrong.Add($"{Path.GetFileName(Path.GetDirectoryName(file))}: {line.Trim()}");
                }
            }
        }
        var html = Directory.GetFiles(Path.Combine(utility.Folder, "out", "statements"), "*.html", SearchOption.AllDirectories);
        var solarHomes = Storage.TestDb.Query(utility.Folder, "SELECT account_id FROM premises WHERE has_solar = 1", r => r.GetString(0)).ToHashSet();
        var solarCompared = 0;
        foreach (var file in html)
        {
            var page = await File.ReadAllTextAsync(file);
            var account = Path.GetFileName(Path.GetDirectoryName(file))!;
            if (page.Contains("lang=\"en\"", StringComparison.Ordinal) && page.Contains("neighbour", StringComparison.Ordinal))
                wrong.Add($"{account}: British spelling on a US statement");
            if (Regex.IsMatch(page, @"-\$\d") || page.Contains("((", StringComparison.Ordinal) || Regex.IsMatch(page, @"\d %") && page.Contains("lang=\"en\"", StringComparison.Ordinal))
                wrong.Add($"{account}: a hyphen for a minus, doubled brackets or a spaced per cent sign");
            if (!page.Contains($"content: \"Account number {account}\"", StringComparison.Ordinal) && !page.Contains($"content: \"Número de cuenta {account}\"", StringComparison.Ordinal))
                wrong.Add($"{account}: no account number on the printed pages");
            if (solarHomes.Contains(account))
            {
                if (page.Contains("Among similar homes with solar panels", StringComparison.Ordinal) || page.Contains("Entre hogares similares con paneles solares", StringComparison.Ordinal))
                    solarCompared++;
                else if (!page.Contains("solar panels", StringComparison.Ordinal) && !page.Contains("paneles solares", StringComparison.Ordinal))
                    wrong.Add($"{account}: a solar home neither compared with solar homes nor told why not");
            }
        }
        // A statement of each kind on paper: at most two pages (Letter), wherever Chromium is installed.
        var pages = new List<string>();
        if (UtilityInsights.Printing.PdfPrinter.FindChromium() is not null)
        {
            var kinds = html.GroupBy(f => Kind(File.ReadAllText(f))).Select(g => g.First()).ToList();
            await using var printer = await UtilityInsights.Printing.PdfPrinter.StartAsync();
            foreach (var file in kinds)
            {
                var pdf = Path.ChangeExtension(file, ".check.pdf");
                await printer.PrintAsync(await File.ReadAllTextAsync(file), pdf, CancellationToken.None);
                var count = PdfPage().Count(File.ReadAllText(pdf, System.Text.Encoding.Latin1));
                pages.Add($"{Kind(File.ReadAllText(file))}: {count}");
                if (count > 2)
                    wrong.Add($"{Path.GetFileName(Path.GetDirectoryName(file))} ({Kind(File.ReadAllText(file))}): {count} pages");
            }
        }
        TestContext.Out.WriteLine($"{solarCompared} of {solarHomes.Count} solar homes compared with solar homes; pages: {string.Join(", ", pages)}");

        Assert.Multiple(() =>
        {
            Assert.That(solarCompared, Is.GreaterThan(0), "the demo's solar homes have a cohort of their own");
            Assert.That(statements, Has.Count.GreaterThan(900), "the demo bills its latest month");
            Assert.That(weatherParts, Is.GreaterThan(500), "most January statements explain the weather");
            Assert.That(tips, Is.GreaterThan(1000));
            Assert.That(wrong, Is.Empty);
        });
    }

    [GeneratedRegex(@"^\s*- (?<words>Colder|Milder|Hotter|Cooler|Clima más frío|Clima menos frío|Clima más caluroso|Clima menos caluroso)\b.*: (?<sign>[+−])\$")]
    private static partial Regex WeatherPart();

    /// <summary>What sets a statement's length: language, past due, time of use, comparison, interval meter, solar.</summary>
    private static string Kind(string page) => string.Join("/",
        page.Contains("lang=\"es\"", StringComparison.Ordinal) ? "es" : "en",
        page.Contains("class=\"due past\"", StringComparison.Ordinal) ? "past-due" : "current",
        page.Contains("<h2>When you used it</h2>", StringComparison.Ordinal) || page.Contains("<h2>Cuándo la usó</h2>", StringComparison.Ordinal) ? "tou" : "one-period",
        page.Contains("class=\"cue\"", StringComparison.Ordinal) ? "compared" : "not-compared",
        page.Contains("Interval meter", StringComparison.Ordinal) || page.Contains("Medidor de intervalos", StringComparison.Ordinal) ? "interval" : "register",
        page.Contains("<h2>Your solar", StringComparison.Ordinal) || page.Contains("<h2>Su energía solar", StringComparison.Ordinal) ? "solar" : "no-solar");

    [GeneratedRegex(@"/Type\s*/Page\b(?!s)")]
    private static partial Regex PdfPage();

    [GeneratedRegex(@"(Estimated savings: about|Ahorro estimado: unos) [\d,.]+ \S+, \$(?<dollars>[\d,.]+)")]
    private static partial Regex TipSavings();
}
