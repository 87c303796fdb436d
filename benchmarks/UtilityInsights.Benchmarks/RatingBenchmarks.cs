using BenchmarkDotNet.Attributes;
using UtilityInsights.Rating;
using UtilityInsights.Time;

namespace UtilityInsights.Benchmarks;

/// <summary>
/// One monthly bill from hourly interval data (744 reads) on a TOU + tiers + flat and TOU demand
/// tariff, and one from a register read (a single monthly quantity) on a tiered tariff.
/// </summary>
[MemoryDiagnoser]
public class RatingBenchmarks
{
    private static readonly TimeZoneInfo Zone = TimeZones.Find("America/Chicago");
    private readonly ServicePeriod january = ServicePeriod.CalendarMonth(2018, 1);
    private Tariff touTiersDemand = null!;
    private Tariff tiered = null!;
    private readonly List<UsageInterval> hourly = [];
    private List<UsageInterval> register = [];

    [GlobalSetup]
    public void Setup()
    {
        var peak = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 24).Select(h => h is >= 16 and < 21 ? 1 : 0).ToArray()).ToArray();
        var offPeak = Enumerable.Range(0, 12).Select(_ => new int[24]).ToArray();
        touTiersDemand = new Tariff
        {
            Id = "bench",
            Name = "TOU tiers demand",
            EnergyPeriods =
            [
                new EnergyPeriod("Off-peak", [new EnergyTier(500m, TierLimitUnit.Kwh, 0.09m), new EnergyTier(null, TierLimitUnit.Kwh, 0.11m)]),
                new EnergyPeriod("On-peak", [new EnergyTier(500m, TierLimitUnit.Kwh, 0.21m), new EnergyTier(null, TierLimitUnit.Kwh, 0.25m)]),
            ],
            EnergySchedule = new TouSchedule(peak, offPeak, 2, "energy"),
            FlatDemandPeriods = [new DemandPeriod("flat", [new DemandTier(null, 4.5m)])],
            FlatDemandMonths = new int[12],
            DemandPeriods = [new DemandPeriod("off", [new DemandTier(null, 0m)]), new DemandPeriod("on", [new DemandTier(null, 6m)])],
            DemandSchedule = new TouSchedule(peak, offPeak, 2, "demand"),
            FixedCharges = [new FixedCharge("Customer charge", 12m, ChargeBasis.PerMonth)],
            Taxes = [new Tax("Tax", 5m, new HashSet<ChargeCategory> { ChargeCategory.Energy, ChargeCategory.Demand, ChargeCategory.Fixed })],
        }.Validated();
        tiered = new Tariff
        {
            Id = "tiered",
            Name = "Tiered",
            EnergyPeriods = [new EnergyPeriod("All", [new EnergyTier(600m, TierLimitUnit.Kwh, 0.1m), new EnergyTier(null, TierLimitUnit.Kwh, 0.13m)])],
            EnergySchedule = TouSchedule.AllOnePeriod("energy"),
            FixedCharges = [new FixedCharge("Customer charge", 12m, ChargeBasis.PerMonth)],
        }.Validated();
        var random = new Random(1);
        var start = LocalDay.StartOfDay(january.Start, Zone);
        for (var t = start; t < LocalDay.StartOfDay(january.EndExclusive, Zone); t = t.AddHours(1))
            hourly.Add(new UsageInterval(t, 60, Math.Round((decimal)(0.3 + random.NextDouble() * 1.5), 3)));
        register = [new UsageInterval(start, january.Days * 1440, 812.345m)];
    }

    [Benchmark]
    public decimal HourlyTouTiersDemand() => BillCalculator.Rate(touTiersDemand, january, hourly, Zone).Total.Amount;

    [Benchmark]
    public decimal RegisterTiered() => BillCalculator.Rate(tiered, january, register, Zone).Total.Amount;
}
