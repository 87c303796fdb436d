using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Rating;

/// <summary>
/// Bills a load on calendar-month periods in <c>[from, to)</c> (local dates of the zone), each
/// month clipped to the range. An annual minimum charge tops up the December bill of a calendar year
/// whose twelve months were all billed whole, so the year's total reaches it; the year so far is
/// carried between cycles rated one at a time.
/// </summary>
public static class CalendarMonthRater
{
    public static IReadOnlyList<RatedBill> Rate(Tariff tariff, IEnumerable<UsageInterval> intervals, TimeZoneInfo zone, DateOnly from, DateOnly toExclusive) =>
        Rate([tariff], intervals, zone, from, toExclusive);

    /// <summary>
    /// Rates with effective-dated <paramref name="versions"/> of one tariff: a month in which a new
    /// version takes effect is split into segments prorated by days (as CC&amp;B and SAP IS-U do), each
    /// segment's lines labelled; the bill's lines are all the segments' lines.
    /// </summary>
    /// <param name="versions">The tariff's versions.</param>
    /// <param name="intervals">The usage.</param>
    /// <param name="zone">The premise's time zone.</param>
    /// <param name="from">First day billed.</param>
    /// <param name="toExclusive">Day after the last one billed.</param>
    /// <param name="carryIn">What the previous cycle's bill handed on (credits, dollar credit, recent peaks), when cycles are rated one at a time.</param>
    public static IReadOnlyList<RatedBill> Rate(IReadOnlyList<Tariff> versions, IEnumerable<UsageInterval> intervals, TimeZoneInfo zone, DateOnly from, DateOnly toExclusive,
        RatingCarry? carryIn = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
            throw new ArgumentException("At least one tariff version is needed.", nameof(versions));
        ArgumentNullException.ThrowIfNull(intervals);
        if (toExclusive <= from)
            throw new ArgumentException("The range must end after it starts.", nameof(toExclusive));
        return RatePeriods(versions, intervals, zone, Months(from, toExclusive), carryIn);
    }

    /// <summary>The calendar months of <c>[from, toExclusive)</c>, the first and last clipped to the range.</summary>
    public static List<ServicePeriod> Months(DateOnly from, DateOnly toExclusive)
    {
        var periods = new List<ServicePeriod>();
        for (var start = new DateOnly(from.Year, from.Month, 1); start < toExclusive; start = start.AddMonths(1))
            periods.Add(new ServicePeriod(start < from ? from : start, start.AddMonths(1) > toExclusive ? toExclusive : start.AddMonths(1)));
        return periods;
    }

