using UtilityInsights.Money;

namespace UtilityInsights.Rating;

/// <summary>How a tier's upper limit is measured (URDB <c>unit</c>): per billing period, per day of it, or per kW of billing demand.</summary>
public enum TierLimitUnit
{
    /// <summary>kWh in the billing period.</summary>
    Kwh,

    /// <summary>kWh per day, times the days in the billing period.</summary>
    KwhDaily,

    /// <summary>kWh per kW of the month's billing demand.</summary>
    KwhPerKw,

    /// <summary>kWh per kW of billing demand per day.</summary>
    KwhPerKwDaily,
}

/// <summary>
/// One block of an energy period: usage up to <see cref="UpTo"/> (null on the last block) is billed at
/// <see cref="Rate"/> plus <see cref="Adjustment"/> (URDB <c>adj</c>, billed with the rate).
/// </summary>
public sealed record EnergyTier(decimal? UpTo, TierLimitUnit LimitUnit, decimal Rate, decimal Adjustment = 0m, decimal? SellRate = null)
{
    public decimal BilledRate => Rate + Adjustment;
}

/// <summary>A TOU (or season) energy period and its inclining or declining blocks.</summary>
public sealed record EnergyPeriod(string Name, IReadOnlyList<EnergyTier> Tiers);

/// <summary>One block of demand: kW up to <see cref="UpToKw"/> (null on the last block) at <see cref="Rate"/> $/kW plus its adjustment.</summary>
public sealed record DemandTier(decimal? UpToKw, decimal Rate, decimal Adjustment = 0m)
{
    public decimal BilledRate => Rate + Adjustment;
}

/// <summary>A demand period (TOU window or, for flat demand, a group of months) and its blocks.</summary>
public sealed record DemandPeriod(string Name, IReadOnlyList<DemandTier> Tiers);

/// <summary>How a tariff treats energy a premise exports (URDB <c>dgrules</c>).</summary>
public enum NetMeteringKind
{
    /// <summary>No rules: a load that exports cannot be billed on the tariff.</summary>
    None,

    /// <summary>Net metering: each month's net usage per period is billed; net exports become kWh credits carried to later months and paid at the sell rate at true-up.</summary>
    MonthlyKwhCredits,

    /// <summary>Net billing: imports are billed at the tariff's rates, every exported kWh is credited at the sell rate.</summary>
    NetBilling,

    /// <summary>Buy all, sell all: needs gross load and generation, which net interval data does not have.</summary>
    BuyAllSellAll,

    /// <summary>Rules this engine does not know.</summary>
    Unsupported,
}

/// <summary>
/// A demand ratchet: the month's billing demand is at least <see cref="Percent"/> (per month, January
/// first; 0.8 = 80 %) of the highest demand of the previous <see cref="LookbackMonths"/> months.
/// </summary>
public sealed record DemandRatchet(IReadOnlyList<decimal> Percent, int LookbackMonths)
{
    public decimal PercentIn(int month) => Percent[month - 1];
}

/// <summary>Once per billing period or per day of it.</summary>
public enum ChargeBasis
{
    PerMonth,
    PerDay,
}

/// <summary>
/// How a tariff's monthly amounts (fixed charges, minimums, monthly tier limits) apply to a billing
/// period that is not one calendar month (a meter-reading route's 27 to 35 days): once per period, or
/// prorated by the period's days (as CC&amp;B's and SAP IS-U's rates let each rate decide).
/// </summary>
public enum MonthlyChargeBasis
{
    /// <summary>Each billing period counts as one month, whatever its days.</summary>
    PerPeriod,

    /// <summary>A period of one whole calendar month counts as one; any other as its days × 12 ÷ 365 months.</summary>
    Prorated,
}

/// <summary>The categories of charges: what a bill's lines add up to per kind.</summary>
public enum ChargeCategory
{
    Energy,
    Demand,
    Fixed,
    Minimum,
    Other,
}

public sealed record FixedCharge(string Description, decimal Amount, ChargeBasis Per);

/// <summary>A per-kWh charge on all usage, billed on its own line (riders, fuel adjustments).</summary>
public sealed record Rider(string Description, decimal RatePerKwh);

/// <summary>A tax as a percentage of the chosen categories of charges, on its own line.</summary>
public sealed record Tax(string Description, decimal Percent, IReadOnlySet<ChargeCategory> AppliesTo);

