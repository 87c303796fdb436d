using System.Globalization;
using System.Text;
using UtilityInsights.Billing;
using UtilityInsights.Money;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.Operations.Reports;

/// <summary>Five figures of a distribution (and its mean and count).</summary>
public sealed record Spread(int Count, decimal Min, decimal P10, decimal Median, decimal P90, decimal Max, decimal Mean)
{
    public static Spread Of(List<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return new Spread(0, 0, 0, 0, 0, 0, 0);
        values.Sort();
        decimal At(double q) => values[(int)Math.Round(q * (values.Count - 1))];
        return new Spread(values.Count, values[0], At(0.1), At(0.5), At(0.9), values[^1], Math.Round(values.Average(), 2)) { Values = values };
    }

    /// <summary>The values themselves, sorted, for the report's histogram (not in the JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<decimal> Values { get; init; } = [];
}

/// <summary>Revenue of one tariff by charge category.</summary>
public sealed record TariffRevenue(string TariffId, int Bills, IReadOnlyDictionary<string, decimal> ByCategory, decimal Total);

/// <summary>One bill-run process and its throughput.</summary>
public sealed record RunFigures(string RunId, string Partition, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? Seconds,
    int AccountsDue, int Billed, int Held, double? AccountsPerSecond);

/// <summary>The usage distribution of the bills in one unit (kWh, therm, gal).</summary>
public sealed record UnitUsage(string Unit, Spread Usage);

/// <summary>Everything the run report shows; also its <c>--json</c>.</summary>
public sealed record BillRunReportData(string Cycle, string Currency, int AccountsDue, int Billed, int Held, int Issued, decimal TotalAmount,
    IReadOnlyDictionary<string, int> HeldByReason, IReadOnlyList<TariffRevenue> RevenueByTariff, IReadOnlyDictionary<string, decimal> RevenueByCategory,
    IReadOnlyList<UnitUsage> UsageByUnit, Spread Bills, IReadOnlyDictionary<string, int> ComparisonStates, IReadOnlyList<RunFigures> Runs);

