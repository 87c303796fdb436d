using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>What a statement says about how the meter was read, in English or Spanish: an interval meter's reads, a dial that rolled over, a meter exchanged during the period.</summary>
public static class MeterWords
{
    /// <summary>"Interval meter: usage from 744 hourly reads (3 estimated)".</summary>
    public static string IntervalReads(int present, int estimated, int minutes, string language, CultureInfo culture)
    {
        var es = language == "es";
        var length = (minutes, es) switch
        {
            (60, true) => "horarias",
            (60, false) => "hourly",
            (1440, true) => "diarias",
            (1440, false) => "daily",
            (var m, true) => $"de {m} minutos",
            (var m, false) => $"{m}-minute",
        };
        var count = present.ToString("#,0", culture);
        var estimatedWords = estimated == 0 ? "" : es ? $" ({estimated.ToString("#,0", culture)} estimadas)" : $" ({estimated.ToString("#,0", culture)} estimated)";
        return es ? $"Medidor de intervalos: consumo de {count} lecturas {length}{estimatedWords}" : $"Interval meter: usage from {count} {length} reads{estimatedWords}";
    }

    /// <summary>"The dial passed 99,999 and started again at 0: from 99,870 to 412 is 542 kWh."</summary>
    public static string Rollover(decimal before, decimal after, decimal rolloverAt, decimal used, string unit, string language, CultureInfo culture)
    {
        string N(decimal value) => value.ToString("#,0.###", culture);
        return language == "es"
            ? $"El medidor pasó de {N(rolloverAt - 1)} y volvió a empezar en 0: de {N(before)} a {N(after)} son {N(used)} {unit}."
            : $"The dial passed {N(rolloverAt - 1)} and started again at 0: from {N(before)} to {N(after)} is {N(used)} {unit}.";
    }

    /// <summary>"We replaced your meter on Jan 14, 2025: the old meter read 5,300 when it was removed (300 kWh this period); the new one started at 0 (200 kWh since)."</summary>
    public static string Exchange(DateOnly day, decimal oldFinal, decimal oldUsed, decimal newStart, decimal newUsed, string unit, string language, CultureInfo culture)
    {
        string N(decimal value) => value.ToString("#,0.###", culture);
        return language == "es"
            ? $"Cambiamos su medidor el {day.ToString("d MMM yyyy", culture)}: el medidor anterior marcaba {N(oldFinal)} al retirarlo ({N(oldUsed)} {unit} en este período) y el nuevo empezó en {N(newStart)} ({N(newUsed)} {unit} desde entonces)."
            : $"We replaced your meter on {day.ToString("MMM d, yyyy", culture)}: the old meter read {N(oldFinal)} when it was removed ({N(oldUsed)} {unit} this period) and the new one started at {N(newStart)} ({N(newUsed)} {unit} since).";
    }
}
