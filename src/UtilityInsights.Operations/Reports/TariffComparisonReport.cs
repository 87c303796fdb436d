using System.Globalization;
using System.Text;
using UtilityInsights.Operations.Tariffs;
using UtilityInsights.Rating;
using UtilityInsights.Statements;

namespace UtilityInsights.Operations.Reports;

/// <summary>
/// <c>rate compare --out</c>: a self-contained HTML page — the ranking, why the cheapest tariff is
/// cheaper than the current one (or the runner-up) charge category by charge category, and a plot
/// per tariff of the load's monthly bills stacked by category. No scripts; plots are inline SVG.
/// </summary>
public static class TariffComparisonReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (ChargeCategory Category, string Name, string Colour)[] Categories =
    [
        (ChargeCategory.Energy, "Energy", "#3b6ea8"), (ChargeCategory.Demand, "Demand", "#c2571a"), (ChargeCategory.Fixed, "Fixed", "#5b8c3a"),
        (ChargeCategory.Minimum, "Minimum", "#8a6bb0"), (ChargeCategory.Other, "Riders and taxes", "#8a8f96"),
    ];

    /// <summary>The category's name as the report and the command line write it.</summary>
    public static string Name(ChargeCategory category) => Categories.First(c => c.Category == category).Name;

    /// <summary>
    /// The difference the ranking rests on: from the current tariff to the cheapest (or, without a current one, from the runner-up
    /// to the cheapest), or null when there is nothing to compare.
    /// </summary>
    public static CostDifference? Explanation(TariffRanking ranking, ComparedTariff? current)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        if (ranking.Ranked.Count < 2)
            return null;
        var from = current ?? ranking.Ranked[1];
        return from == ranking.Ranked[0] ? null : TariffRanking.Explain(from, ranking.Ranked[0]);
    }

    /// <summary>The explanation in one sentence: what moving to the cheapest changes a year, and by which categories.</summary>
    public static string Words(CostDifference difference, bool fromCurrent)
    {
        ArgumentNullException.ThrowIfNull(difference);
        var parts = difference.Categories.Where(c => c.Difference != 0)
            .Select(c => $"{Name(c.Category).ToLowerInvariant()} {Signed(c.Difference)}");
        var months = difference.To.Bills.Count;
        return fromCurrent
            ? $"Moving from {difference.From.Tariff.Name} to {difference.To.Tariff.Name} changes the bills of these {months} months by {Signed(difference.Difference)}: {string.Join(", ", parts)}."
            : $"{difference.To.Tariff.Name} costs {Money(-difference.Difference)} less than the runner-up, {difference.From.Tariff.Name}, over these {months} months: {string.Join(", ", parts)}.";
    }

    public static string Render(TariffRanking ranking, ComparedTariff? current)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Tariff comparison</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d2733}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}")
            .Append("table{border-collapse:collapse}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left;white-space:normal;min-width:12rem;max-width:20rem}small{overflow-wrap:anywhere}")
            .Append(".wide{overflow-x:auto}.current{font-weight:600}.headline{font-size:1.15rem}figure{margin:1rem 0}figcaption{color:#4a5866;font-size:.9rem}svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#1d2733}</style></head><body>");
        html.Append("<h1>Tariff comparison</h1><p>")
            .Append(E(string.Create(Invariant, $"The load's bills over {ranking.From:MMM yyyy} – {ranking.To.AddDays(-1):MMM yyyy} (its whole calendar months, {ranking.Zone.Id}) on each tariff, cheapest first.")
                + (ranking.LeftOutText is { } leftOut ? " Left out, not read whole: " + leftOut + "." : "")
                + (ranking.PartlyComparedText is { } partly ? " Compared on the reads they have: " + partly + "." : "")))
            .Append("</p>");
        if (Explanation(ranking, current) is { } difference)
            html.Append("<p class=\"headline\">").Append(E(Words(difference, current is not null))).Append("</p>");

        var used = Categories.Where(c => ranking.Ranked.Any(r => r.Annual(c.Category) != 0)).ToList();
        html.Append("<h2>Ranking</h2><div class=\"wide\"><table><thead><tr><th scope=\"col\">Tariff</th>");
        foreach (var c in used)
            html.Append("<th scope=\"col\">").Append(E(c.Name)).Append("</th>");
        html.Append("<th scope=\"col\">Total</th><th scope=\"col\">Against the cheapest</th></tr></thead><tbody>");
        foreach (var r in ranking.Ranked)
        {
            html.Append(r == current ? "<tr class=\"current\">" : "<tr>").Append("<td>").Append(E(r.Tariff.Name)).Append(r == current ? " (current)" : "")
                .Append("<br><small>").Append(E(r.Tariff.Utility)).Append(" · ").Append(E(r.File)).Append("</small></td>");
            foreach (var c in used)
                html.Append("<td>").Append(E(Money(r.Annual(c.Category)))).Append("</td>");
            html.Append("<td>").Append(E(Money(r.Total))).Append("</td><td>").Append(E(r == ranking.Ranked[0] ? "cheapest" : Signed(r.Total - ranking.Ranked[0].Total))).Append("</td></tr>");
        }
        html.Append("</tbody></table></div>");
        if (ranking.Refused.Count > 0)
        {
            html.Append("<h2>Refused</h2><ul>");
            foreach (var (file, reason) in ranking.Refused)
                html.Append("<li>").Append(E(file)).Append(": ").Append(E(reason)).Append("</li>");
            html.Append("</ul>");
        }

        html.Append("<h2>Monthly bills on each tariff</h2><p>Every plot has the same scale: the highest monthly bill of any tariff.</p>");
        var index = 0;
        var scale = (double)ranking.Ranked.SelectMany(r => r.Bills).Select(b => b.Lines.Where(l => l.Amount.Amount > 0).Sum(l => l.Amount.Amount)).DefaultIfEmpty(1).Max();
        foreach (var r in ranking.Ranked)
        {
            index++;
            var labels = r.Bills.Select(b => b.Period.Start.ToString("MMM", Invariant)).ToList();
            var series = used.Select(c => (c.Name, c.Colour, (IReadOnlyList<double>)r.Bills.Select(b => (double)b.Charges(c.Category).Amount).ToList())).ToList();
            html.Append("<h3>").Append(index.ToString(Invariant)).Append(". ").Append(E(r.Tariff.Name)).Append(r == current ? " (current)" : "").Append(" — ").Append(E(Money(r.Total))).Append("</h3>")
                .Append(ReportSvg.StackedColumns($"t{index}", $"Monthly bills on {r.Tariff.Name}, by charge category", labels, series, "$",
                    $"Each month's bill on {r.Tariff.Name} ({r.File}), stacked by charge category; the figure above a column is its total.", scale));
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    // A word joiner after the sign keeps "−$440.89" on one line.
    private static string Money(decimal amount) => (amount < 0 ? "\u2212\u2060$" : "$") + Math.Abs(amount).ToString("#,0.00", Invariant);

    private static string Signed(decimal amount) => (amount > 0 ? "+\u2060" : amount < 0 ? "\u2212\u2060" : "") + "$" + Math.Abs(amount).ToString("#,0.00", Invariant);

    private static string E(string text) => SvgChart.Escape(text);
}
