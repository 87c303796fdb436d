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

    /// <summary>
    /// A line chart: one line per series over the same labelled points (a gap where a value is NaN), a legend
    /// above, the value axis with four gridlines, and a dashed vertical rule before point <paramref name="markBefore"/> labelled <paramref name="mark"/>.
    /// </summary>
    public static string Lines(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, string Colour, IReadOnlyList<double> Values)> series,
        string unit, int? markBefore, string mark, string caption)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        const int width = 760, height = 260, left = 56, right = 36, top = 34, bottom = 28;
        var values = series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).ToList();
        var (low, high, ticks) = RoundScale(values.DefaultIfEmpty(0).Min(), values.DefaultIfEmpty(0).Max());
        var step = labels.Count > 1 ? (width - left - right) / (double)(labels.Count - 1) : 0;
        double X(int i) => left + i * step;
        double Y(double v) => top + (height - top - bottom) * (1 - (v - low) / Math.Max(1e-9, high - low));
        var svg = SvgChart.Titled(id, title, width, height);
        foreach (var v in ticks)
            svg.Line(left, Y(v), width - right, Y(v), "#d0d7de").Text(left - 6, Y(v) + 4, v.ToString("#,0.##", Invariant), "end");
        // From the left edge: a unit of several words ("kWh per day") runs into the plot, not off the figure.
        svg.Text(4, top - 16, unit, "start");
        for (var i = 0; i < labels.Count; i += Math.Max(1, labels.Count / 12))
            svg.Text(X(i), height - 8, labels[i], "middle");
        if (markBefore is { } m && m > 0 && m < labels.Count)
        {
            var x = (X(m - 1) + X(m)) / 2;
            svg.Polyline([(x, top - 4), (x, height - bottom)], "#4a5866", 1, dashed: true).Text(x + 4, top + 8, mark);
        }
        var legend = width - right - series.Sum(s => 40 + s.Name.Length * 7);
        foreach (var (name, colour, points) in series)
        {
            // Each unbroken run of values is one line; a lone value is a dot.
            var run = new List<(double X, double Y)>();
            void Flush()
            {
                if (run.Count > 1)
                    svg.Polyline(run, colour);
                foreach (var (x, y) in run)
                    svg.Dot(x, y, 3, colour);
                run.Clear();
            }
            for (var i = 0; i < points.Count && i < labels.Count; i++)
            {
                if (double.IsNaN(points[i]))
                    Flush();
                else
                    run.Add((X(i), Y(points[i])));
            }
            Flush();
            svg.Bar(legend, 8, 14, 4, colour).Text(legend + 18, 14, name);
            legend += 40 + name.Length * 7;
        }
        return Figure(svg, caption);
    }

    /// <summary>
    /// Columns of stacked parts, one column per label, each series a colour (a legend above); negative parts (credits) are
    /// drawn below the zero line. The column's total is written above it. <paramref name="scaleTo"/> fixes the top of the
    /// scale, so that several charts compare at a glance.
    /// </summary>
    public static string StackedColumns(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, string Colour, IReadOnlyList<double> Values)> series,
        string unit, string caption, double? scaleTo = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        const int width = 760, height = 240, left = 56, right = 16, top = 34, bottom = 24;
        // Charts meant to be read side by side share a scale (scaleTo: the largest column among them).
        var up = scaleTo ?? Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => Math.Max(0, s.Values[i]))).DefaultIfEmpty(1).Max();
        var down = Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => Math.Min(0, s.Values[i]))).DefaultIfEmpty(0).Min();
        var (low, high, ticks) = RoundScale(down, up);
        double Y(double v) => top + (height - top - bottom) * (high - v) / (high - low);
        var slot = (width - left - right) / (double)Math.Max(1, labels.Count);
        var bar = Math.Max(4, slot * 0.7);
        var svg = SvgChart.Titled(id, title, width, height);
        foreach (var v in ticks)
            svg.Line(left, Y(v), width - right, Y(v), v == 0 ? "#4a5866" : "#d0d7de").Text(left - 6, Y(v) + 4, v.ToString("#,0.##", Invariant), "end");
        svg.Text(left - 6, top - 16, unit, "end");
        for (var i = 0; i < labels.Count; i++)
        {
            var x = left + i * slot + (slot - bar) / 2;
            double above = 0, below = 0;
            foreach (var (name, colour, values) in series)
            {
                var v = values[i];
                if (v > 0)
                {
                    svg.Bar(x, Y(above + v), bar, Y(above) - Y(above + v), colour, tooltip: $"{labels[i]}, {name}: {v.ToString("#,0.00", Invariant)}");
                    above += v;
                }
                else if (v < 0)
                {
                    svg.Bar(x, Y(below), bar, Y(below + v) - Y(below), colour, tooltip: $"{labels[i]}, {name}: {v.ToString("#,0.00", Invariant)}");
                    below += v;
                }
            }
            svg.Text(x + bar / 2, height - 8, labels[i], "middle").Text(x + bar / 2, Y(above) - 4, (above + below).ToString("#,0", Invariant), "middle");
        }
        var legend = (double)left;
        foreach (var (name, colour, _) in series)
        {
            svg.Bar(legend, 8, 10, 10, colour).Text(legend + 14, 17, name);
            legend += 30 + name.Length * 7;
        }
        return Figure(svg, caption);
    }

    /// <summary>
    /// A value axis through zero with round ticks, as the statements' (<see cref="Charts.Axis"/>: 1, 2 or 5 times a power of ten apart,
    /// up to six steps on a report's larger plots), reaching <paramref name="max"/> above zero and <paramref name="min"/> below it, each
    /// end on a tick.
    /// </summary>
    internal static (double Low, double High, IReadOnlyList<double> Ticks) RoundScale(double min, double max)
    {
        var (low, high) = (Math.Min(0, min), Math.Max(0, max));
        var (top, steps) = Charts.Axis((decimal)Math.Max(high, -low), steps: 6);
        if (top == 0)
            return (0, 1, [0]);
        var step = (double)(steps.Count > 1 ? steps[1] : top);
        (low, high) = (-Math.Ceiling(-low / step) * step, Math.Ceiling(high / step) * step);
        var ticks = new List<double>();
        for (var tick = low; tick <= high + step / 2; tick += step)
            ticks.Add(Math.Round(tick / step) * step);
        return (low, high == low ? low + step : high, ticks);
    }

    /// <summary>One estimate per row with its interval as a whisker, on a shared axis through zero.</summary>
    public static string Intervals(string id, string title, IReadOnlyList<(string Label, double Estimate, double Low, double High, string Text)> rows, string unit, string caption)
    {
        ArgumentNullException.ThrowIfNull(rows);
        const int width = 760, row = 26, left = 90, right = 200;
        var height = Math.Max(1, rows.Count) * row + 24;
        var (low, high, ticks) = RoundScale(rows.Count == 0 ? 0 : rows.Min(r => r.Low), rows.Count == 0 ? 1 : rows.Max(r => r.High));
        double X(double v) => left + (width - left - right) * (v - low) / (high - low);
        var svg = SvgChart.Titled(id, title, width, height);
        foreach (var v in ticks)
            svg.Line(X(v), 0, X(v), height - 20, v == 0 ? "#4a5866" : "#e4e8ec").Text(X(v), height - 6, v.ToString("#,0.##", Invariant) + (v == 0 ? "" : unit), "middle");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * row + 14;
            var (label, estimate, lo, hi, text) = rows[i];
            svg.Text(left - 8, y + 4, label, "end")
                .Line(X(lo), y, X(hi), y, "#3b6ea8").Line(X(lo), y - 5, X(lo), y + 5, "#3b6ea8").Line(X(hi), y - 5, X(hi), y + 5, "#3b6ea8")
                .Dot(X(estimate), y, 4, "#3b6ea8")
                .Text(width - right + 10, y + 4, text);
        }
        return Figure(svg, caption);
    }

    public static string E(string text) => SvgChart.Escape(text);

    private static string Figure(SvgChart svg, string caption) => $"<figure>{svg}<figcaption>{E(caption)}</figcaption></figure>";
}
