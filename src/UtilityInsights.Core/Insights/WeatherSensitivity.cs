namespace UtilityInsights.Insights;

/// <summary>One month of a home's history with the weather it had.</summary>
public sealed record WeatherMonth(int Days, decimal Usage, decimal HeatingDegreeDays, decimal CoolingDegreeDays);

/// <summary>
/// How much more a home uses per heating and per cooling degree day, fitted on its own monthly
/// history by least squares: usage a day = base + perHdd × HDD a day + perCdd × CDD a day. A
/// sensitivity is never negative (more cold never saves heating): when the two-variable fit gives a
/// negative one, the fit is redone without it. Fewer than <see cref="MinimumMonths"/> months, or
/// no weather variation, give zero — the weather part of "why the bill changed" is then zero and the
/// change counts as usage.
/// </summary>
public sealed record WeatherSensitivity(decimal PerHeatingDegreeDay, decimal PerCoolingDegreeDay)
{
    public const int MinimumMonths = 6;

    public static readonly WeatherSensitivity None = new(0, 0);

    public static WeatherSensitivity Fit(IReadOnlyList<WeatherMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        var usable = months.Where(m => m.Days > 0).ToList();
        if (usable.Count < MinimumMonths)
            return None;
        var y = usable.Select(m => (double)(m.Usage / m.Days)).ToArray();
        var hdd = usable.Select(m => (double)(m.HeatingDegreeDays / m.Days)).ToArray();
        var cdd = usable.Select(m => (double)(m.CoolingDegreeDays / m.Days)).ToArray();
        foreach (var (useHdd, useCdd) in new[] { (true, true), (true, false), (false, true) })
        {
            var columns = new List<double[]>();
            if (useHdd)
                columns.Add(hdd);
            if (useCdd)
                columns.Add(cdd);
            if (Solve(y, columns) is not { } slopes || slopes.Any(s => s < 0))
                continue;
            var perHdd = useHdd ? slopes[0] : 0;
            var perCdd = useCdd ? slopes[^1] : 0;
            return new WeatherSensitivity(Math.Round((decimal)perHdd, 4), Math.Round((decimal)perCdd, 4));
        }
        return None;
    }

    /// <summary>Least-squares slopes of y on the columns (with an intercept), or null when the columns do not vary.</summary>
    private static double[]? Solve(double[] y, List<double[]> columns)
    {
        var k = columns.Count;
        var n = y.Length;
        var yMean = y.Average();
        var means = columns.Select(c => c.Average()).ToArray();
        // Centred normal equations: S β = s, at most 2 × 2.
        var s = new double[k, k];
        var r = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                for (var t = 0; t < n; t++)
                    s[i, j] += (columns[i][t] - means[i]) * (columns[j][t] - means[j]);
            }
            for (var t = 0; t < n; t++)
                r[i] += (columns[i][t] - means[i]) * (y[t] - yMean);
        }
        if (k == 1)
            return s[0, 0] < 1e-9 ? null : [r[0] / s[0, 0]];
        var determinant = s[0, 0] * s[1, 1] - s[0, 1] * s[1, 0];
        if (Math.Abs(determinant) < 1e-9 * Math.Max(1, s[0, 0] * s[1, 1]))
            return null;
        return [(r[0] * s[1, 1] - s[0, 1] * r[1]) / determinant, (s[0, 0] * r[1] - s[1, 0] * r[0]) / determinant];
    }
}
