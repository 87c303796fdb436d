using System.Globalization;
using System.Text;
using UtilityInsights.Operations.Programs;
using UtilityInsights.Statements;

namespace UtilityInsights.Operations.Reports;

/// <summary>
/// <c>program evaluate --out</c>: a self-contained HTML report of a program's savings — the estimate
/// in words, the method, both groups' usage over time, the effect month by month with its
/// interval, the balance before the start and who dropped out. No scripts; plots are inline SVG.
/// </summary>
public static class ProgramReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ProgramEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (program, estimate, overall) = (result.Program, result.Estimate, result.Estimate.Overall);
        var (low, high) = overall.SavingsPercentInterval;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Program ")
            .Append(E(program.Name)).Append(" — savings</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d2733}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}")
            .Append("table{border-collapse:collapse}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:right}th:first-child,td:first-child{text-align:left}.months td{white-space:nowrap}.wide{overflow-x:auto}")
            .Append(".headline{font-size:1.15rem}.note{color:#4a5866}figure{margin:1rem 0;overflow-x:auto}figcaption{color:#4a5866;font-size:.9rem}svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#1d2733}</style></head><body>");
        html.Append("<h1>Program ").Append(E(program.Name)).Append(": savings against a randomised control group</h1>");
        html.Append("<p class=\"headline\">").Append(E(Headline(result))).Append("</p>");
        if (low <= 0 && high >= 0)
            html.Append("<p><strong>The 95 % interval includes zero: no saving can be claimed at that confidence.</strong></p>");
        html.Append("<p class=\"note\">").Append(E(ProgramEvaluationResult.Method)).Append("</p>");

        var labels = estimate.MeansByMonth.Select(m => m.Month.ToString("MMM yy", Invariant)).ToList();
        var startIndex = estimate.MeansByMonth.Select((m, i) => (m.Month, i)).FirstOrDefault(m => m.Month >= result.From).i;
        html.Append("<h2>Usage of the two groups over time</h2>")
            .Append(ReportSvg.Lines("usage", "Average usage per home and day, treatment and control", labels,
                [("Treatment", "#3b6ea8", estimate.MeansByMonth.Select(m => m.Treatment).ToList()), ("Control", "#c2571a", estimate.MeansByMonth.Select(m => m.Control).ToList())],
                "kWh per day", startIndex, "program starts",
                "Each group's average usage per home and day by calendar month; the dashed rule marks the first month evaluated. Before it the lines should lie together (the groups were drawn at random)."));

        html.Append("<h2>Savings month by month</h2>")
            .Append(ReportSvg.Intervals("effect", "Savings in percent of the control group's usage, with 95 % intervals, by month",
                estimate.Months.Select(m =>
                {
                    var (lo, hi) = m.Effect.SavingsPercentInterval;
                    return (m.Month.ToString("MMM yyyy", Invariant), m.Effect.SavingsPercent, lo, hi,
                        $"{m.Effect.SavingsPercent.ToString("0.0", Invariant)} % ({lo.ToString("0.0", Invariant)} to {hi.ToString("0.0", Invariant)})");
                }).ToList(), " %",
                "A dot is the month's savings (right of zero: the treatment group used less); the whisker its 95 % interval."));
        html.Append("<div class=\"wide\"><table class=\"months\"><thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Treatment homes</th><th scope=\"col\">Control homes</th>")
            .Append("<th scope=\"col\">Control kWh/day</th><th scope=\"col\">Saved kWh/day per home</th><th scope=\"col\">95 % interval</th><th scope=\"col\">Savings</th><th scope=\"col\">95 % interval</th></tr></thead><tbody>");
        foreach (var m in estimate.Months)
            html.Append(Row(m.Month.ToString("MMM yyyy", Invariant), m.Effect));
        html.Append(Row("Whole window", overall).Replace("<tr>", "<tr style=\"font-weight:600\">", StringComparison.Ordinal)).Append("</tbody></table></div>");

        var balance = estimate.Balance;
        html.Append("<h2>Were the groups alike before the start?</h2><p>")
            .Append(E(balance.Balanced ? "Yes." : "Not quite: look at how the groups were drawn before trusting the estimate.")).Append(' ')
            .Append(E(string.Create(Invariant, $"Average usage per day over the months before the start: treatment {balance.TreatmentPerDay:0.00} kWh ({balance.Treatment:N0} homes), " +
                $"control {balance.ControlPerDay:0.00} kWh ({balance.Control:N0} homes); the difference {balance.Difference:0.00} kWh (95 % interval {balance.Low:0.00} to {balance.High:0.00}, " +
                $"p = {balance.PValue:0.00}, {balance.StandardizedDifference:0.000} standard deviations).")))
            .Append("</p><p class=\"note\">")
            .Append(E(Adjustment(estimate)))
            .Append("</p>");

        html.Append("<h2>Homes in the estimate</h2><table><thead><tr><th scope=\"col\"></th><th scope=\"col\">Treatment</th><th scope=\"col\">Control</th></tr></thead><tbody>");
        void Attrition(string label, Func<Attrition, int> value) =>
            html.Append("<tr><td>").Append(E(label)).Append("</td><td>").Append(value(result.Treatment).ToString("N0", Invariant)).Append("</td><td>")
                .Append(value(result.Control).ToString("N0", Invariant)).Append("</td></tr>");
        Attrition("Assigned", a => a.Assigned);
        Attrition("Left out: no usage in the year before the start", a => a.NoUsageBefore);
        Attrition("Left out: moved out or closed before the window", a => a.MovedOutBefore);
        Attrition("Left out: no usage in the window", a => a.NoUsageAfter);
        if (result.Treatment.NotElectricity + result.Control.NotElectricity > 0)
            Attrition("Left out: not on an electricity meter (gas or water)", a => a.NotElectricity);
        Attrition("In the estimate", a => a.Analysed);
        Attrition("… of whom moved out during the window (counted while served)", a => a.MovedOutDuring);
        html.Append("</tbody></table>");

        html.Append("<h2>The program</h2><table><tbody>")
            .Append(Fact("Started", program.Start.ToString("MMM d, yyyy", Invariant)))
            .Append(Fact("Evaluated", string.Create(Invariant, $"{result.From:MMM d, yyyy} to {result.To.AddDays(-1):MMM d, yyyy} ({estimate.WindowDays:N0} days), against usage from {result.BeforeFrom:MMM d, yyyy}")))
            .Append(Fact("Held out as control", program.Holdout.ToString("P1", Invariant)))
            .Append(Fact("Assignment", program.Seed is { } seed ? $"random, seed {seed}" + (program.Stratify.Count > 0 ? ", stratified by " + string.Join(" × ", program.Stratify) : "") : program.Source))
            .Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>The estimate in one sentence.</summary>
    public static string Headline(ProgramEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var overall = result.Estimate.Overall;
        var (low, high) = overall.SavingsPercentInterval;
        var saved = -overall.KwhPerDay;
        var verb = overall.SavingsPercent >= 0 ? "less" : "more";
        return string.Create(Invariant, $"From {result.From:MMM d, yyyy} to {result.To.AddDays(-1):MMM d, yyyy}, homes shown the comparisons used {Math.Abs(overall.SavingsPercent):0.00} % {verb} than the " +
            $"control group (95 % interval {low:0.00} to {high:0.00} % saved): {saved:0.000} kWh per home and day, {saved * result.Estimate.WindowDays:#,0.0} kWh per home over " +
            $"{result.Estimate.WindowDays:N0} days ({overall.Treatment:N0} treatment and {overall.Control:N0} control homes).");
    }

    private static string Adjustment(ProgramEstimate estimate) =>
        estimate.CovariateMonths.Count == 0
            ? "The regression adjusts for each home's average usage per day before the start."
            : string.Create(Invariant, $"The regression adjusts for each home's usage per day in {(estimate.CovariateMonths.Count == 1 ? "the month" : $"{estimate.CovariateMonths.Count} months")} before the start ({estimate.CovariateMonths[0]:MMM yyyy} to {estimate.CovariateMonths[^1]:MMM yyyy}).");

    private static string Row(string label, Effect effect)
    {
        var (lo, hi) = effect.SavingsPercentInterval;
        return $"<tr><td>{E(label)}</td><td>{effect.Treatment.ToString("N0", Invariant)}</td><td>{effect.Control.ToString("N0", Invariant)}</td>" +
            $"<td>{effect.ControlPerDay.ToString("0.00", Invariant)}</td><td>{(-effect.KwhPerDay).ToString("0.000", Invariant)}</td>" +
            $"<td>{(-effect.High).ToString("0.000", Invariant)} to {(-effect.Low).ToString("0.000", Invariant)}</td>" +
            $"<td>{effect.SavingsPercent.ToString("0.00", Invariant)} %</td><td>{lo.ToString("0.00", Invariant)} to {hi.ToString("0.00", Invariant)} %</td></tr>";
    }

    private static string Fact(string label, string value) => $"<tr><td>{E(label)}</td><td style=\"text-align:left\">{E(value)}</td></tr>";

    private static string E(string text) => SvgChart.Escape(text);
}
