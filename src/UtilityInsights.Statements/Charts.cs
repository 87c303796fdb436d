using System.Globalization;
using UtilityInsights.Money;

namespace UtilityInsights.Statements;

/// <summary>
/// The statement's charts, drawn by <see cref="SvgChart"/> from numbers (no scripts, no customer text
/// inside), each with a text alternative for screen readers and plain-text statements.
/// </summary>
public static class Charts
{
    private const string Ink = "#1d2733";
    private const string Muted = "#5b6b7a";

    /// <summary>Three horizontal bars: efficient neighbours, you, average neighbours (usage per day).</summary>
    public static StatementChart Neighbours(decimal you, decimal average, decimal efficient, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(t);
        var max = Math.Max(you, Math.Max(average, efficient));
        var rows = new (string Label, decimal Value, string Colour)[]
        {
            (t["efficient_neighbours"], efficient, "#2e7d32"),
            (t["you"], you, "#1f5fa8"),
            (t["average_neighbours"], average, "#8796a5"),
        };
        const int width = 440, left = 150, barHeight = 26, gap = 12;
        var svg = SvgChart.Labelled(t["comparison_chart"], width, rows.Length * (barHeight + gap));
        for (var i = 0; i < rows.Length; i++)
        {
            var (label, value, colour) = rows[i];
            var w = max == 0 ? 0 : (double)(value / max) * (width - left - 100);
            var y = i * (barHeight + gap);
            svg.Text(left - 8, y + 18, label, "end", 14, Ink)
                .Bar(left, y, w, barHeight, colour, radius: 3)
                .Text(left + w + 8, y + 18, $"{value.ToString("#,0.0", culture)} {unit}", fontSize: 14, fill: Ink);
        }
        var alt = string.Format(culture, t["comparison_alt"], you.ToString("#,0.0", culture), average.ToString("#,0.0", culture), efficient.ToString("#,0.0", culture), unit);
        return new StatementChart(svg.ToString(), alt);
    }

    /// <summary>
    /// How far a legend entry (a 10-pixel swatch, then its label at 12 pixels) reaches, with the gap before the next: the
    /// label's length at 6.5 pixels a character, about the average of a sans-serif's lowercase at that size, so that an
    /// entry in a longer language ("Mes de esta factura") does not run into the next.
    /// </summary>
    internal static double LegendEntryWidth(string label) => 14 + label.Length * 6.5 + 14;

    /// <summary>
    /// The last thirteen months (oldest first), each bar beside the same month a year earlier when it
    /// is known, as Opower's tracker shows them: a value axis with gridlines, this bill (its period, under the month holding most of it) in the
    /// brand colour with its value written above it, and a legend saying which bar is which. A home
    /// that sent energy to the grid (solar) has it drawn below the axis, in green, on the same scale.
    /// </summary>
    public static StatementChart History(IReadOnlyList<HistoryMonth> months, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(t);
        const int width = 440, left = 46, top = 26, bottom = 20, legendLine = 18;
        var max = months.Count == 0 ? 0 : months.Max(m => Math.Max(m.Usage, m.LastYear ?? 0));
        var exports = months.Count == 0 ? 0 : months.Max(m => m.ToGrid);
        // With exports below the axis the bars above it are shorter, so that the chart keeps about its height.
        var plot = exports > 0 ? 70 : 150;
        var axis = Axis(Math.Max(max, exports));
        double Height(decimal value) => axis.Top == 0 ? 0 : (double)(value / axis.Top) * plot;
        // Below the axis only as deep as the largest export needs, to the tick at or above it.
        var deepest = exports > 0 ? axis.Ticks.First(tick => tick >= exports) : 0;
        var downTicks = axis.Ticks.Where(tick => tick > 0 && tick <= deepest).ToList();
        var down = Height(deepest);
        var zero = top + plot;
        var anyLastYear = months.Any(m => m.LastYear is not null);
        var legendLines = exports > 0 ? 2 : 1;
        var slot = months.Count == 0 ? width - left : (double)(width - left) / Math.Max(months.Count, 6);
        var svg = SvgChart.Labelled(t["history_chart"], width, zero + down + bottom + legendLines * legendLine + 8);
        double Y(decimal value) => zero - Height(value);
        foreach (var tick in axis.Ticks)
        {
            svg.Line(left, Y(tick), width, Y(tick), "#d0d7de")
                .Text(left - 6, Y(tick) + 4, tick.ToString("#,0", culture), "end", 12, Muted);
        }
        foreach (var tick in downTicks)
        {
            svg.Line(left, zero + Height(tick), width, zero + Height(tick), "#d0d7de")
                .Text(left - 6, zero + Height(tick) + 4, tick.ToString("#,0", culture), "end", 12, Muted);
        }
        svg.Text(2, 12, unit, fontSize: 12, fill: Muted);
        for (var i = 0; i < months.Count; i++)
        {
            var (label, usage, lastYear) = months[i];
            var x = left + i * slot;
            var current = i == months.Count - 1;
            var barWidth = anyLastYear ? (slot - 6) / 2 : slot - 8;
            if (lastYear is { } earlier)
                svg.Bar(x + 3, Y(earlier), barWidth, Height(earlier), "#c9d3dd");
            var thisX = anyLastYear ? x + 3 + barWidth : x + 4;
            svg.Bar(thisX, Y(usage), barWidth, Height(usage), current ? "#1f5fa8" : "#7f9fc4");
            if (months[i].ToGrid > 0)
                svg.Bar(thisX, zero, barWidth, Height(months[i].ToGrid), "#2e7d32");
            // This month's value above its bar, ending at the bar's right edge: the last bar sits at the chart's edge, and a centred number was cut off there.
            if (current)
                svg.Text(thisX + barWidth, Y(usage) - 4, usage.ToString("#,0", culture), "end", 12, Ink);
            svg.Text(x + slot / 2, zero + down + 15, label, "middle", 12, current ? Ink : Muted);
        }
        if (exports > 0)
            svg.Line(left, zero, width, zero, Ink);
        // The legend: which bar is which, and what the dark one is; each entry after the one before, as long as its words.
        var y = zero + down + bottom + 12;
        var entryX = (double)left;
        void Entry(string colour, string label)
        {
            svg.Bar(entryX, y - 9, 10, 10, colour).Text(entryX + 14, y, label, fontSize: 12, fill: Ink);
            entryX += LegendEntryWidth(label);
        }
        Entry("#1f5fa8", t["history_this_month"]);
        Entry("#7f9fc4", t["history_this_year"]);
        if (anyLastYear)
            Entry("#c9d3dd", t["history_last_year"]);
        if (exports > 0)
            svg.Bar(left, y + legendLine - 9, 10, 10, "#2e7d32").Text(left + 14, y + legendLine, t["solar_to_grid"], fontSize: 12, fill: Ink);
        var alt = string.Format(culture, t["history_alt"], string.Join(", ", months.Select(m =>
            $"{m.Month} {m.Usage.ToString("#,0", culture)} {unit}"
            + (m.ToGrid > 0 ? " " + (m.Credit is > 0
                ? string.Format(culture, t["history_alt_to_grid_credit"], $"{m.ToGrid.ToString("#,0", culture)} {unit}", MoneyText.Format(m.Credit.Value, culture))
                : string.Format(culture, t["history_alt_to_grid"], $"{m.ToGrid.ToString("#,0", culture)} {unit}")) : "")
            + (m.LastYear is { } ly ? " " + string.Format(culture, t["history_alt_last_year"], $"{ly.ToString("#,0", culture)} {unit}") : ""))));
        return new StatementChart(svg.ToString(), alt);
    }

    private static readonly decimal[] AxisSteps = [1m, 2m, 5m, 10m];

    /// <summary>
    /// A value axis from zero: a round top at or above <paramref name="max"/> and ticks 1, 2 or 5 times a power of ten apart, at most
    /// <paramref name="steps"/> of them up to the top (a statement's small charts four; a report's larger ones more).
    /// </summary>
    public static (decimal Top, IReadOnlyList<decimal> Ticks) Axis(decimal max, int steps = 4)
    {
        if (max <= 0)
            return (0, [0m]);
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max / steps)));
        var step = AxisSteps.Select(f => f * magnitude).First(s => s * steps >= max);
        var top = Math.Ceiling(max / step) * step;
        var ticks = new List<decimal>();
        for (var tick = 0m; tick <= top; tick += step)
            ticks.Add(tick);
        return (top, ticks);
    }

    /// <summary>One horizontal bar per time-of-use period with its share of the month's usage (the tariff's period names).</summary>
    public static StatementChart TimeOfUse(IReadOnlyList<(string Period, decimal Usage)> periods, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(t);
        var total = periods.Sum(p => p.Usage);
        const int width = 440, left = 150, barHeight = 22, gap = 10;
        var height = periods.Count * (barHeight + gap);
        var palette = new[] { "#1f5fa8", "#b3541e", "#2e7d32", "#6a3d9a", "#8a6d00", "#5b6b7a" };
        var svg = SvgChart.Labelled(t["tou_chart"], width, height);
        var parts = new List<string>();
        for (var i = 0; i < periods.Count; i++)
        {
            var (name, usage) = periods[i];
            var share = total == 0 ? 0 : usage / total;
            var w = (double)share * (width - left - 125);
            var y = i * (barHeight + gap);
            var label = $"{usage.ToString("#,0", culture)} {unit} ({share.ToString("P0", culture)})";
            svg.Text(left - 8, y + 16, name, "end", 13, Ink)
                .Bar(left, y, w, barHeight, palette[i % palette.Length], radius: 3)
                .Text(left + w + 8, y + 16, label, fontSize: 13, fill: Ink);
            parts.Add($"{name} {label}");
        }
        return new StatementChart(svg.ToString(), string.Format(culture, t["tou_alt"], string.Join("; ", parts)));
    }
}

/// <summary>A month of the history chart: its short name, its usage (from the grid), and the same month's usage a year earlier when known.</summary>
public sealed record HistoryMonth(string Month, decimal Usage, decimal? LastYear)
{
    /// <summary>What the home sent to the grid that month (solar); 0 for a home that sends nothing.</summary>
    public decimal ToGrid { get; init; }

    /// <summary>What the month's bill credited for the energy sent (a positive amount), or null when unknown or none.</summary>
    public decimal? Credit { get; init; }
}