/// <summary>
/// Which period applies at each local hour: one index per month (January first) and hour, for weekdays
/// and for weekends (holidays are priced as weekends).
/// </summary>
public sealed record TouSchedule
{
    public TouSchedule(int[][] weekday, int[][] weekend, int periodCount, string what)
    {
        Check(weekday, periodCount, $"{what} weekday schedule");
        Check(weekend, periodCount, $"{what} weekend schedule");
        Weekday = weekday;
        Weekend = weekend;
    }

    public int[][] Weekday { get; }

    public int[][] Weekend { get; }

    public static TouSchedule AllOnePeriod(string what) =>
        new(Enumerable.Range(0, 12).Select(_ => new int[24]).ToArray(), Enumerable.Range(0, 12).Select(_ => new int[24]).ToArray(), 1, what);

    public int PeriodAt(int month, int hour, bool weekendOrHoliday) => (weekendOrHoliday ? Weekend : Weekday)[month - 1][hour];

    private static void Check(int[][] schedule, int periods, string what)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Length != 12 || schedule.Any(m => m is null || m.Length != 24))
            throw new TariffException(what, "must have 12 months of 24 hours");
        foreach (var period in schedule.SelectMany(m => m))
        {
            if (period < 0 || period >= periods)
                throw new TariffException(what, $"refers to period {period}, but there are {periods} periods");
        }
    }
}

/// <summary>A tariff that cannot be built or used: names the field and the reason.</summary>
public sealed class TariffException : Exception
{
    public TariffException(string field, string reason)
        : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    public TariffException()
    {
        Field = Reason = string.Empty;
    }

    public TariffException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = Reason = string.Empty;
    }

    public string Field { get; }

    public string Reason { get; }
}

