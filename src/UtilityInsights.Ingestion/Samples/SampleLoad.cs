namespace UtilityInsights.Ingestion.Samples;

/// <summary>
/// Hourly consumption of a generated home: a base load shaped by the hour and the day of the
/// week, electric heating and cooling driven by heating and cooling degree-hours against the
/// home's thermostat, a pool pump in summer, night-time EV charging, rooftop solar (net of it),
/// day-to-day and hour-to-hour noise, and now and then a day away from home.
/// </summary>
internal sealed class SampleLoad
{
    private static readonly double[] WeekdayShape =
        [0.55, 0.50, 0.48, 0.47, 0.48, 0.56, 0.78, 0.96, 0.90, 0.74, 0.68, 0.68, 0.69, 0.69, 0.72, 0.82, 0.98, 1.22, 1.42, 1.46, 1.36, 1.16, 0.90, 0.70];

    private static readonly double[] WeekendShape =
        [0.62, 0.56, 0.52, 0.50, 0.50, 0.52, 0.60, 0.74, 0.90, 1.00, 1.04, 1.06, 1.06, 1.04, 1.02, 1.04, 1.10, 1.26, 1.40, 1.42, 1.34, 1.18, 0.96, 0.76];

    private readonly SampleHome home;
    private readonly SampleWeather weather;
    private readonly SampleRandom rng;
    private readonly (int Day, double Factor)? treatment;
    private int currentDay = -1;
    private double dayFactor = 1;
    private double cloud = 1;
    private bool evToday;

    /// <summary>The load of <paramref name="home"/>; with <paramref name="treatment"/> (a planted program), its consumption scaled by the factor from that day index on.</summary>
    public SampleLoad(SampleHome home, SampleWeather weather, int seed, (int Day, double Factor)? treatment = null)
    {
        this.treatment = treatment;
        this.home = home;
        this.weather = weather;
        rng = new SampleRandom(seed, 0x4C4F4144, (ulong)home.Index);
    }

    /// <summary>Net kWh for one hour, in time order (the draws advance per call).</summary>
    public double Next(in SampleHour hour)
    {
        if (hour.DayIndex != currentDay)
        {
            currentDay = hour.DayIndex;
            var away = rng.Chance(0.02);
            dayFactor = Math.Exp(0.1 * rng.Gaussian()) * (away ? 0.35 : 1.0);
            cloud = 0.3 + 0.7 * rng.NextDouble();
            evToday = home.HasEv && !away && rng.Chance(0.55);
        }

        var temperature = weather.HourF(home.Region, hour.DayIndex, hour.LocalHour);
        var shape = hour.Weekend ? WeekendShape[hour.LocalHour] : WeekdayShape[hour.LocalHour];
        var kwh = home.BaseKw * shape;
        kwh += home.HeatKwhPerDegreeHour * Math.Max(0, home.Thermostat - temperature);
        var afternoon = hour.LocalHour is >= 12 and <= 22 ? 1.3 : 0.75;
        kwh += home.CoolKwhPerDegreeHour * Math.Max(0, temperature - (home.Thermostat + 5)) * afternoon;
        if (home.HasPool && hour.Month is >= 5 and <= 9 && hour.LocalHour is >= 10 and < 16)
            kwh += 1.1;
        kwh *= dayFactor * Math.Exp(home.Noise * rng.Gaussian());
        if (evToday && hour.LocalHour is 23 or 0)
            kwh += 6.6 * (0.8 + 0.2 * rng.NextDouble());
        // A planted program's saving scales what the home consumes (not what its panels make); the draws are the same either way.
        if (treatment is { } saving && hour.DayIndex >= saving.Day)
            kwh *= saving.Factor;
        if (home.SolarKwPeak > 0 && hour.LocalHour is > 6 and < 19)
        {
            var season = 0.75 + 0.25 * Math.Cos(2 * Math.PI * (hour.Month - 6.5) / 12);
            kwh -= home.SolarKwPeak * Math.Sin(Math.PI * (hour.LocalHour - 6) / 12.0) * season * cloud * 0.8;
        }
        return Math.Round(kwh, 3);
    }
}
