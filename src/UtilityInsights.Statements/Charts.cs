using System.Globalization;

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
        const int width = 520, left = 170, barHeight = 26, gap = 12;
        var svg = SvgChart.Labelled(t["comparison_chart"], width, rows.Length * (barHeight + gap));
        for (var i = 0; i < rows.Length; i++)
        {
            var (label, value, colour) = rows[i];
            var w = max == 0 ? 0 : (double)(value / max) * (width - left - 110);
            var y = i * (barHeight + gap);
            svg.Text(left - 8, y + 18, label, "end", 14, Ink)
                .Bar(left, y, w, barHeight, colour, radius: 3)
                .Text(left + w + 8, y + 18, $"{value.ToString("#,0.0", culture)} {unit}", fontSize: 14, fill: Ink);
        }
        var alt = string.Format(culture, t["comparison_alt"], you.ToString("#,0.0", culture), average.ToString("#,0.0", culture), efficient.ToString("#,0.0", culture), unit);
        return new StatementChart(svg.ToString(), alt);
    }

    /// <summary>Thirteen monthly bars (oldest first); the same month last year and this month are highlighted.</summary>
    public static StatementChart History(IReadOnlyList<(string Month, decimal Usage)> months, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(t);
        const int width = 560, height = 180, bottom = 24;
        var max = months.Count == 0 ? 0 : months.Max(m => m.Usage);
        var slot = months.Count == 0 ? width : width / months.Count;
        var svg = SvgChart.Labelled(t["history_chart"], width, height + bottom);
        for (var i = 0; i < months.Count; i++)
        {
            var (month, usage) = months[i];
            var h = max == 0 ? 0 : (double)(usage / max) * (height - 20);
            var colour = i == months.Count - 1 ? "#1f5fa8" : i == 0 && months.Count == 13 ? "#b3541e" : "#a9bccf";
            svg.Bar(i * slot + 4, height - h, slot - 8, h, colour)
                .Text(i * slot + slot / 2, height + 16, month, "middle", 11, Muted);
        }
        var alt = string.Format(culture, t["history_alt"], string.Join(", ", months.Select(m => $"{m.Month} {m.Usage.ToString("#,0", culture)} {unit}")));
        return new StatementChart(svg.ToString(), alt);
    }

    /// <summary>One horizontal bar per time-of-use period with its share of the month's usage (the tariff's period names).</summary>
    public static StatementChart TimeOfUse(IReadOnlyList<(string Period, decimal Usage)> periods, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(t);
        var total = periods.Sum(p => p.Usage);
        const int width = 520, left = 190, barHeight = 22, gap = 10;
        var height = periods.Count * (barHeight + gap);
        var palette = new[] { "#1f5fa8", "#b3541e", "#2e7d32", "#6a3d9a", "#8a6d00", "#5b6b7a" };
        var svg = SvgChart.Labelled(t["tou_chart"], width, height);
        var parts = new List<string>();
        for (var i = 0; i < periods.Count; i++)
        {
            var (name, usage) = periods[i];
            var share = total == 0 ? 0 : usage / total;
            var w = (double)share * (width - left - 150);
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
