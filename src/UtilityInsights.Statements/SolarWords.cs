using System.Globalization;
using UtilityInsights.Money;

namespace UtilityInsights.Statements;

/// <summary>What the statement of a home that sends energy to the grid says under its history chart: what it took, what it gave, and what its bills credited for it, month by month.</summary>
public static class SolarWords
{
    /// <summary>
    /// "Over these 13 months you took 6,040 kWh from the grid and sent 2,660 kWh to it (green, below
    /// the line). Your bills credited the energy you sent: Feb $4.12 · Mar $6.80 · … — $61.20 in all."
    /// Only months whose bill is known to have credited something are listed; with fewer than two,
    /// the statement points to this month's credit among the charges. Null when nothing was sent.
    /// </summary>
    public static string? Summary(IReadOnlyList<HistoryMonth> months, string unit, IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(t);
        if (!months.Any(m => m.ToGrid > 0))
            return null;
        var summary = string.Format(culture, t["solar_summary"], months.Count, $"{months.Sum(m => m.Usage).ToString("#,0", culture)} {unit}",
            $"{months.Sum(m => m.ToGrid).ToString("#,0", culture)} {unit}");
        var credited = months.Where(m => m.Credit is > 0).ToList();
        if (credited.Count < 2)
            return $"{summary} {t["solar_credit_this_month"]}";
        var list = string.Join(" · ", credited.Select(m => $"{m.Month} {MoneyText.Format(m.Credit!.Value, culture)}"));
        return $"{summary} {string.Format(culture, t["solar_credits"], list, MoneyText.Format(credited.Sum(m => m.Credit!.Value), culture))}";
    }
}
