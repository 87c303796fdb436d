using System.Globalization;
using System.Text.RegularExpressions;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Statements;

/// <summary>
/// Every statement of the demo utility (1,000 homes, its latest month billed), read as a customer
/// would: a weather explanation's words agree with the sign of its amount, no tip promises less
/// than a dollar, the formatting is the US utility's everywhere, solar homes are compared with solar
/// homes or told truly why not, and every statement prints on at most two pages.
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
        // Every statement on paper (laid out from its document of record, as bill issue prints it): at most two pages (Letter).
        var renderer = UtilityInsights.Statements.StatementRenderer.Default();
        var documents = Storage.TestDb.Query(utility.Folder, "SELECT content FROM bill_documents ORDER BY bill_id",
            r => UtilityInsights.Statements.StatementDocument.Read((byte[])r.GetValue(0)).Model).ToList();
        using var batch = new MemoryStream();
        var placements = UtilityInsights.Printing.StatementPdf.WriteBatch(batch, "check",
            documents.Select(m => (m.Account.Number, new UtilityInsights.Operations.Issue.PaperStatement(m, renderer.Strings(m.Language)))).ToList(), duplex: false,
            CancellationToken.None);
        var pages = documents.Zip(placements).GroupBy(d => d.Second.Pages).OrderBy(g => g.Key).Select(g => $"{g.Count()} on {g.Key}").ToList();
        wrong.AddRange(documents.Zip(placements).Where(d => d.Second.Pages > 2).Select(d => $"{d.First.Account.Number}: {d.Second.Pages} pages"));
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

    [GeneratedRegex(@"(Estimated savings: about|Ahorro estimado: unos) [\d,.]+ \S+, \$(?<dollars>[\d,.]+)")]
    private static partial Regex TipSavings();
}