/// <summary>
/// The operator's report of a cycle: accounts billed and held (by reason), revenue by tariff and
/// charge category, the usage and bill distributions, the neighbour-comparison states, and each
/// run's duration and throughput — as data (<c>--json</c>) and as one self-contained HTML page with
/// plots (inline SVG, no scripts). Bills are streamed from the database; only their amounts are kept.
/// </summary>
public static class BillRunReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<BillRunReportData> BuildAsync(UtilityDatabase database, string cycle, Currency currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var summary = await database.Bills.SummaryAsync(cycle, currency, cancellationToken);
        int Count(BillStatus s) => summary.Counts.GetValueOrDefault(s);
        var usage = new Dictionary<string, List<decimal>>(StringComparer.Ordinal);
        var totals = new List<decimal>();
        var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var billsByTariff = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var bill in database.Bills.FiguresAsync(cycle, currency, cancellationToken))
        {
            if (bill.Status == BillStatus.Held && bill.HoldReason?.IsNotRated == true)
                continue;
            if (!usage.TryGetValue(bill.UsageUnit, out var list))
                usage[bill.UsageUnit] = list = [];
            list.Add(bill.Usage);
            totals.Add(bill.Total);
            var state = bill.ComparisonState ?? "none";
            states[state] = states.GetValueOrDefault(state) + 1;
            if (bill.Status is not (BillStatus.Held or BillStatus.Cancelled))
                billsByTariff[bill.TariffId ?? "(none)"] = billsByTariff.GetValueOrDefault(bill.TariffId ?? "(none)") + 1;
        }
        var revenue = await database.Bills.RevenueAsync(cycle, currency, cancellationToken);
        var byTariff = revenue.GroupBy(r => r.TariffId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TariffRevenue(g.Key, billsByTariff.GetValueOrDefault(g.Key), g.ToDictionary(r => r.Category, r => r.Amount), g.Sum(r => r.Amount))).ToList();
        var byCategory = revenue.GroupBy(r => r.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        var runs = (await database.BillRuns.ForCycleAsync(cycle, cancellationToken)).Select(r =>
        {
            double? seconds = r.FinishedAt is { } end ? (end - r.StartedAt).TotalSeconds : null;
            return new RunFigures(r.RunId, $"{r.PartitionIndex}/{r.PartitionCount}", r.Status, r.StartedAt, r.FinishedAt, seconds is { } s ? Math.Round(s, 1) : null,
                r.AccountsDue, r.Billed, r.Held, seconds is > 0 ? Math.Round((r.Billed + r.Held) / seconds.Value, 1) : null);
        }).ToList();
        var billed = Count(BillStatus.Draft) + Count(BillStatus.Approved) + Count(BillStatus.Issued);
        return new BillRunReportData(cycle, currency.Code, await database.Accounts.CountWithPremisesAsync(cancellationToken), billed, Count(BillStatus.Held),
            Count(BillStatus.Issued), byTariff.Sum(t => t.Total), summary.HeldByReason, byTariff, byCategory,
            usage.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new UnitUsage(u.Key, Spread.Of(u.Value))).ToList(), Spread.Of(totals), states, runs);
    }

    public static string RenderHtml(BillRunReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string Money(decimal amount) => amount.ToString("#,0.00", Invariant) + " " + data.Currency;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Bill run ")
            .Append(ReportSvg.E(data.Cycle)).Append("</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d2733}h1{font-size:1.6rem}")
            .Append("h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}figcaption{color:#4a5866;font-size:.9rem}svg text{font-size:11px;fill:#1d2733}</style></head><body>");
        html.Append("<h1>Bill run ").Append(ReportSvg.E(data.Cycle)).Append("</h1>");
        html.Append("<table><tbody>")
            .Append(Row("Accounts due", data.AccountsDue.ToString("N0", Invariant)))
            .Append(Row("Bills ready, approved or issued", data.Billed.ToString("N0", Invariant)))
            .Append(Row("Held for review", data.Held.ToString("N0", Invariant)))
            .Append(Row("Not yet billed", Math.Max(0, data.AccountsDue - data.Billed - data.Held).ToString("N0", Invariant)))
            .Append(Row("Issued", data.Issued.ToString("N0", Invariant)))
            .Append(Row("Total of ready, approved and issued bills", Money(data.TotalAmount)))
            .Append("</tbody></table>");

        html.Append("<h2>Accounts billed and held</h2>").Append(ReportSvg.Bars("held", "Bills by outcome and hold reason",
            new[] { ("billed", (double)data.Billed, data.Billed.ToString("N0", Invariant)) }
                .Concat(data.HeldByReason.Select(h => ($"Held: {HoldReason.Words(h.Key)}", (double)h.Value, h.Value.ToString("N0", Invariant)))).ToList(),
            "Bills ready to issue, and held bills by reason (billrun status --cycle shows the same counts; each held bill's reason is stored with it)."));

        html.Append("<h2>Revenue by tariff and charge type</h2><table><thead><tr><th scope=\"col\">Tariff</th><th scope=\"col\">Bills</th>");
        var categories = data.RevenueByCategory.Keys.ToList();
        foreach (var category in categories)
            html.Append("<th scope=\"col\">").Append(ReportSvg.E(category)).Append("</th>");
        html.Append("<th scope=\"col\">Total</th></tr></thead><tbody>");
        foreach (var tariff in data.RevenueByTariff)
        {
            html.Append("<tr><td>").Append(ReportSvg.E(tariff.TariffId)).Append("</td><td>").Append(tariff.Bills.ToString("N0", Invariant)).Append("</td>");
            foreach (var category in categories)
                html.Append("<td>").Append(tariff.ByCategory.GetValueOrDefault(category).ToString("#,0.00", Invariant)).Append("</td>");
            html.Append("<td>").Append(tariff.Total.ToString("#,0.00", Invariant)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        html.Append(ReportSvg.Bars("revenue", "Revenue by tariff",
            data.RevenueByTariff.Select(t => (t.TariffId, (double)t.Total, Money(t.Total))).ToList(), "What each tariff's bills raise this cycle.", "#2e7d32"));
        html.Append(ReportSvg.Bars("categories", "Revenue by charge type",
            data.RevenueByCategory.Select(c => (c.Key, (double)c.Value, Money(c.Value))).ToList(),
            "Energy is every charge by the unit used — kWh, therms or gallons —, with adders and export credits; demand is flat and time-of-use demand; minimum is the top-up; other is riders, fuel adjustments and taxes.", "#6a3d9a"));

        html.Append("<h2>Usage and bill distributions</h2>");
        foreach (var (unit, spread) in data.UsageByUnit)
        {
            // One histogram per unit: kWh and therms do not share an axis.
            html.Append(Histogram("usage-" + unit, $"Usage per bill ({unit})", spread, $"{Bills(spread.Count)} in {unit}", "#,0.#",
                $"median {spread.Median:#,0.#}, 10th–90th percentile {spread.P10:#,0.#}–{spread.P90:#,0.#}, largest {spread.Max:#,0.#}."));
        }
        html.Append(Histogram("bills", $"Bill totals ({data.Currency})", data.Bills, Bills(data.Bills.Count), "#,0.00",
            $"median {data.Bills.Median:#,0.00}, 10th–90th percentile {data.Bills.P10:#,0.00}–{data.Bills.P90:#,0.00}, mean {data.Bills.Mean:#,0.00}."));

        html.Append("<h2>Neighbor comparison</h2>").Append(ReportSvg.Bars("states", "Statements by comparison state",
            data.ComparisonStates.Select(s => (StateWords(s.Key), (double)s.Value, s.Value.ToString("N0", Invariant))).ToList(),
            "How each statement compared its home with similar homes nearby, as the statements word it; no comparison: no cohort yet, too few similar homes with reads this month, or a gas or water bill (homes are compared by their electricity use).", "#b3541e"));

        html.Append("<h2>Runs: duration and throughput</h2><table><thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Partition</th><th scope=\"col\">Status</th>")
            .Append("<th scope=\"col\">Started (UTC)</th><th scope=\"col\">Seconds</th><th scope=\"col\">Billed</th><th scope=\"col\">Held</th><th scope=\"col\">Accounts/s</th></tr></thead><tbody>");
        foreach (var run in data.Runs)
        {
            html.Append("<tr><td>").Append(ReportSvg.E(run.RunId)).Append("</td><td>").Append(run.Partition).Append("</td><td>").Append(ReportSvg.E(run.Status))
                .Append("</td><td>").Append(run.StartedAt.UtcDateTime.ToString("MMM d, yyyy HH:mm:ss 'UTC'", Invariant)).Append("</td><td>")
                .Append(run.Seconds?.ToString("0.0", Invariant) ?? "unfinished").Append("</td><td>").Append(run.Billed.ToString("N0", Invariant)).Append("</td><td>")
                .Append(run.Held.ToString("N0", Invariant)).Append("</td><td>").Append(run.AccountsPerSecond?.ToString("0.0", Invariant) ?? "").Append("</td></tr>");
        }
        html.Append("</tbody></table><p>A run that was stopped or killed shows as unfinished; the run that resumed it bills what was left.</p></body></html>");
        return html.ToString();
    }

    /// <summary>A comparison state in words ("Using more than average"), as the statements word it.</summary>
    private static string StateWords(string state) => state switch
    {
        "Great" => "Great: below efficient neighbors",
        "Good" => "Good: below average neighbors",
        "UsingMoreThanAverage" => "Using more than average",
        "none" or "None" => "No comparison",
        _ => state,
    };

    /// <summary>
    /// A distribution's histogram under its title, captioned "<paramref name="what"/>: <paramref name="figures"/>"; values that do not
    /// spread (one gas bill among electricity ones) are said in a sentence ("1 bill in therm: 95."), not drawn as one column and
    /// nineteen empty bins.
    /// </summary>
    private static string Histogram(string id, string title, Spread spread, string what, string format, string figures) =>
        $"<h3>{ReportSvg.E(title)}</h3>" + (spread.Count > 0 && spread.Min == spread.Max
            ? $"<p>{ReportSvg.E($"{what}: {(spread.Count == 1 ? "" : "each ")}{spread.Max.ToString(format, Invariant)}.")}</p>"
            : ReportSvg.Histogram(id, title, spread.Values, 20, $"{what}: {figures}"));

    private static string Bills(int count) => count == 1 ? "1 bill" : count.ToString("N0", Invariant) + " bills";

    private static string Row(string label, string value) => $"<tr><td>{ReportSvg.E(label)}</td><td>{ReportSvg.E(value)}</td></tr>";
}