/// <summary>
/// One effective-dated version of a tariff, validated when built: tiers ascend, schedules name
/// existing periods, rates are finite. Everything the rating engine needs and nothing it ignores:
/// a source feature the engine cannot bill is refused by the importer, by name.
/// </summary>
public sealed record Tariff
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Utility { get; init; } = string.Empty;

    public Currency Currency { get; init; } = Currency.Usd;

    /// <summary>What is sold: electricity is priced per kWh, gas per therm, water per gallon (one engine for all three).</summary>
    public Units.Commodity Commodity { get; init; } = Units.Commodity.Electricity;

    /// <summary>The unit energy charges, tier limits and riders are in.</summary>
    public Units.Unit Unit => Commodity switch
    {
        Units.Commodity.Gas => Units.Unit.Therm,
        Units.Commodity.Water => Units.Unit.Gallon,
        _ => Units.Unit.KWh,
    };

    public DateOnly EffectiveFrom { get; init; }

    public MoneyRounding Rounding { get; init; } = MoneyRounding.HalfAwayFromZero;

    public required IReadOnlyList<EnergyPeriod> EnergyPeriods { get; init; }

    public required TouSchedule EnergySchedule { get; init; }

    /// <summary>TOU demand periods (empty when the tariff has none).</summary>
    public IReadOnlyList<DemandPeriod> DemandPeriods { get; init; } = [];

    public TouSchedule? DemandSchedule { get; init; }

    /// <summary>Flat (monthly peak) demand periods, chosen per month by <see cref="FlatDemandMonths"/>.</summary>
    public IReadOnlyList<DemandPeriod> FlatDemandPeriods { get; init; } = [];

    public IReadOnlyList<int>? FlatDemandMonths { get; init; }

    /// <summary>A demand ratchet on the flat (monthly) demand charge, or null.</summary>
    public DemandRatchet? Ratchet { get; init; }

    public IReadOnlyList<FixedCharge> FixedCharges { get; init; } = [];

    public decimal? MinimumCharge { get; init; }

    public ChargeBasis MinimumBasis { get; init; } = ChargeBasis.PerMonth;

    /// <summary>How monthly fixed charges, minimums and tier limits apply to a period that is not a calendar month.</summary>
    public MonthlyChargeBasis MonthlyCharges { get; init; } = MonthlyChargeBasis.PerPeriod;

    /// <summary>
    /// How many months of monthly charges a billing period carries: one per period, or, prorated, one
    /// for a whole calendar month and otherwise days × 12 ÷ 365 (to six decimals: 33 days are 1.084932).
    /// </summary>
    public decimal MonthsIn(Time.ServicePeriod period) =>
        MonthlyCharges == MonthlyChargeBasis.PerPeriod || (period.Start.Day == 1 && period.EndExclusive == period.Start.AddMonths(1))
            ? 1m
            : Math.Round(period.Days * 12m / 365m, 6, MidpointRounding.AwayFromZero);

    public decimal? AnnualMinimumCharge { get; init; }

    /// <summary>Fuel adjustment in $/kWh for each month (January first), billed on its own line.</summary>
    public IReadOnlyList<decimal>? FuelAdjustmentsMonthly { get; init; }

    public IReadOnlyList<Rider> Riders { get; init; } = [];

    public IReadOnlyList<Tax> Taxes { get; init; } = [];

    /// <summary>URDB <c>dgrules</c> (Net Metering, Net Billing …), or null: applies only to loads that export.</summary>
    public string? DistributedGenerationRules { get; init; }

    /// <summary>How exports are treated, from <see cref="DistributedGenerationRules"/>.</summary>
    public NetMeteringKind NetMetering => DistributedGenerationRules switch
    {
        null => NetMeteringKind.None,
        "Net Metering" => NetMeteringKind.MonthlyKwhCredits,
        "Net Billing Instantaneous" or "Net Billing Hourly" => NetMeteringKind.NetBilling,
        "Buy All Sell All" => NetMeteringKind.BuyAllSellAll,
        _ => NetMeteringKind.Unsupported,
    };

    /// <summary>The month (1–12) whose bill settles the year's net metering credits; December by default.</summary>
    public int TrueUpMonth { get; init; } = 12;

    /// <summary>The price paid for exported energy ($/kWh), per energy period: its first tier's sell rate, else 0.</summary>
    public decimal SellRate(int period) => EnergyPeriods[period].Tiers[0].SellRate ?? 0m;

    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();

    /// <summary>Checks the invariants the engine relies on; the importers call it on every tariff they build.</summary>
    public Tariff Validated()
    {
        if (EnergyPeriods.Count == 0)
            throw new TariffException("energy", "a tariff needs at least one energy period");
        for (var p = 0; p < EnergyPeriods.Count; p++)
            CheckTiers(EnergyPeriods[p].Tiers.Select(t => (t.UpTo, t.BilledRate)).ToList(), $"energy period {p} ({EnergyPeriods[p].Name})");
        for (var p = 0; p < DemandPeriods.Count; p++)
            CheckTiers(DemandPeriods[p].Tiers.Select(t => (t.UpToKw, t.BilledRate)).ToList(), $"demand period {p} ({DemandPeriods[p].Name})");
        for (var p = 0; p < FlatDemandPeriods.Count; p++)
            CheckTiers(FlatDemandPeriods[p].Tiers.Select(t => (t.UpToKw, t.BilledRate)).ToList(), $"flat demand period {p}");
        if (Commodity != Units.Commodity.Electricity && (DemandPeriods.Count > 0 || FlatDemandPeriods.Count > 0))
            throw new TariffException("demand", "demand charges apply to electricity only");
        if (DemandPeriods.Count > 0 && DemandSchedule is null)
            throw new TariffException("demand schedule", "TOU demand periods need a schedule");
        if (FlatDemandPeriods.Count > 0 && (FlatDemandMonths is null || FlatDemandMonths.Count != 12 || FlatDemandMonths.Any(m => m < 0 || m >= FlatDemandPeriods.Count)))
            throw new TariffException("flat demand months", "must name one flat demand period for each of the 12 months");
        if (Ratchet is { } ratchet && (ratchet.Percent.Count != 12 || ratchet.Percent.Any(p => p is < 0 or > 2) || ratchet.LookbackMonths is < 1 or > 36))
            throw new TariffException("demand ratchet", "needs 12 monthly percentages between 0 and 2 and a look-back of 1 to 36 months");
        if (Ratchet is not null && FlatDemandPeriods.Count == 0)
            throw new TariffException("demand ratchet", "applies to a flat demand charge, and the tariff has none");
        if (FuelAdjustmentsMonthly is { Count: not 12 })
            throw new TariffException("fuel adjustments", "must give 12 monthly values");
        if (MinimumCharge is < 0 || AnnualMinimumCharge is < 0)
            throw new TariffException("minimum charge", "cannot be negative");
        return this;
    }

    private static void CheckTiers(IReadOnlyList<(decimal? UpTo, decimal Rate)> tiers, string what)
    {
        if (tiers.Count == 0)
            throw new TariffException(what, "has no tiers");
        decimal? previous = null;
        for (var i = 0; i < tiers.Count; i++)
        {
            var (upTo, _) = tiers[i];
            if (upTo is null && i != tiers.Count - 1)
                throw new TariffException(what, $"tier {i + 1} has no upper limit but is not the last tier");
            if (upTo is { } limit && (limit <= 0 || previous is { } p && limit <= p))
                throw new TariffException(what, $"tier limits must be positive and ascending (tier {i + 1}: {limit})");
            previous = upTo;
        }
    }
}
