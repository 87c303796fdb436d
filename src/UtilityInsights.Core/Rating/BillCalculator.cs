using System.Globalization;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Rating;

/// <summary>
/// Rates one service period of interval usage on a tariff (DESIGN §5). Each interval is priced by
/// its local start time in the premise's zone (DST-correct): its month, hour and whether the day is
/// a weekend or holiday choose the energy and demand periods. Tier limits apply to the period's total
/// usage and each TOU period's usage is split across the tiers in proportion (the URDB and NREL SAM
/// convention). Every line is rounded to the cent with the tariff's rounding; the total is the sum
/// of the lines.
/// </summary>
public static class BillCalculator
{
    public static RatedBill Rate(Tariff tariff, ServicePeriod period, IReadOnlyList<UsageInterval> intervals, TimeZoneInfo zone) =>
        Rate(tariff, period, intervals, zone, null, 0m);

    /// <summary>Rates a period of a net-metered premise, applying the kWh credits carried from earlier bills.</summary>
    public static RatedBill Rate(Tariff tariff, ServicePeriod period, IReadOnlyList<UsageInterval> intervals, TimeZoneInfo zone, IReadOnlyList<decimal>? creditsIn,
        decimal ratchetKw = 0m)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        return Rate(tariff, period, intervals, zone, null, creditsIn, ratchetKw, tariff.MonthsIn(period));
    }

    /// <summary>
    /// Rates one segment of <paramref name="billingPeriod"/> when a rate
    /// version changes inside it: monthly fixed and minimum charges, monthly tier limits and demand
    /// charges are prorated by the segment's share of the days, and every line is labelled.
    /// </summary>
    public static RatedBill RateSegment(Tariff tariff, ServicePeriod segment, ServicePeriod billingPeriod, IReadOnlyList<UsageInterval> intervals, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        return Rate(tariff, segment, intervals, zone, new Proration(segment.Days, billingPeriod.Days), null, 0m, tariff.MonthsIn(billingPeriod));
    }

    private sealed record Proration(int Days, int BillingDays)
    {
        public decimal Factor => (decimal)Days / BillingDays;
    }

    // months: how many months of monthly charges the whole billing period carries (Tariff.MonthsIn); a segment's share of them follows its days.
    private static RatedBill Rate(Tariff tariff, ServicePeriod period, IReadOnlyList<UsageInterval> intervals, TimeZoneInfo zone, Proration? proration,
        IReadOnlyList<decimal>? creditsIn, decimal ratchetKw, decimal months)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(zone);
        // Integers per interval: millionths of a kWh, and demand as millionths × (1440 / minutes),
        // i.e. 24 × kW in millionths, which is a whole number for every interval length that divides a day.
        var energyMillionths = new long[tariff.EnergyPeriods.Count];
        var exportMillionths = new long[tariff.EnergyPeriods.Count];
        var netMetering = tariff.NetMetering;
        var demandPeaksScaled = new long[tariff.DemandPeriods.Count];
        var fuelMillionthsByMonth = tariff.FuelAdjustmentsMonthly is null ? null : new long[12];
        long totalMillionths = 0, peakScaled = 0;
        var hasDemandSchedule = tariff.DemandSchedule is not null;
        // A tariff whose price never depends on the hour or month (one energy period, no TOU demand,
        // no monthly fuel adjustment) needs no slot map: everything goes to period 0.
        var map = tariff.EnergyPeriods.Count > 1 || hasDemandSchedule || fuelMillionthsByMonth is not null ? PeriodMap.For(tariff, period, zone) : null;
        if (map is not null && intervals.Count > 0 && (intervals[0].Minutes > 60 || intervals[^1].Minutes > 60)
            && (ChangesWithinADay(tariff.EnergySchedule, period) || (tariff.DemandSchedule is { } demandSchedule && ChangesWithinADay(demandSchedule, period))))
        {
            var longest = intervals.Max(i => i.Minutes);
            throw new TariffException("energy", string.Create(CultureInfo.InvariantCulture,
                $"a time-of-use tariff needs interval reads: usage read over {(longest >= 1440 ? $"{longest / 1440.0:0.#} days" : $"{longest} minutes")} cannot be split into its hours (bill this meter on a tariff without time-of-use periods, or install an interval meter)"));
        }
        // Consecutive intervals of one length (the usual case) step through the map without dividing.
        long nextTicks = long.MinValue;
        int nextSlot = 0, minutes = 0, slotStep = 0;
        long demandFactor = 0;
        var span = intervals switch
        {
            UsageInterval[] array => array,
            List<UsageInterval> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            _ => intervals.ToArray(),
        };
        foreach (ref readonly var interval in span)
        {
            var millionths = interval.Millionths;
            if (millionths < 0 && netMetering is not (NetMeteringKind.MonthlyKwhCredits or NetMeteringKind.NetBilling))
            {
                throw new TariffException("dgrules", netMetering switch
                {
                    NetMeteringKind.None => "the premise exports energy but the tariff has no net metering or net billing rules",
                    NetMeteringKind.BuyAllSellAll => "Buy All Sell All needs the premise's gross load and generation; net interval reads cannot be billed on it",
                    _ => $"'{tariff.DistributedGenerationRules}' rules for exported energy are not supported",
                });
            }
            if (interval.Minutes != minutes)
            {
                minutes = interval.Minutes;
                slotStep = minutes / PeriodMap.SlotMinutes;
                demandFactor = 1440 % minutes == 0 ? 1440 / minutes : 0;
                nextTicks = long.MinValue;
            }
            var slot = 0;
            if (map is not null)
            {
                var ticks = interval.Start.UtcTicks;
                slot = ticks == nextTicks ? nextSlot : map.SlotOf(interval.Start);
                if (slot < 0 || slot >= map.SlotCount)
                    throw new ArgumentException($"A read at {interval.Start:O} is outside the period {period}.", nameof(intervals));
                nextTicks = ticks + minutes * TimeSpan.TicksPerMinute;
                nextSlot = slot + slotStep;
            }
            var energyPeriod = map?.EnergyPeriod(slot) ?? 0;
            if (millionths < 0 && netMetering == NetMeteringKind.NetBilling)
            {
                exportMillionths[energyPeriod] -= millionths;
                continue;
            }
            energyMillionths[energyPeriod] += millionths;
            totalMillionths += millionths;
            var scaled = demandFactor != 0 ? millionths * demandFactor : millionths * 1440 / minutes;
            if (scaled > peakScaled)
                peakScaled = scaled;
            if (hasDemandSchedule)
            {
                var dp = map!.DemandPeriod(slot);
                if (scaled > demandPeaksScaled[dp])
                    demandPeaksScaled[dp] = scaled;
            }
            if (fuelMillionthsByMonth is not null)
                fuelMillionthsByMonth[map!.Month(slot) - 1] += millionths;
        }
        const decimal Million = 1_000_000m;
        var energy = new decimal[energyMillionths.Length];
        for (var p = 0; p < energy.Length; p++)
            energy[p] = energyMillionths[p] / Million;
        var total = totalMillionths / Million;
        var metered = total;
        var creditsOut = NetMeter(tariff, energy, creditsIn, out var creditUsed);
        if (creditsOut is not null)
            total = energy.Sum();
        var peak = peakScaled / (24 * Million);
        var demandPeaks = new decimal[demandPeaksScaled.Length];
        for (var p = 0; p < demandPeaks.Length; p++)
            demandPeaks[p] = demandPeaksScaled[p] / (24 * Million);
        decimal fuelCost = 0, fuelKwh = 0;
        if (fuelMillionthsByMonth is not null)
        {
            for (var m = 0; m < 12; m++)
            {
                fuelCost += fuelMillionthsByMonth[m] / Million * tariff.FuelAdjustmentsMonthly![m];
                fuelKwh += fuelMillionthsByMonth[m] / Million;
            }
        }

        var lines = new List<BillLine>(8);
        var currency = tariff.Currency;
        Money.Money Round(decimal amount) => new Money.Money(amount, currency).Round(tariff.Rounding);
        var days = period.Days;
        // The segment's share of the billing period (demand charges), and the months of monthly charges it carries
        // (fixed charges, minimums and monthly tier limits): one for a calendar month or a per-period tariff.
        var factor = proration?.Factor ?? 1m;
        var monthly = factor * months;

        var unitSymbol = tariff.Unit.Symbol();
        var tierUsage = EnergyLines(tariff, energy, total, peak, days, monthly, months, lines, Round);
        if (netMetering == NetMeteringKind.NetBilling)
        {
            for (var p = 0; p < exportMillionths.Length; p++)
            {
                if (exportMillionths[p] == 0)
                    continue;
                var exported = exportMillionths[p] / Million;
                var sell = tariff.SellRate(p);
                lines.Add(new BillLine(ChargeCategory.Energy, new ExportCredit(tariff.EnergyPeriods.Count == 1 ? null : tariff.EnergyPeriods[p].Name, exported, unitSymbol, sell),
                    exported, unitSymbol, -sell, Round(-exported * sell)));
            }
        }
        if (creditsOut is not null && (creditUsed != 0 || creditsOut.Sum() != 0))
        {
            var carried = creditsOut.Sum();
            lines.Add(new BillLine(ChargeCategory.Energy, new NetMeteringSummary(metered, creditUsed, carried, unitSymbol), metered, unitSymbol, null, Round(0m)));
        }
        DemandLines(tariff, period, peak, ratchetKw, demandPeaks, factor, lines, Round);
        foreach (var fixedCharge in tariff.FixedCharges)
        {
            var (quantity, unit) = fixedCharge.Per == ChargeBasis.PerDay ? ((decimal)days, "day") : (Math.Round(monthly, 6), "month");
            var fixedAmount = fixedCharge.Per == ChargeBasis.PerDay ? days * fixedCharge.Amount : monthly * fixedCharge.Amount;
            lines.Add(new BillLine(ChargeCategory.Fixed,
                new FixedChargeLine(fixedCharge.Description, fixedCharge.Amount, fixedCharge.Per, days, proration?.Days, proration?.BillingDays ?? days)
                {
                    Months = months == 1m ? null : months,
                },
                quantity, unit, fixedCharge.Amount, Round(fixedAmount)));
        }
        if (tariff.MinimumCharge is { } minimum)
        {
            var floor = tariff.MinimumBasis == ChargeBasis.PerDay ? minimum * days : minimum * monthly;
            var subtotal = lines.Where(l => l.Category is ChargeCategory.Energy or ChargeCategory.Demand or ChargeCategory.Fixed).Sum(l => l.Amount.Amount);
            if (subtotal < floor)
            {
                lines.Add(new BillLine(ChargeCategory.Minimum, new MinimumChargeLine(floor, tariff.MinimumBasis == ChargeBasis.PerDay ? minimum : null, days),
                    null, null, null, Round(floor - subtotal)));
            }
        }
        var riderLines = new List<int>();
        if (tariff.FuelAdjustmentsMonthly is not null && fuelCost != 0)
        {
            var rate = fuelKwh == 0 ? 0 : fuelCost / fuelKwh;
            riderLines.Add(lines.Count);
            lines.Add(new BillLine(ChargeCategory.Other, new FuelAdjustmentLine(fuelKwh, unitSymbol, rate), fuelKwh, unitSymbol, Math.Round(rate, 6), Round(fuelCost)));
        }
        foreach (var rider in tariff.Riders)
        {
            riderLines.Add(lines.Count);
            lines.Add(new BillLine(ChargeCategory.Other, new RiderLine(rider.Description, total, unitSymbol, rider.RatePerKwh), total, unitSymbol, rider.RatePerKwh,
                Round(total * rider.RatePerKwh)));
        }
        foreach (var tax in tariff.Taxes)
        {
            var basis = 0m;
            for (var i = 0; i < lines.Count; i++)
            {
                var category = lines[i].Category;
                if (category != ChargeCategory.Other ? tax.AppliesTo.Contains(category) : tax.AppliesTo.Contains(ChargeCategory.Other) && riderLines.Contains(i))
                    basis += lines[i].Amount.Amount;
            }
            lines.Add(new BillLine(ChargeCategory.Other, new TaxLine(tax.Description, tax.Percent, basis), basis, "$", tax.Percent / 100m, Round(basis * tax.Percent / 100m)));
        }

        if (proration is not null)
        {
            lines = lines.Select(l => l with { Segment = period }).ToList();
        }
        var determinants = new BillDeterminants(days, total, peak, energy, demandPeaks, tierUsage);
        return new RatedBill(tariff.Id, period, new Quantity(metered, tariff.Unit), Math.Round(peak, 6), lines, determinants) { CarriedCredits = creditsOut ?? [] };
    }

    /// <summary>
    /// Net metering with monthly kWh credits: credits carried in reduce each period's net use; a
    /// period with net exports adds them to the credits carried out and is billed nothing. Returns
    /// null when the tariff does not net meter.
    /// </summary>
    /// <summary>Whether the schedule puts different hours (or weekdays and weekends) of a day in different periods in any month of the period.</summary>
    private static bool ChangesWithinADay(TouSchedule schedule, ServicePeriod period)
    {
        for (var month = new DateOnly(period.Start.Year, period.Start.Month, 1); month < period.EndExclusive; month = month.AddMonths(1))
        {
            var weekday = schedule.Weekday[month.Month - 1];
            var weekend = schedule.Weekend[month.Month - 1];
            for (var hour = 0; hour < 24; hour++)
            {
                if (weekday[hour] != weekday[0] || weekend[hour] != weekday[0])
                    return true;
            }
        }
        return false;
    }

    private static decimal[]? NetMeter(Tariff tariff, decimal[] energy, IReadOnlyList<decimal>? creditsIn, out decimal used)
    {
        used = 0;
        if (tariff.NetMetering != NetMeteringKind.MonthlyKwhCredits)
            return null;
        var credits = new decimal[energy.Length];
        for (var p = 0; p < energy.Length; p++)
        {
            var credit = creditsIn is { } c && p < c.Count ? c[p] : 0m;
            if (energy[p] < 0)
            {
                credit -= energy[p];
                energy[p] = 0;
            }
            else
            {
                var apply = Math.Min(energy[p], credit);
                energy[p] -= apply;
                credit -= apply;
                used += apply;
            }
            credits[p] = credit;
        }
        return credits;
    }

    private static List<IReadOnlyList<decimal>> EnergyLines(Tariff tariff, decimal[] energy, decimal total, decimal peak, int days, decimal factor, decimal months,
        List<BillLine> lines, Func<decimal, Money.Money> round)
    {
        var usage = new List<IReadOnlyList<decimal>>();
        var singlePeriod = energy.Count(e => e != 0) <= 1;
        for (var p = 0; p < tariff.EnergyPeriods.Count; p++)
        {
            var period = tariff.EnergyPeriods[p];
            var byTier = new decimal[period.Tiers.Count];
            usage.Add(byTier);
            if (energy[p] == 0)
                continue;
            var share = total == 0 ? 1m : energy[p] / total;
            var lower = 0m;
            for (var t = 0; t < period.Tiers.Count; t++)
            {
                var tier = period.Tiers[t];
                var last = t == period.Tiers.Count - 1;
                var upper = !last && tier.UpTo is { } limit ? Math.Max(lower, limit * Factor(tier.LimitUnit, days, peak, factor)) : decimal.MaxValue;
                var inTier = total <= lower ? 0m : Math.Min(total, upper) - lower;
                byTier[t] = inTier * share;
                lower = upper;
                if (byTier[t] == 0)
                    continue;
                var (index, kwh, periodShare) = (t, byTier[t], share);
                var unit = tariff.Unit.Symbol();
                var band = period.Tiers.Count == 1 ? null
                    : index == 0 ? new TierBand(TierPosition.First, period.Tiers[0].UpTo!.Value, period.Tiers[0].LimitUnit, days, peak) { Months = months }
                    : period.Tiers[index].UpTo is null
                        ? new TierBand(TierPosition.Over, period.Tiers[index - 1].UpTo!.Value, period.Tiers[index - 1].LimitUnit, days, peak) { Months = months }
                        : new TierBand(TierPosition.Next, period.Tiers[index].UpTo!.Value, period.Tiers[index].LimitUnit, days, peak) { Months = months };
                var facts = new EnergyCharge(tariff.Commodity, tariff.EnergyPeriods.Count == 1 ? null : period.Name, band, kwh, unit, tier.BilledRate,
                    band is not null && !singlePeriod ? periodShare : null);
                lines.Add(new BillLine(ChargeCategory.Energy, facts, Math.Round(kwh, 6), unit, tier.BilledRate, round(kwh * tier.BilledRate)));
            }
        }
        return usage;
    }

    private static void DemandLines(Tariff tariff, ServicePeriod period, decimal peak, decimal ratchetKw, decimal[] demandPeaks, decimal factor, List<BillLine> lines,
        Func<decimal, Money.Money> round)
    {
        if (factor != 1m)
        {
            var whole = round;
            round = amount => whole(amount * factor);
        }
        if (tariff.FlatDemandMonths is { } months && tariff.FlatDemandPeriods.Count > 0)
        {
            var ratcheted = ratchetKw > peak;
            DemandTierLines(tariff.FlatDemandPeriods[months[period.Start.Month - 1]], null, ratcheted ? ratchetKw : peak, ratcheted ? ratchetKw : null, peak, lines, round);
        }
        for (var p = 0; p < tariff.DemandPeriods.Count; p++)
        {
            if (demandPeaks[p] > 0)
                DemandTierLines(tariff.DemandPeriods[p], tariff.DemandPeriods[p].Name, demandPeaks[p], null, demandPeaks[p], lines, round);
        }
    }

    /// <summary>The demand lines of one demand period (<paramref name="periodName"/> null for the month's flat demand) for a billing demand of <paramref name="kw"/>.</summary>
    private static void DemandTierLines(DemandPeriod period, string? periodName, decimal kw, decimal? ratchetKw, decimal peakKw, List<BillLine> lines,
        Func<decimal, Money.Money> round)
    {
        var lower = 0m;
        for (var t = 0; t < period.Tiers.Count; t++)
        {
            var tier = period.Tiers[t];
            var upper = tier.UpToKw ?? decimal.MaxValue;
            var inTier = kw <= lower ? 0m : Math.Min(kw, upper) - lower;
            lower = upper;
            if (inTier <= 0 || tier.BilledRate == 0)
                continue;
            var facts = new DemandCharge(periodName, period.Tiers.Count == 1 ? null : t + 1, inTier, kw, tier.BilledRate, ratchetKw, peakKw);
            lines.Add(new BillLine(ChargeCategory.Demand, facts, Math.Round(inTier, 6), "kW", tier.BilledRate, round(inTier * tier.BilledRate)));
        }
    }

    /// <summary>What a tier limit is multiplied by: the proration of a monthly limit, the days, or the billing demand.</summary>
    private static decimal Factor(TierLimitUnit unit, int days, decimal peakKw, decimal proration) => unit switch
    {
        TierLimitUnit.Kwh => proration,
        TierLimitUnit.KwhDaily => days,
        TierLimitUnit.KwhPerKw => peakKw * proration,
        TierLimitUnit.KwhPerKwDaily => peakKw * days,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };
}
