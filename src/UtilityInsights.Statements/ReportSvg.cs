using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>
/// The plots of the analysts' and operators' HTML reports: inline SVG (no scripts), every label
/// HTML-escaped, each figure with a title for screen readers and a caption.
/// </summary>
public static class ReportSvg
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One horizontal bar per row, longest = widest, the row's text after the bar.</summary>
    public static string Bars(string id, string title, IReadOnlyList<(string Label, double Value, string Text)> rows, string caption, string colour = "#3b6ea8")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var max = rows.Count == 0 ? 1 : Math.Max(1e-9, rows.Max(r => r.Value));
        const int width = 760, row = 22, left = 230;
        var height = Math.Max(1, rows.Count) * row + 10;
        var svg = SvgChart.Titled(id, title, width, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var w = Math.Max(0, rows[i].Value) / max * (width - left - 140);
            svg.Text(left - 6, i * row + 15, rows[i].Label, "end")
                .Bar(left, i * row + 3, w, 16, colour)
                .Text(left + w + 6, i * row + 15, rows[i].Text);
        }
        return Figure(svg, caption);
    }

    /// <summary>Vertical columns, one per row, labelled below with the value above.</summary>
    public static string Columns(string id, string title, IReadOnlyList<(string Label, double Value, string Text)> rows, string caption)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var max = rows.Count == 0 ? 1 : Math.Max(1e-9, rows.Max(r => r.Value));
        const int width = 760, height = 200, left = 40, bottom = 30;
        var bar = Math.Max(4, (width - left) / Math.Max(1, rows.Count) - 4);
        var svg = SvgChart.Titled(id, title, width, height + bottom);
        for (var i = 0; i < rows.Count; i++)
        {
            var h = Math.Max(0, rows[i].Value) / max * (height - 20);
            var x = left + i * (bar + 4);
            svg.Bar(x, height - h, bar, h, "#3b6ea8")
                .Text(x + bar / 2, height + 14, rows[i].Label, "middle")
                .Text(x + bar / 2, height - h - 4, rows[i].Text, "middle");
        }
        return Figure(svg, caption);
    }

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins from the smallest to the largest value.</summary>
    public static string Histogram(string id, string title, IReadOnlyList<decimal> values, int bins, string caption)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return $"<p>{E(title)}: no bills.</p>";
        var min = values.Min();
        var max = values.Max();
        var step = max == min ? 1 : (max - min) / bins;
        var counts = new int[bins];
        foreach (var v in values)
            counts[Math.Min(bins - 1, (int)((v - min) / step))]++;
        // Each bar is labelled with where its bin starts, every other one only, so that wide numbers never run together.
        var rows = counts.Select((n, i) => (i % 2 == 0 ? (min + i * step).ToString("#,0", Invariant) : "", (double)n, n.ToString(Invariant))).ToList();
        return Columns(id, title, rows, caption);
    }

    public static string E(string text) => SvgChart.Escape(text);

    private static string Figure(SvgChart svg, string caption) => $"<figure>{svg}<figcaption>{E(caption)}</figcaption></figure>";
}
