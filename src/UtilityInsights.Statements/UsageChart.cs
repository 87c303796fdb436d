using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>A bar chart of usage (days of a month, or hours of a day) as inline SVG with a title; the page also shows the numbers as a table.</summary>
public static class UsageChart
{
    /// <summary>The width of the chart drawn for a page (units of the SVG's viewBox).</summary>
    public const int Width = 880;

    /// <summary>The width of the chart drawn for a phone's screen: its labels keep a readable size where the wide one shrinks to a third.</summary>
    public const int NarrowWidth = 360;

    /// <summary>The most room one bar takes, gap included.</summary>
    private const double MaxSlot = 64;

    /// <param name="title">The chart's accessible name.</param>
    /// <param name="bars">The bars, in order, with their labels.</param>
    /// <param name="unit">The values' unit, written above the axis.</param>
    /// <param name="width">The chart's width (<see cref="Width"/> or <see cref="NarrowWidth"/>): labels that would overlap are written one in every few bars.</param>
    public static string Svg(string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit, int width = Width)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int left = 56, top = 22, height = 200, bottom = 22, labelSize = 11;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        // A value axis with gridlines, so that each bar can be read without hovering.
        var axis = Charts.Axis(Math.Max(0, max));
        double H(decimal value) => axis.Top <= 0 ? 0 : (double)(Math.Max(0, value) / axis.Top) * (height - top);
        // A few bars (a customer's first bills) keep a bar's width, from the left, rather than one bar filling the chart.
        var slot = bars.Count == 0 ? width - left : Math.Min((double)(width - left) / bars.Count, MaxSlot);
        // Every label, or one in every few bars when they would run into each other (a digit is about 0.56 of the font's size wide).
        var widest = bars.Count == 0 ? 0 : bars.Max(b => b.Label.Length) * labelSize * 0.56 + 2;
        var every = Math.Max(1, (int)Math.Ceiling(widest / slot));
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
            if (i % every == 0)
                svg.Text(left + i * slot + slot / 2, height + 15, bars[i].Label, "middle", labelSize, "#4a5866");
        }
        return svg.ToString();
    }
}
