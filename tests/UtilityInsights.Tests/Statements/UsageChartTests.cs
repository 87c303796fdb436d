using System.Text.RegularExpressions;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class UsageChartTests
{
    private static List<string> Labels(string svg) =>
        Regex.Matches(svg, "<text [^>]*text-anchor=\"middle\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ToList();

    private static readonly List<(string Label, decimal Value)> Month =
        Enumerable.Range(1, 31).Select(d => (d.ToString(System.Globalization.CultureInfo.InvariantCulture), 10m + d % 7)).ToList();

    [Test]
    public void A_month_on_a_page_labels_every_day_and_on_a_phone_every_other_day()
    {
        var wide = UsageChart.Svg("Daily usage", Month, "kWh");
        var narrow = UsageChart.Svg("Daily usage", Month, "kWh", UsageChart.NarrowWidth);

        Assert.Multiple(() =>
        {
            Assert.That(Labels(wide), Is.EqualTo(Month.Select(m => m.Label)));
            Assert.That(Labels(narrow), Is.EqualTo(Enumerable.Range(0, 16).Select(i => (2 * i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(narrow, Does.Contain("viewBox=\"0 0 360 222\""));
            Assert.That(Regex.Count(narrow, "<rect "), Is.EqualTo(31), "every day's bar, labelled or not");
        });
    }

    [Test]
    public void Hours_on_a_phone_are_labelled_every_third_hour()
    {
        var hours = Enumerable.Range(0, 24).Select(h => ($"{h:00}:00", 1m)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Labels(UsageChart.Svg("Hourly usage", hours, "kWh")), Has.Count.EqualTo(24));
            Assert.That(Labels(UsageChart.Svg("Hourly usage", hours, "kWh", UsageChart.NarrowWidth)), Is.EqualTo(new[] { "00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00" }));
        });
    }

    [Test]
    public void A_first_bill_is_one_bar_of_a_bar_s_width_not_a_block_across_the_chart()
    {
        var svg = UsageChart.Svg("Usage per bill", [("Jan 26", 3_800m)], "gal");
        var width = double.Parse(Regex.Match(svg, "<rect [^>]*width=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(width, Is.LessThanOrEqualTo(64), "880 wide with one bar drew it 822 wide");
    }
}
