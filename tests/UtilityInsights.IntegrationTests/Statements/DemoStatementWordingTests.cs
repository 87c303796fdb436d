using System.Globalization;
using System.Text.RegularExpressions;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Statements;

/// <summary>
/// Every statement of the demo utility (1,000 homes, its latest month billed), read as a customer
/// would: a weather explanation's words agree with the sign of its amount, and no tip promises less
/// than a dollar.
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
        Assert.Multiple(() =>
        {
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
