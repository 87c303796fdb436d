using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>A bar chart of usage (days of a month, or hours of a day) as inline SVG with a title; the page also shows the numbers as a table.</summary>
public static class UsageChart
{
    public static string Svg(string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int width = 880, height = 200, bottom = 22;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var slot = bars.Count == 0 ? width : (double)width / bars.Count;
        var svg = SvgChart.Labelled(title, width, height + bottom);
        for (var i = 0; i < bars.Count; i++)
        {
            var h = max <= 0 ? 0 : (double)(Math.Max(0, bars[i].Value) / max) * (height - 10);
            svg.Bar(i * slot + 1, height - h, Math.Max(1, slot - 2), h, "#1f5fa8",
                tooltip: $"{bars[i].Label}: {bars[i].Value.ToString("#,0.##", CultureInfo.InvariantCulture)} {unit}");
            if (bars.Count <= 31)
                svg.Text(i * slot + slot / 2, height + 15, bars[i].Label, "middle", 10, "#4a5866");
        }
        return svg.ToString();
    }
}
