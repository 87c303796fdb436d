using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using UtilityInsights.Programs;

namespace UtilityInsights.Operations.Programs;

/// <summary>One home in an evaluation: its arm, its usage per day in the months before the start, and in the months of the window (with the days read).</summary>
public sealed record EvaluationHome(string Account, ProgramArm Arm, IReadOnlyDictionary<DateOnly, double> Before, IReadOnlyDictionary<DateOnly, (double PerDay, double Days)> After)
{
    public double BeforeMean => Before.Count == 0 ? 0 : Before.Values.Average();
}

/// <summary>An estimate with its 95 % confidence interval: usage per home and day (kWh, negative when treatment uses less) and the savings as a percentage of the control group's usage.</summary>
public sealed record Effect(double KwhPerDay, double StandardError, double Low, double High, double ControlPerDay, double TreatmentPerDay, int Treatment, int Control)
{
    /// <summary>Savings in percent of the control group's usage: positive when the treatment group uses less.</summary>
    public double SavingsPercent => -KwhPerDay / ControlPerDay * 100;

    /// <summary>The savings' 95 % interval in percent (the control group's mean taken as known).</summary>
    public (double Low, double High) SavingsPercentInterval => (-High / ControlPerDay * 100, -Low / ControlPerDay * 100);
}

/// <summary>The program's effect in one month of the window.</summary>
public sealed record MonthEffect(DateOnly Month, double Days, Effect Effect);

/// <summary>Whether the arms were alike before the start: their usage per day over the months before it, and the difference with its interval and p-value.</summary>
public sealed record BalanceCheck(double TreatmentPerDay, double ControlPerDay, double Difference, double Low, double High, double PValue, double StandardizedDifference, int Treatment, int Control)
{
    /// <summary>Balanced when the difference is not significant at 5 % and is under a tenth of a standard deviation.</summary>
    public bool Balanced => PValue >= 0.05 && Math.Abs(StandardizedDifference) < 0.1;
}

/// <summary>The estimate over the whole window, month by month, the pre-start balance, and each arm's mean usage per day by month (for the plot).</summary>
public sealed record ProgramEstimate(Effect Overall, double WindowDays, IReadOnlyList<MonthEffect> Months, BalanceCheck Balance,
    IReadOnlyList<(DateOnly Month, double Treatment, double Control)> MeansByMonth, IReadOnlyList<DateOnly> CovariateMonths);

/// <summary>
/// The savings estimate of a randomised program: for each month of the window a regression of each
/// home's usage per day on its arm and on its usage per day in each month before the start (a
/// lagged-dependent-variable or ANCOVA estimate); the overall effect is the months' treatment
/// coefficients averaged by their days. Standard errors are robust and, for the overall effect,
/// clustered by home — the same homes in every month — through each home's influence on each
/// month's coefficient. Chosen over difference in differences: with random assignment both are
/// unbiased, but the regression estimates how much of a home's past usage carries over instead of
/// assuming all of it does, and so is at least as precise (McKenzie 2012; the Uniform Methods
/// Project's protocol for home energy reports, chapter 17).
/// </summary>
public static class ProgramStatistics
{
    /// <summary>A before-month is a covariate when at least this share of the analysed homes has reads in it (the rest take their own mean).</summary>
    public const double CovariateCoverage = 0.9;

