using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Rating;
using UtilityInsights.Units;

namespace UtilityInsights.Billing;

/// <summary>
/// When a rated bill is held for review instead of being ready to issue: the rules in the order
/// they are checked, each with its <see cref="HoldReason"/> code. The bill run applies them; the
/// thresholds are the operator's (<c>billrun --hold-ratio …</c>).
/// </summary>
public sealed record HoldRules(decimal UsageRatio = 3m, decimal Ceiling = 2_000m, int EstimatedCycles = 3)
{
    /// <summary>
    /// The first rule the bill breaks, or null when it can go out. <paramref name="lastYear"/> is the
    /// usage of the same month last year, <paramref name="priorMonths"/> the usage of the months
    /// before (oldest first), <paramref name="estimatedInARow"/> how many cycles in a row, this one
    /// included, were billed on estimates, and <paramref name="cohortAveragePerDay"/> the average daily
    /// usage of the home's cohort of similar homes this month, when there is one.
    /// </summary>
    public HoldReason? Check(RatedBill bill, Premise premise, int estimatedInARow, decimal? lastYear, IReadOnlyList<decimal> priorMonths,
        decimal? cohortAveragePerDay = null)
    {
        ArgumentNullException.ThrowIfNull(bill);
        ArgumentNullException.ThrowIfNull(premise);
        ArgumentNullException.ThrowIfNull(priorMonths);
        var usage = bill.Usage.Value;
        var total = bill.Total.Amount;
        var unit = bill.Usage.Unit.Symbol();
        static string Amount(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
        if (usage < 0)
            return new(HoldReason.NegativeUsage, $"{Amount(usage)} {unit}");
        if (estimatedInARow >= EstimatedCycles)
            return new(HoldReason.EstimatedTooLong, $"{estimatedInARow} cycles in a row estimated; read the meter");
        if (usage == 0 && premise.Occupants is not 0)
            return new(HoldReason.ZeroUsage, "no use recorded on an occupied premise");
        if (lastYear is > 0 && usage > UsageRatio * lastYear.Value)
            return new(HoldReason.UsageAboveLastYear, $"{Amount(usage)} {unit} against {Amount(lastYear.Value)} {unit} in the same month last year");
        if (priorMonths.Count >= 3 && priorMonths.Average() is var average and > 0 && usage > UsageRatio * average)
            return new(HoldReason.UsageAboveAverage, $"{Amount(usage)} {unit} against a {priorMonths.Count}-month average of {Amount(decimal.Round(average, 2))} {unit}");
        // Far above similar homes nearby: a home with no history of its own (or a history as high) is still checked.
        var days = bill.Determinants.Days;
        if (cohortAveragePerDay is > 0 && days > 0 && usage / days > UsageRatio * cohortAveragePerDay.Value)
        {
            return new(HoldReason.UsageAboveCohort,
                $"{Amount(usage)} {unit} ({Amount(decimal.Round(usage / days, 1))} {unit} a day) against {Amount(decimal.Round(cohortAveragePerDay.Value, 1))} {unit} a day for similar homes");
        }
        if (total < 0)
            return new(HoldReason.TotalBelowZero, MoneyText.Format(bill.Total));
        if (total > Ceiling)
            return new(HoldReason.TotalAboveCeiling, $"{MoneyText.Format(bill.Total)}, above the {MoneyText.Format(new Money.Money(Ceiling, bill.Total.Currency))} ceiling");
        return null;
    }
}