    /// <summary>
    /// Rates consecutive billing periods of any length (a meter-reading route's, <c>[read date, next
    /// read date)</c> in the premise's zone) as <see cref="Rate(IReadOnlyList{Tariff}, IEnumerable{UsageInterval}, TimeZoneInfo, DateOnly, DateOnly, RatingCarry?)"/>
    /// rates calendar months: each interval priced at its own local month's season and hour, monthly
    /// charges per period or prorated as the tariff says (<see cref="Tariff.MonthlyCharges"/>), credits
    /// and peaks carried from one period to the next. Net metering trues up on the period holding the
    /// last day of the true-up month; an annual minimum applies to calendar months only.
    /// </summary>
    /// <param name="versions">The tariff's versions.</param>
    /// <param name="intervals">The usage, in time order.</param>
    /// <param name="zone">The premise's time zone.</param>
    /// <param name="periods">The periods, each starting where the one before ends.</param>
    /// <param name="carryIn">What the previous period's bill handed on, when periods are rated one at a time.</param>
    public static IReadOnlyList<RatedBill> RatePeriods(IReadOnlyList<Tariff> versions, IEnumerable<UsageInterval> intervals, TimeZoneInfo zone,
        IReadOnlyList<ServicePeriod> periods, RatingCarry? carryIn = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(periods);
        if (versions.Count == 0)
            throw new ArgumentException("At least one tariff version is needed.", nameof(versions));
        if (periods.Count == 0)
            throw new ArgumentException("At least one period is needed.", nameof(periods));
        for (var i = 1; i < periods.Count; i++)
        {
            if (periods[i].Start != periods[i - 1].EndExclusive)
                throw new ArgumentException($"The periods must follow one another: {periods[i - 1]} is followed by {periods[i]}.", nameof(periods));
        }
        var ordered = versions.OrderBy(v => v.EffectiveFrom).ToList();
        var tariff = ordered[^1];
        ArgumentNullException.ThrowIfNull(intervals);
        var (from, toExclusive) = (periods[0].Start, periods[^1].EndExclusive);
        // One period (a bill run's): its list is made the size of the reads at once rather than grown.
        var capacity = periods.Count == 1 && intervals is ICollection<UsageInterval> all and not List<UsageInterval> ? all.Count : 0;
        var months = periods.Select(p => (Period: p, Usage: new List<UsageInterval>(capacity))).ToList();
        // Each interval goes to the month of its local start date. Converting every instant to local time
        // is most of the rating's cost, so the months' first instants are found once: an interval more
        // than 26 hours (any zone's largest shift, and more) from either end of a month is in it; only
        // the few near a month's ends are converted.
        var bounds = new DateTimeOffset[months.Count + 1];
        for (var m = 0; m < months.Count; m++)
            bounds[m] = LocalDay.StartOfDay(months[m].Period.Start, zone);
        bounds[^1] = LocalDay.StartOfDay(toExclusive, zone);
        var margin = TimeSpan.FromHours(26);
        var month = 0;
        // The period an interval is in, or -1 when it is outside them all.
        int PeriodIndex(DateTimeOffset start)
        {
            while (month < months.Count - 1 && start >= bounds[month + 1])
                month++;
            while (month > 0 && start < bounds[month])
                month--;
            if (start >= bounds[month] + margin && start < bounds[month + 1] - margin)
                return month;
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
            return date < from || date >= toExclusive ? -1 : PeriodOf(periods, date);
        }
        // One period and only its own reads (a bill run rating the month it read): rated from the list as given, not copied.
        if (periods.Count == 1 && intervals is List<UsageInterval> given && WithinOnePeriod(given, bounds[0], bounds[1], margin, PeriodIndex))
        {
            months[0] = (periods[0], given);
        }
        else
        {
            month = 0;
            foreach (var interval in intervals)
            {
                if (PeriodIndex(interval.Start) is var index and >= 0)
                    months[index].Usage.Add(interval);
            }
        }
        var bills = new List<RatedBill>();
        IReadOnlyList<decimal>? credits = carryIn is { Credits.Count: > 0 } ? carryIn.Credits : null;
        var peaks = new List<decimal>(carryIn?.RecentPeaks ?? []);
        var dollarCredit = carryIn?.DollarCredit ?? 0m;
        var (yearToDate, yearMonths) = (carryIn?.YearToDate ?? 0m, carryIn?.YearMonths ?? 0);
        foreach (var (period, usage) in months)
        {
            var ratchetKw = tariff.Ratchet is { } ratchet && peaks.Count > 0
                ? ratchet.PercentIn(period.Start.Month) * peaks.TakeLast(ratchet.LookbackMonths).Max()
                : 0m;
            var bill = RateMonth(ordered, period, usage, zone, credits, ratchetKw);
            peaks.Add(bill.PeakKw);
            credits = bill.CarriedCredits;
            var trueUp = HoldsEndOfMonth(period, tariff.TrueUpMonth);
            if (trueUp && credits.Count > 0 && credits.Sum() > 0)
            {
                bill = TrueUp(tariff, bill);
                credits = [];
            }
            if (tariff.NetMetering == NetMeteringKind.NetBilling)
                (bill, dollarCredit) = CarryDollars(tariff, bill, dollarCredit, trueUp);
            if (tariff.AnnualMinimumCharge is { } annual && period.Start.Day == 1 && period.EndExclusive == period.Start.AddMonths(1))
                (bill, yearToDate, yearMonths) = AnnualMinimum(tariff, annual, period, bill, yearToDate, yearMonths);
            bills.Add(bill);
        }
        bills[^1] = bills[^1] with
        {
            CarryOut = new RatingCarry(credits ?? [], dollarCredit, peaks.TakeLast(12).ToList()) { YearToDate = yearToDate, YearMonths = yearMonths },
        };
        return bills;
    }

    /// <summary>Whether the period holds the last day of <paramref name="month"/> (of its first or last day's year): the true-up bill's.</summary>
    private static bool HoldsEndOfMonth(ServicePeriod period, int month) =>
        new[] { period.Start.Year, period.LastDay.Year }.Select(year => new DateOnly(year, month, 1).AddMonths(1).AddDays(-1))
            .Any(end => period.Start <= end && end <= period.LastDay);

    /// <summary>
    /// Whether every interval is in the one period (<paramref name="periodIndex"/> gives 0). Those more than
    /// <paramref name="margin"/> inside the period's instants are known to be by comparing ticks; only the rest, about a
    /// day's at each end, are placed as rating places them (placing each of a month's seven hundred cost as much as rating them).
    /// </summary>
    private static bool WithinOnePeriod(List<UsageInterval> intervals, DateTimeOffset start, DateTimeOffset end, TimeSpan margin, Func<DateTimeOffset, int> periodIndex)
    {
        var (inside, before) = ((start + margin).UtcTicks, (end - margin).UtcTicks);
        foreach (ref readonly var interval in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(intervals))
        {
            var ticks = interval.Start.UtcTicks;
            if ((ticks < inside || ticks >= before) && periodIndex(interval.Start) != 0)
                return false;
        }
        return true;
    }

