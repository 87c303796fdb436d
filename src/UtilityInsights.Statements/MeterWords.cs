using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>What a statement says about how the meter was read, in English or Spanish: an interval meter's reads, a dial that rolled over, a meter exchanged during the period.</summary>
public static class MeterWords
{
    /// <summary>
    /// "Interval meter: usage from 744 hourly reads (3 estimated)", and when the days the estimates fall on are given, which:
    /// "(96 estimated, on Jan 24–27)", "(30 estimated, on Jan 3, Jan 9–10 and 2 more days)" — at most <see cref="EstimatedRangesShown"/>
    /// runs of consecutive days are named, so that a customer can see which part of the bill was not read.
    /// </summary>
    public static string IntervalReads(int present, int estimated, int minutes, string language, CultureInfo culture, IReadOnlyList<DateOnly>? estimatedDays = null)
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
        var on = estimatedDays is { Count: > 0 } days ? (es ? ", el " : ", on ") + DayRuns(days, es, culture) : "";
        var estimatedWords = estimated == 0 ? "" : es ? $" ({estimated.ToString("#,0", culture)} estimadas{on})" : $" ({estimated.ToString("#,0", culture)} estimated{on})";
        return es ? $"Medidor de intervalos: consumo de {count} lecturas {length}{estimatedWords}" : $"Interval meter: usage from {count} {length} reads{estimatedWords}";
    }

    /// <summary>
    /// "Read each billing period: usage from 1 reading of Dec 5 – Jan 6, 2026" — a meter billed on its period reads (a gas utility's
    /// monthly readings), over the days they cover, "(estimated)" when one of them was; "2 readings" when the period took more than one.
    /// </summary>
    public static string PeriodReads(DateOnly first, DateOnly last, int count, bool estimated, string language, CultureInfo culture)
    {
        var es = language == "es";
        var span = DateWords.Span(first, last, language, culture);
        var number = count.ToString("#,0", culture);
        return es
            ? $"Leído por período de facturación: consumo de {number} {(count == 1 ? "lectura" : "lecturas")} del {span}{(estimated ? $" ({(count == 1 ? "estimada" : "alguna estimada")})" : "")}"
            : $"Read each billing period: usage from {number} {(count == 1 ? "reading" : "readings")} of {span}{(estimated ? count == 1 ? " (estimated)" : " (some estimated)" : "")}";
    }

    /// <summary>How many runs of consecutive estimated days a statement names before saying how many more days there are.</summary>
    public const int EstimatedRangesShown = 3;

    /// <summary>Days (ascending, distinct) as runs: "Jan 24–27, Jan 30 – Feb 2 and Feb 5" / "24–27 ene, 30 ene – 2 feb y 5 feb".</summary>
    private static string DayRuns(IReadOnlyList<DateOnly> days, bool es, CultureInfo culture)
    {
        var runs = new List<(DateOnly First, DateOnly Last)>();
        foreach (var day in days)
        {
            if (runs.Count > 0 && runs[^1].Last.AddDays(1) == day)
                runs[^1] = (runs[^1].First, day);
            else
                runs.Add((day, day));
        }
        string Day(DateOnly d) => d.ToString(es ? "d MMM" : "MMM d", culture);
        string Run((DateOnly First, DateOnly Last) r) =>
            r.First == r.Last ? Day(r.First)
            : r.First.Month == r.Last.Month ? (es ? $"{r.First.Day}–{Day(r.Last)}" : $"{Day(r.First)}–{r.Last.Day}")
            : $"{Day(r.First)} – {Day(r.Last)}";
        var named = runs.Take(EstimatedRangesShown).Select(Run).ToList();
        var more = runs.Skip(EstimatedRangesShown).Sum(r => r.Last.DayNumber - r.First.DayNumber + 1);
        var and = es ? " y " : " and ";
        if (more > 0)
            return string.Join(", ", named) + and + (es ? $"{more} {(more == 1 ? "día" : "días")} más" : $"{more} more {(more == 1 ? "day" : "days")}");
        return named.Count == 1 ? named[0] : string.Join(", ", named[..^1]) + and + named[^1];
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
            ? $"Cambiamos su medidor el {DateWords.Day(day, language, culture)}: el medidor anterior marcaba {N(oldFinal)} al retirarlo ({N(oldUsed)} {unit} en este período) y el nuevo empezó en {N(newStart)} ({N(newUsed)} {unit} desde entonces)."
            : $"We replaced your meter on {DateWords.Day(day, language, culture)}: the old meter read {N(oldFinal)} when it was removed ({N(oldUsed)} {unit} this period) and the new one started at {N(newStart)} ({N(newUsed)} {unit} since).";
    }
}
