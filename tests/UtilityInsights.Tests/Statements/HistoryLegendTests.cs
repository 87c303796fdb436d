using System.Globalization;
using System.Text.RegularExpressions;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

/// <summary>The 13-month history chart's legend: each entry placed after the one before it by its label's length, in every language.</summary>
public class HistoryLegendTests
{
    private static readonly StatementRenderer Renderer = StatementRenderer.Default();

    [TestCase("en", "en-US")]
    [TestCase("es", "es-US")]
    public void Legend_entries_never_run_into_each_other_and_stay_inside_the_chart(string language, string culture)
    {
        var t = Renderer.Strings(language);
        var months = Enumerable.Range(1, 13).Select(i => new HistoryMonth($"m{i}", 500m + i, 480m + i)).ToList();
        var svg = Charts.History(months, "kWh", t, CultureInfo.GetCultureInfo(culture)).Svg;
        string[] labels = [t["history_this_month"], t["history_this_year"], t["history_last_year"]];
        var xs = labels.Select(label => double.Parse(Regex.Match(svg, $"<text x=\"([0-9.]+)\" y=\"[0-9.]+\" font-size=\"12\" fill=\"#1d2733\">{Regex.Escape(SvgChart.Escape(label))}</text>")
            .Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i + 1 < labels.Length; i++)
        {
            // The next swatch starts after this label at a generous 6.5 pixels a character and a gap.
            Assert.That(xs[i + 1] - 14, Is.GreaterThanOrEqualTo(xs[i] + labels[i].Length * 6.5 + 10), $"{labels[i]} / {labels[i + 1]}");
        }
        Assert.That(xs[^1] + labels[^1].Length * 6.5, Is.LessThanOrEqualTo(440), "the last entry inside the chart");
    }
}
