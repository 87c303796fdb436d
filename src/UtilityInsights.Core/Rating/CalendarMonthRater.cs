using UtilityInsights.Time;

namespace UtilityInsights.Rating;

/// <summary>
/// Bills a load on calendar-month periods in <c>[from, to)</c> (local dates of the zone), each
/// month clipped to the range. An annual minimum charge, when the range is a whole year, tops up the
/// last bill so the year's total reaches it.
/// </summary>
public static class CalendarMonthRater
{
    public static IReadOnlyList<RatedBill> Rate(Tariff tariff, IEnumerable<UsageInterval> intervals, TimeZoneInfo zone, DateOnly from, DateOnly toExclusive)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(intervals);
        if (toExclusive <= from)
            throw new ArgumentException("The range must end after it starts.", nameof(toExclusive));
        var months = new List<(ServicePeriod Period, List<UsageInterval> Usage)>();
        for (var start = new DateOnly(from.Year, from.Month, 1); start < toExclusive; start = start.AddMonths(1))
        {
            var period = new ServicePeriod(start < from ? from : start, start.AddMonths(1) > toExclusive ? toExclusive : start.AddMonths(1));
            months.Add((period, []));
        }
        foreach (var interval in intervals)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(interval.Start, zone).DateTime);
            if (date < from || date >= toExclusive)
                continue;
            var index = (date.Year - from.Year) * 12 + date.Month - from.Month;
            months[index].Usage.Add(interval);
        }
        var bills = months.Select(m => BillCalculator.Rate(tariff, m.Period, m.Usage, zone)).ToList();
        if (tariff.AnnualMinimumCharge is { } annual && bills.Count == 12 && from.Day == 1)
        {
            var year = bills.Sum(b => b.Total.Amount);
            if (year < annual)
            {
                var last = bills[^1];
                var topUp = new Money.Money(annual - year, tariff.Currency).Round(tariff.Rounding);
                bills[^1] = last with
                {
                    Lines = [.. last.Lines, new BillLine(ChargeCategory.Minimum, "Annual minimum charge", null, null, null, topUp,
                        $"The year's bills are brought up to the annual minimum of ${annual:#,0.00}")],
                };
            }
        }
        return bills;
    }
}