    public static ProgramEstimate Estimate(IReadOnlyList<EvaluationHome> homes, IReadOnlyList<(DateOnly Month, double Days)> window)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(window);
        if (homes.Count(h => h.Arm == ProgramArm.Treatment) < 2 || homes.Count(h => h.Arm == ProgramArm.Control) < 2)
            throw new UserErrorException("fewer than two homes with usage before and after the start in one of the groups: nothing can be estimated.");
        var covariates = homes.SelectMany(h => h.Before.Keys).Distinct().Order()
            .Where(m => homes.Count(h => h.Before.ContainsKey(m)) >= CovariateCoverage * homes.Count).ToList();
        var index = homes.Select((h, i) => (h.Account, i)).ToDictionary(p => p.Account, p => p.i, StringComparer.Ordinal);
        var influence = new double[homes.Count];
        var months = new List<MonthEffect>();
        var totalDays = window.Sum(w => w.Days);
        foreach (var (month, days) in window)
        {
            var present = homes.Where(h => h.After.TryGetValue(month, out var a) && a.Days >= Math.Min(15, days / 2)).ToList();
            if (present.Count(h => h.Arm == ProgramArm.Treatment) < 2 || present.Count(h => h.Arm == ProgramArm.Control) < 2)
                continue;
            // Few homes for many before-months: the mean of the months before the start alone.
            var used = present.Count > 4 * (covariates.Count + 2) ? covariates : [];
            var (effect, psi) = Regress(present, month, used);
            months.Add(new MonthEffect(month, days, effect));
            var weight = days / totalDays;
            for (var i = 0; i < present.Count; i++)
                influence[index[present[i].Account]] += weight * psi[i];
        }
        if (months.Count == 0)
            throw new UserErrorException("no month after the start has usage for both groups: nothing can be estimated.");
        // Months left out (too few homes) do not count towards the average.
        var coveredDays = months.Sum(m => m.Days);
        var scale = totalDays / coveredDays;
        var overallEffect = months.Sum(m => m.Days / coveredDays * m.Effect.KwhPerDay);
        var clusters = influence.Count(v => v != 0);
        var se = Math.Sqrt(clusters / (clusters - 1.0) * influence.Sum(v => v * scale * (v * scale)));
        var t = StudentT.InvCDF(0, 1, clusters - 1, 0.975);
        var controlMean = months.Sum(m => m.Days / coveredDays * m.Effect.ControlPerDay);
        var treatmentMean = months.Sum(m => m.Days / coveredDays * m.Effect.TreatmentPerDay);
        var analysed = homes.Where(h => influence[index[h.Account]] != 0).ToList();
        var overall = new Effect(overallEffect, se, overallEffect - t * se, overallEffect + t * se, controlMean, treatmentMean,
            analysed.Count(h => h.Arm == ProgramArm.Treatment), analysed.Count(h => h.Arm == ProgramArm.Control));
        var allMonths = homes.SelectMany(h => h.Before.Keys.Concat(h.After.Keys)).Distinct().Order().ToList();
        var means = allMonths.Select(m => (m, Mean(homes, ProgramArm.Treatment, m), Mean(homes, ProgramArm.Control, m))).ToList();
        return new ProgramEstimate(overall, coveredDays, months, Balance(homes), means, covariates);
    }

    private static double Mean(IReadOnlyList<EvaluationHome> homes, ProgramArm arm, DateOnly month)
    {
        var values = homes.Where(h => h.Arm == arm).Select(h => h.Before.TryGetValue(month, out var b) ? b : h.After.TryGetValue(month, out var a) ? a.PerDay : double.NaN)
            .Where(v => !double.IsNaN(v)).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }

    /// <summary>One month's regression: the treatment coefficient with its robust (HC1) standard error, and each home's influence on it.</summary>
    private static (Effect Effect, double[] Influence) Regress(List<EvaluationHome> present, DateOnly month, List<DateOnly> covariates)
    {
        var n = present.Count;
        var p = 2 + Math.Max(1, covariates.Count);
        var x = Matrix<double>.Build.Dense(n, p);
        var y = Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            var home = present[i];
            x[i, 0] = 1;
            x[i, 1] = home.Arm == ProgramArm.Treatment ? 1 : 0;
            if (covariates.Count == 0)
                x[i, 2] = home.BeforeMean;
            for (var c = 0; c < covariates.Count; c++)
                x[i, 2 + c] = home.Before.TryGetValue(covariates[c], out var before) ? before : home.BeforeMean;
            y[i] = home.After[month].PerDay;
        }
        // The pseudo-inverse: months before the start that move together (or a covariate without variation) leave the
        // treatment coefficient — not in their span — exactly estimable, where an inverse would fail.
        var inverse = x.TransposeThisAndMultiply(x).PseudoInverse();
        var beta = inverse * x.TransposeThisAndMultiply(y);
        var residuals = y - x * beta;
        var leverage = x * inverse.Row(1);
        var psi = new double[n];
        for (var i = 0; i < n; i++)
            psi[i] = leverage[i] * residuals[i];
        var se = Math.Sqrt(n / (double)(n - p) * psi.Sum(v => v * v));
        var t = StudentT.InvCDF(0, 1, n - p, 0.975);
        var treatment = present.Where(h => h.Arm == ProgramArm.Treatment).Select(h => h.After[month].PerDay).ToList();
        var control = present.Where(h => h.Arm == ProgramArm.Control).Select(h => h.After[month].PerDay).ToList();
        return (new Effect(beta[1], se, beta[1] - t * se, beta[1] + t * se, control.Average(), treatment.Average(), treatment.Count, control.Count), psi);
    }

    /// <summary>The arms' usage per day before the start (each home's mean over the months before it), compared with Welch's t-test.</summary>
    private static BalanceCheck Balance(IReadOnlyList<EvaluationHome> homes)
    {
        var treatment = homes.Where(h => h.Arm == ProgramArm.Treatment && h.Before.Count > 0).Select(h => h.BeforeMean).ToList();
        var control = homes.Where(h => h.Arm == ProgramArm.Control && h.Before.Count > 0).Select(h => h.BeforeMean).ToList();
        var (mt, mc) = (treatment.Average(), control.Average());
        var (vt, vc) = (Variance(treatment, mt), Variance(control, mc));
        var se = Math.Sqrt(vt / treatment.Count + vc / control.Count);
        var df = Math.Pow(vt / treatment.Count + vc / control.Count, 2)
            / (Math.Pow(vt / treatment.Count, 2) / (treatment.Count - 1) + Math.Pow(vc / control.Count, 2) / (control.Count - 1));
        var difference = mt - mc;
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        var p = se == 0 ? 1 : 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(difference / se)));
        var pooled = Math.Sqrt((vt + vc) / 2);
        return new BalanceCheck(mt, mc, difference, difference - t * se, difference + t * se, p, pooled == 0 ? 0 : difference / pooled, treatment.Count, control.Count);
    }

    private static double Variance(List<double> values, double mean) => values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
}
