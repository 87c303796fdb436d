using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using UtilityInsights.Statements;

namespace UtilityInsights.Operations.Reports;

/// <summary>
/// The analysts' cohort report: one self-contained HTML page (inline SVG, no scripts) from a model's
/// metadata file: the metrics against the rule-based baseline, the cohort sizes, the usage
/// distribution of every cohort with its efficient and average marks, what drives cohort membership,
/// and who was left out. Every text from data is HTML-escaped.
/// </summary>
public static class CohortReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What the cohorts' figures are a day of: homes are compared by their electricity use.</summary>
    private static readonly string Unit = UtilityInsights.Units.UnitInfo.Symbol(Insights.EligibilityRules.ComparedUnit);

    public static string Render(string metadataJson)
    {
        using var document = JsonDocument.Parse(metadataJson);
        var root = document.RootElement;
        var html = new StringBuilder();
        var version = root.GetProperty("version").GetString() ?? "";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cohort report ").Append(E(version)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d2733}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}")
            .Append("table{border-collapse:collapse}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("figcaption{color:#4a5866;font-size:.9rem}svg text{font-size:11px;fill:#1d2733}</style></head><body>");
        html.Append("<h1>Peer-cohort model ").Append(E(version)).Append("</h1><p>Trained ").Append(E(TrainedAt(root.GetProperty("trained_at"))))
            .Append(" on ").Append(root.GetProperty("trained").GetInt32().ToString("N0", Invariant)).Append(" of ").Append(root.GetProperty("premises").GetInt32().ToString("N0", Invariant))
            .Append(" premises, usage from ").Append(E(root.GetProperty("training_from").GetString() ?? "")).Append(" to ").Append(E(root.GetProperty("training_to").GetString() ?? ""))
            .Append(" (end excluded).</p>");

        var metrics = root.GetProperty("metrics");
        var baseline = metrics.GetProperty("baseline");
        html.Append("<h2>How well cohorts predict usage</h2><table><thead><tr><th scope=\"col\">Cohorts</th><th scope=\"col\">Leave-one-out R²</th><th scope=\"col\">Coverage</th></tr></thead><tbody>")
            .Append("<tr><td>Cohort model (ML.NET, cross-fitted)</td><td>").Append(R2(metrics)).Append("</td><td>")
            .Append(metrics.GetProperty("coverage").GetDouble().ToString("P1", Invariant)).Append("</td></tr>")
            .Append("<tr><td>Rule-based baseline (region × electric heat × housing type × floor-area quintile × household size)</td><td>")
            .Append(R2(baseline)).Append("</td><td>")
            .Append(baseline.GetProperty("coverage").GetDouble().ToString("P1", Invariant)).Append("</td></tr></tbody></table>");
        html.Append("<p>R² is the share of the variance of homes' usage per day that the mean of their cohort's other members predicts; coverage is the share of homes in a cohort of at least the minimum size.</p>");
        if (!Measured(metrics))
        {
            var parameters = root.TryGetProperty("parameters", out var p) ? p : default;
            int? Parameter(string name) => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            html.Append("<p><strong>The model's R² is not measured:</strong> cross-fitting sets aside one in ").Append(Parameter("folds")?.ToString(Invariant) ?? "several")
                .Append(" of the ").Append(root.GetProperty("trained").GetInt32().ToString("N0", Invariant)).Append(" homes at a time, region by region, and none of the cohorts it formed reached the minimum of ")
                .Append(Parameter("min_cohort_size")?.ToString(Invariant) ?? "the minimum size").Append(" homes. The cohorts below are trained on every home; it takes more homes to measure how well they predict.</p>");
        }

        // Only cohorts at or above the privacy floor carry figures; smaller ones are counted (model files made
        // before the floor was enforced may still describe them: those figures are dropped here too).
        var floor = root.TryGetProperty("privacy_floor", out var f) ? f.GetInt32() : 20;
        var all = root.GetProperty("cohorts").EnumerateArray().ToList();
        var cohorts = all.Where(c => c.GetProperty("homes").GetInt32() >= floor).ToList();
        var small = all.Where(c => c.GetProperty("homes").GetInt32() < floor).Select(c => c.GetProperty("homes").GetInt32())
            .Concat(root.TryGetProperty("small_cohorts", out var s) ? s.EnumerateArray().Select(c => c.GetProperty("homes").GetInt32()) : []).ToList();
        html.Append("<h2>Cohort sizes</h2>").Append(Sizes([.. cohorts.Select(c => c.GetProperty("homes").GetInt32()), .. small]));
        if (small.Count > 0)
        {
            html.Append(Invariant, $"<p>{Plural.Of(small.Count, "cohort")} {(small.Count == 1 ? "has" : "have")} fewer than {floor} homes (the privacy floor): ")
                .Append(small.Count == 1 ? "it is counted here, and its homes see no neighbour comparison; no figure about it is shown.</p>"
                    : "they are counted here, and their homes see no neighbour comparison; no figure about them is shown.</p>");
        }
        html.Append("<h2>Usage per day in each cohort, ").Append(Unit).Append("</h2>").Append(cohorts.Count > 0 ? Distributions(cohorts) : "<p>No cohort reaches the privacy floor.</p>");
        html.Append("<h2>What drives cohort membership</h2>").Append(Importance(root.GetProperty("feature_importance").EnumerateArray().ToList()));
        html.Append("<h2>Left out of cohorts</h2><table><tbody>");
        var excluded = root.GetProperty("excluded").EnumerateObject().ToList();
        if (excluded.Count == 0)
            html.Append("<tr><td>Nobody</td><td></td></tr>");
        foreach (var e in excluded)
            html.Append("<tr><td>").Append(E(ExclusionWords(e.Name))).Append("</td><td>").Append(e.Value.GetInt32().ToString("N0", Invariant)).Append("</td></tr>");
        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>Whether a score was measured: an R² (older files wrote 0 for none) over some homes covered.</summary>
    private static bool Measured(JsonElement score) =>
        score.GetProperty("r2_loo").ValueKind == JsonValueKind.Number && score.GetProperty("coverage").GetDouble() > 0;

    /// <summary>A score's R² to three decimals, or a dash when it was not measured.</summary>
    private static string R2(JsonElement score) => Measured(score) ? score.GetProperty("r2_loo").GetDouble().ToString("0.000", Invariant) : "—";

    /// <summary>When the model was trained, to the minute in UTC ("2026-12-04 17:55 UTC"); the file's text as it is when it is not a time.</summary>
    public static string TrainedAt(JsonElement trainedAt) =>
        trainedAt.ValueKind == JsonValueKind.String && trainedAt.TryGetDateTimeOffset(out var at)
            ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)
            : trainedAt.ToString();

    /// <summary>Why homes were left out, in words (the model file keeps the codes: vacant_looking …, or VacantLooking … in files written before session 9).</summary>
    public static string ExclusionWords(string code) =>
        Enum.TryParse<Insights.Exclusion>(code?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var exclusion) ? exclusion switch
        {
            Insights.Exclusion.VacantLooking => "Looks vacant (usage below the vacant threshold)",
            Insights.Exclusion.TooLittleHistory => "Too few days of reads",
            Insights.Exclusion.OnSiteGeneration => "On-site generation",
            Insights.Exclusion.OptedOut => "Opted out",
            Insights.Exclusion.NotElectricity => "Not an electricity meter (gas or water)",
            _ => code!,
        } : code ?? "";

    private static string Sizes(List<int> sizes)
    {
        var groups = sizes.GroupBy(s => s).OrderBy(g => g.Key).Select(g => (g.Key.ToString(Invariant), (double)g.Count(), g.Count().ToString(Invariant))).ToList();
        return ReportSvg.Columns("sizes", "Number of cohorts by size", groups,
            $"Homes per cohort (horizontal) and how many cohorts have that size. Smallest {sizes.Min().ToString(Invariant)}, median {sizes.Order().ElementAt(sizes.Count / 2).ToString(Invariant)}.");
    }

    private static string Distributions(List<JsonElement> cohorts)
    {
        decimal D(JsonElement c, string name) => c.GetProperty(name).GetDecimal();
        // A round axis: its top at or above the highest 90th percentile, ticks 1, 2 or 5 times a power of ten apart.
        var (max, ticks) = Statements.Charts.Axis(cohorts.Max(c => D(c, "p90")));
        const int width = 900, row = 16, left = 190, right = 20;
        var height = cohorts.Count * row + 40;
        double X(decimal v) => left + (double)(max == 0 ? 0 : v / max) * (width - left - right);
        var svg = new StringBuilder($"<figure><svg role=\"img\" aria-labelledby=\"dist-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title id=\"dist-title\">Usage per day in each cohort, {Unit}: 10th–90th percentile, middle half, median, average and efficient neighbours</title>");
        for (var i = 0; i < cohorts.Count; i++)
        {
            var c = cohorts[i];
            var y = 10 + i * row;
            svg.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y + 10}\" text-anchor=\"end\">{E(c.GetProperty("cohort_id").GetString() ?? "")} ({c.GetProperty("homes").GetInt32()})</text>");
            svg.Append(Invariant, $"<line x1=\"{X(D(c, "p10")):0.#}\" x2=\"{X(D(c, "p90")):0.#}\" y1=\"{y + 6}\" y2=\"{y + 6}\" stroke=\"#8796a5\"/>");
            svg.Append(Invariant, $"<rect x=\"{X(D(c, "p25")):0.#}\" y=\"{y + 1}\" width=\"{X(D(c, "p75")) - X(D(c, "p25")):0.#}\" height=\"10\" fill=\"#c9d9ea\" stroke=\"#3b6ea8\"/>");
            svg.Append(Invariant, $"<line x1=\"{X(D(c, "median")):0.#}\" x2=\"{X(D(c, "median")):0.#}\" y1=\"{y}\" y2=\"{y + 12}\" stroke=\"#1d2733\"/>");
            svg.Append(Invariant, $"<circle cx=\"{X(D(c, "efficient")):0.#}\" cy=\"{y + 6}\" r=\"4\" fill=\"#2e7d32\"><title>efficient {D(c, "efficient")}</title></circle>");
            svg.Append(Invariant, $"<path d=\"M{X(D(c, "mean")):0.#} {y} l4 6 l-4 6 l-4 -6 z\" fill=\"#b3541e\"><title>average {D(c, "mean")}</title></path>");
        }
        var axis = height - 20;
        foreach (var v in ticks)
            svg.Append(Invariant, $"<text x=\"{X(v):0.#}\" y=\"{axis + 14}\" text-anchor=\"middle\">{v:#,0.##}</text>");
        svg.Append(Invariant, $"<text x=\"{left - 14}\" y=\"{axis + 14}\" text-anchor=\"end\">{Unit} per day</text>");
        svg.Append("</svg><figcaption>Per cohort, usage per day in ").Append(Unit).Append(": line from the 10th to the 90th percentile, box around the middle half, median bar, ")
            .Append("<span style=\"color:#b3541e\">◆ average neighbours</span> and <span style=\"color:#2e7d32\">● efficient neighbours</span> (mean of the lowest 20 %).</figcaption></figure>");
        return svg.ToString();
    }

    private static string Importance(List<JsonElement> features) =>
        ReportSvg.Bars("imp", "Share of the model's split gains by feature",
            features.Take(12).Select(f => (f.GetProperty("feature").GetString() ?? "", f.GetProperty("share").GetDouble(), f.GetProperty("share").GetDouble().ToString("P1", Invariant))).ToList(),
            "How much each feature contributes to the ML.NET scorer's splits: the attributes that decide which homes are neighbours.");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