    /// <summary>The index of the period holding a local date (the periods in order, the date inside them).</summary>
    private static int PeriodOf(IReadOnlyList<ServicePeriod> periods, DateOnly date)
    {
        int low = 0, high = periods.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (periods[middle].Start <= date)
                low = middle;
            else
                high = middle - 1;
        }
        return low;
    }

    /// <summary>
    /// Adds a whole month's bill to the calendar year so far; in December, when all twelve months were
    /// billed, tops the bill up so the year reaches the annual minimum, and starts the next year.
    /// </summary>
    private static (RatedBill Bill, decimal YearToDate, int YearMonths) AnnualMinimum(Tariff tariff, decimal annual, ServicePeriod period, RatedBill bill,
        decimal yearToDate, int yearMonths)
    {
        // A year is January to December. A month of it not billed here (the first cycle billed, a
        // part month) leaves the year incomplete (-1): no minimum is charged for a year not billed whole.
        if (period.Start.Month == 1)
            (yearToDate, yearMonths) = (0m, 0);
        (yearToDate, yearMonths) = (yearToDate + bill.Total.Amount, yearMonths == period.Start.Month - 1 ? yearMonths + 1 : -1);
        if (period.Start.Month != 12)
            return (bill, yearToDate, yearMonths);
        if (yearMonths == 12 && yearToDate < annual)
        {
            var topUp = new Money.Money(annual - yearToDate, tariff.Currency).Round(tariff.Rounding);
            bill = bill with
            {
                Lines = [.. bill.Lines, new BillLine(ChargeCategory.Minimum, new AnnualMinimumLine(annual), null, null, null, topUp)],
            };
        }
        return (bill, 0m, 0);
    }

    /// <summary>
    /// Net billing: a month whose export credits exceed its charges carries the difference to the next
    /// bill as a dollar credit; the true-up month's bill settles whatever is left (a negative total the
    /// utility owes the customer).
    /// </summary>
    private static (RatedBill Bill, decimal Carried) CarryDollars(Tariff tariff, RatedBill bill, decimal carriedIn, bool trueUp)
    {
        var lines = bill.Lines.ToList();
        if (carriedIn > 0)
        {
            lines.Add(new BillLine(ChargeCategory.Other, new CreditFromLastBill(carriedIn), null, null, null, new Money.Money(-carriedIn, tariff.Currency)));
        }
        var total = lines.Sum(l => l.Amount.Amount);
        var carriedOut = 0m;
        if (total < 0 && !trueUp)
        {
            carriedOut = -total;
            lines.Add(new BillLine(ChargeCategory.Other, new CreditForNextBill(carriedOut), null, null, null, new Money.Money(carriedOut, tariff.Currency)));
        }
        return (bill with { Lines = lines }, carriedOut);
    }

    /// <summary>The year's leftover net metering credits, paid at each period's sell rate on the December bill.</summary>
    private static RatedBill TrueUp(Tariff tariff, RatedBill bill)
    {
        var lines = bill.Lines.ToList();
        for (var p = 0; p < bill.CarriedCredits.Count; p++)
        {
            var kwh = bill.CarriedCredits[p];
            if (kwh <= 0)
                continue;
            var sell = tariff.SellRate(p);
            lines.Add(new BillLine(ChargeCategory.Energy, new TrueUpCredit(kwh, tariff.Unit.Symbol(), sell), kwh, tariff.Unit.Symbol(), -sell,
                new Money.Money(-kwh * sell, tariff.Currency).Round(tariff.Rounding)));
        }
        return bill with { Lines = lines, CarriedCredits = [] };
    }

    private static RatedBill RateMonth(List<Tariff> versions, ServicePeriod period, List<UsageInterval> usage, TimeZoneInfo zone, IReadOnlyList<decimal>? credits,
        decimal ratchetKw)
    {
        var inForce = versions.LastOrDefault(v => v.EffectiveFrom <= period.Start) ?? versions[0];
        var changes = versions.Where(v => v.EffectiveFrom > period.Start && v.EffectiveFrom < period.EndExclusive).ToList();
        if (changes.Count == 0)
            return BillCalculator.Rate(inForce, period, usage, zone, credits, ratchetKw);
        var segments = new List<RatedBill>();
        var start = period.Start;
        var version = inForce;
        foreach (var next in changes.Append(null))
        {
            var end = next?.EffectiveFrom ?? period.EndExclusive;
            var segment = new ServicePeriod(start, end);
            var startInstant = LocalDay.StartOfDay(start, zone);
            var endInstant = LocalDay.StartOfDay(end, zone);
            var part = usage.Where(u => u.Start >= startInstant && u.Start < endInstant).ToList();
            segments.Add(BillCalculator.RateSegment(version, segment, period, part, zone));
            if (next is null)
                break;
            (start, version) = (end, next);
        }
        var total = segments.Sum(s => s.Usage.Value);
        var peak = segments.Max(s => s.PeakKw);
        // In the segments' own unit (therms, gallons… for gas and water), never assumed to be kWh.
        return new RatedBill(segments[^1].TariffId, period, new Quantity(total, segments[^1].Usage.Unit), peak, segments.SelectMany(s => s.Lines).ToList(),
            new BillDeterminants(period.Days, total, peak, [], [], []))
        { Segments = segments };
    }
}
