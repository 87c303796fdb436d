using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>A bar chart of usage (days of a month, or hours of a day) as inline SVG with a title; the page also shows the numbers as a table.</summary>
public static class UsageChart
{
    public static string Svg(string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int width = 880, left = 56, top = 22, height = 200, bottom = 22;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        // A value axis with gridlines, so that each bar can be read without hovering.
        var axis = Charts.Axis(Math.Max(0, max));
        double H(decimal value) => axis.Top <= 0 ? 0 : (double)(Math.Max(0, value) / axis.Top) * (height - top);
        var slot = bars.Count == 0 ? width - left : (double)(width - left) / bars.Count;
        var svg = SvgChart.Labelled(title, width, height + bottom);
        foreach (var tick in axis.Ticks)
        {
            svg.Line(left, height - H(tick), width, height - H(tick), "#d0d7de")
                .Text(left - 6, height - H(tick) + 4, tick.ToString("#,0.##", CultureInfo.InvariantCulture), "end", 12, "#4a5866");
        }
        svg.Text(2, 12, unit, fontSize: 12, fill: "#4a5866");
        for (var i = 0; i < bars.Count; i++)
        {
            var h = H(bars[i].Value);
            svg.Bar(left + i * slot + 1, height - h, Math.Max(1, slot - 2), h, "#1f5fa8",
                tooltip: $"{bars[i].Label}: {bars[i].Value.ToString("#,0.##", CultureInfo.InvariantCulture)} {unit}");
            if (bars.Count <= 31)
                svg.Text(left + i * slot + slot / 2, height + 15, bars[i].Label, "middle", 11, "#4a5866");
        }
        return svg.ToString();
    }
}
