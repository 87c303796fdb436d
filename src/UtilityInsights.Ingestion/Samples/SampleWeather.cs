namespace UtilityInsights.Ingestion.Samples;

/// <summary>
/// Daily mean temperatures per region: a seasonal cosine (coldest in mid-January) plus
/// persistent day-to-day weather (an AR(1) anomaly), from which heating and cooling degree days
/// (base 65 °F) follow. Hourly temperatures add a diurnal swing peaking at 15:00.
/// </summary>
internal sealed class SampleWeather
{
    public const double BaseF = 65.0;

    private readonly Dictionary<string, double[]> dailyMean = new(StringComparer.Ordinal);

    public SampleWeather(int seed, DateOnly start, int days)
    {
        Start = start;
        Days = days;
        for (var r = 0; r < SampleRegion.All.Count; r++)
        {
            var region = SampleRegion.All[r];
            var rng = new SampleRandom(seed, 0x57454154, (ulong)r);
            var means = new double[days];
            var anomaly = 0.0;
            for (var d = 0; d < days; d++)
            {
                var day = start.AddDays(d);
                anomaly = 0.7 * anomaly + 4.5 * rng.Gaussian();
                var seasonal = -Math.Cos(2 * Math.PI * (day.DayOfYear - 20) / 365.25);
                means[d] = region.MeanTemperatureF + region.SeasonalAmplitudeF * seasonal + anomaly;
            }
            dailyMean[region.Code] = means;
        }
    }

    public DateOnly Start { get; }

    public int Days { get; }

    public double MeanF(SampleRegion region, int dayIndex) => dailyMean[region.Code][dayIndex];

    public double HourF(SampleRegion region, int dayIndex, int localHour) =>
        MeanF(region, dayIndex) + region.DiurnalSwingF / 2 * Math.Cos(2 * Math.PI * (localHour - 15) / 24.0);

    public static double Hdd(double meanF) => Math.Max(0, BaseF - meanF);

    public static double Cdd(double meanF) => Math.Max(0, meanF - BaseF);
}
