using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Time;
using static UtilityInsights.Tests.Rating.Wording;

namespace UtilityInsights.Tests.Rating;

public class BillCalculatorTests
{

    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");
    private static readonly ServicePeriod January = ServicePeriod.CalendarMonth(2018, 1);

    private static Tariff Flat(params EnergyTier[] tiers) => new Tariff
    {
        Id = "T",
        Name = "Test",
        EnergyPeriods = [new EnergyPeriod("All hours", tiers)],
        EnergySchedule = TouSchedule.AllOnePeriod("energy"),
    }.Validated();

    /// <summary>One read per hour of the period, each <paramref name="kwh"/>.</summary>
    private static List<UsageInterval> Hourly(ServicePeriod period, decimal kwh, TimeZoneInfo? zone = null)
    {
        var reads = new List<UsageInterval>();
        var start = LocalDay.StartOfDay(period.Start, zone ?? Est);
        var end = LocalDay.StartOfDay(period.EndExclusive, zone ?? Est);
        for (var t = start; t < end; t = t.AddHours(1))
            reads.Add(new UsageInterval(t, 60, kwh));
        return reads;
    }

    [TestCase("America/New_York", 2025, 2)]
    [TestCase("Australia/Lord_Howe", 2025, 3)]
    [TestCase("Pacific/Apia", 2011, 11)]
    [TestCase("America/Havana", 2024, 10)]
    public void Each_month_gets_the_reads_whose_local_date_falls_in_it_across_clock_changes(string zoneId, int year, int firstMonth)
    {
        // Lord Howe moves its clocks by 30 minutes, Apia skipped 30 Dec 2011 (a 24-hour jump), Havana falls back at midnight.
        var zone = TimeZones.Find(zoneId);
        var from = new DateOnly(year, firstMonth, 3);
        var to = new DateOnly(year, firstMonth, 1).AddMonths(3);
        var reads = new List<UsageInterval>();
        var start = LocalDay.StartOfDay(from, zone).AddDays(-3);
        for (var (t, i) = (start, 1); t < LocalDay.StartOfDay(to, zone).AddDays(3); t = t.AddMinutes(30), i++)
            reads.Add(new UsageInterval(t, 30, i / 1000m));

        var bills = CalendarMonthRater.Rate(Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.10m)), reads, zone, from, to);

        var expected = reads.GroupBy(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Start, zone).DateTime))
            .Where(g => g.Key >= from && g.Key < to)
            .GroupBy(g => (g.Key.Year, g.Key.Month), g => g.Sum(r => r.Millionths) / 1_000_000m)
            .Select(g => g.Sum()).ToList();
        Assert.That(bills.Select(b => b.Usage.Value), Is.EqualTo(expected));
    }

    [Test]
    public void Usage_crossing_a_tier_boundary_is_split_between_tiers()
    {
        var tariff = Flat(new EnergyTier(500m, TierLimitUnit.Kwh, 0.10m), new EnergyTier(null, TierLimitUnit.Kwh, 0.20m));

        var bill = BillCalculator.Rate(tariff, January, Hourly(January, 1m), Est); // 744 kWh

        Assert.That(bill.Lines.Select(l => (l.Quantity, l.Amount.Amount)), Is.EqualTo(new (decimal?, decimal)[] { (500m, 50.00m), (244m, 48.80m) }));
        Assert.That(Explain(bill.Lines[0]), Is.EqualTo("First 500 kWh: 500 kWh at $0.1000/kWh"));
    }

    [Test]
    public void A_daily_tier_limit_is_multiplied_by_the_days_in_the_period()
    {
        var tariff = Flat(new EnergyTier(20m, TierLimitUnit.KwhDaily, 0.10m), new EnergyTier(null, TierLimitUnit.Kwh, 0.20m));

        var bill = BillCalculator.Rate(tariff, January, Hourly(January, 1m), Est);

        Assert.That(bill.Determinants.KwhByPeriodAndTier[0], Is.EqualTo(new[] { 620m, 124m }));
    }

    [Test]
    public void With_TOU_and_tiers_each_periods_usage_is_split_across_the_tiers_in_proportion()
    {
        var weekday = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 24).Select(h => h is >= 16 and < 21 ? 1 : 0).ToArray()).ToArray();
        var tariff = new Tariff
        {
            Id = "T",
            Name = "TOU tiers",
            EnergyPeriods =
            [
                new EnergyPeriod("Off-peak", [new EnergyTier(400m, TierLimitUnit.Kwh, 0.10m), new EnergyTier(null, TierLimitUnit.Kwh, 0.15m)]),
                new EnergyPeriod("On-peak", [new EnergyTier(400m, TierLimitUnit.Kwh, 0.20m), new EnergyTier(null, TierLimitUnit.Kwh, 0.25m)]),
            ],
            EnergySchedule = new TouSchedule(weekday, weekday, 2, "energy"),
        }.Validated();

        var bill = BillCalculator.Rate(tariff, January, Hourly(January, 1m), Est); // 744 kWh: 155 on-peak, 589 off-peak

        var off = bill.Determinants.KwhByPeriodAndTier[0];
        var on = bill.Determinants.KwhByPeriodAndTier[1];
        Assert.Multiple(() =>
        {
            Assert.That(on.Sum(), Is.EqualTo(155m).Within(0.000001m));
            Assert.That(off[0] + on[0], Is.EqualTo(400m).Within(0.000001m));
            Assert.That(on[0] / on.Sum(), Is.EqualTo(400m / 744m).Within(0.000001m));
            Assert.That(bill.Total.Amount, Is.EqualTo(bill.Lines.Sum(l => l.Amount.Amount)));
        });
    }

    [Test]
    public void A_minimum_charge_tops_the_bill_up_with_the_fixed_charge_included()
    {
        var tariff = Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.10m)) with
        {
            FixedCharges = [new FixedCharge("Customer charge", 5m, ChargeBasis.PerMonth)],
            MinimumCharge = 20m,
        };

        var bill = BillCalculator.Rate(tariff, January, Hourly(January, 0.1m), Est); // 74.4 kWh → 7.44 + 5.00

        Assert.That(bill.Charges(ChargeCategory.Minimum).Amount, Is.EqualTo(7.56m));
        Assert.That(bill.Total.Amount, Is.EqualTo(20.00m));
    }

    [Test]
    public void Splitting_a_period_at_a_day_boundary_prorates_a_daily_fixed_charge_exactly()
    {
        var tariff = Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.10m)) with { FixedCharges = [new FixedCharge("Customer charge", 0.53m, ChargeBasis.PerDay)] };
        var (before, after) = January.SplitAt(new DateOnly(2018, 1, 11));

        decimal Fixed(ServicePeriod p) => BillCalculator.Rate(tariff, p, [], Est).Charges(ChargeCategory.Fixed).Amount;

        Assert.That(Fixed(before) + Fixed(after), Is.EqualTo(Fixed(January)));
        Assert.That(Fixed(January), Is.EqualTo(16.43m));
    }

    [Test]
    public void Inclining_block_bills_never_fall_as_usage_rises_and_always_equal_the_sum_of_their_lines()
    {
        var tariff = Flat(new EnergyTier(300m, TierLimitUnit.Kwh, 0.0953m), new EnergyTier(700m, TierLimitUnit.Kwh, 0.1187m), new EnergyTier(null, TierLimitUnit.Kwh, 0.1433m))
            with
        { FixedCharges = [new FixedCharge("Customer charge", 9.99m, ChargeBasis.PerMonth)], Taxes = [new Tax("Tax", 6.35m, new HashSet<ChargeCategory> { ChargeCategory.Energy, ChargeCategory.Fixed })] };
        var random = new Random(7);
        var previous = 0m;
        for (var kwh = 0.05m; kwh < 3m; kwh += 0.0731m)
        {
            var load = Hourly(January, kwh).Select(r => r with { Amount = Math.Round(r.Amount * (decimal)(0.5 + random.NextDouble()), 3) }).ToList();
            var scaled = load.Select(r => r with { Amount = r.Amount * 1.01m }).ToList();
            var bill = BillCalculator.Rate(tariff, January, load, Est);
            var more = BillCalculator.Rate(tariff, January, scaled, Est);
            Assert.That(bill.Total.Amount, Is.EqualTo(bill.Lines.Sum(l => l.Amount.Amount)));
            Assert.That(more.Total.Amount, Is.GreaterThanOrEqualTo(bill.Total.Amount));
            Assert.That(bill.Lines.All(l => l.Amount.IsRounded), Is.True);
            previous = bill.Total.Amount;
        }
        Assert.That(previous, Is.GreaterThan(0));
    }

    [Test]
    public void TOU_periods_follow_local_time_on_the_spring_forward_day()
    {
        var chicago = TimeZones.Find("America/Chicago");
        var peakAtThree = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 24).Select(h => h == 3 ? 1 : 0).ToArray()).ToArray();
        var tariff = new Tariff
        {
            Id = "T",
            Name = "Peak at 3 am",
            EnergyPeriods = [new EnergyPeriod("Off", [new EnergyTier(null, TierLimitUnit.Kwh, 0.10m)]), new EnergyPeriod("Peak", [new EnergyTier(null, TierLimitUnit.Kwh, 1m)])],
            EnergySchedule = new TouSchedule(peakAtThree, peakAtThree, 2, "energy"),
        }.Validated();
        var day = new ServicePeriod(new DateOnly(2018, 3, 11), new DateOnly(2018, 3, 12));

        var bill = BillCalculator.Rate(tariff, day, Hourly(day, 1m, chicago), chicago);

        Assert.That(bill.Determinants.KwhByPeriod, Is.EqualTo(new[] { 22m, 1m }), "23 hours; 2:00 does not exist, 3:00 CDT is the peak hour");
    }

    [Test]
    public void Flat_demand_is_billed_on_the_months_peak_and_TOU_demand_on_the_peak_inside_its_hours()
    {
        var evening = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 24).Select(h => h is >= 17 and < 20 ? 1 : 0).ToArray()).ToArray();
        var tariff = Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.05m)) with
        {
            FlatDemandPeriods = [new DemandPeriod("flat", [new DemandTier(5m, 8m), new DemandTier(null, 6m)])],
            FlatDemandMonths = new int[12],
            DemandPeriods = [new DemandPeriod("off", [new DemandTier(null, 0m)]), new DemandPeriod("evening", [new DemandTier(null, 3m)])],
            DemandSchedule = new TouSchedule(evening, evening, 2, "demand"),
        };
        var load = Hourly(January, 1m);
        load[10] = load[10] with { Amount = 7m };   // 10:00 on Jan 1: the month's peak, outside the evening
        load[41] = load[41] with { Amount = 4m };   // 17:00 on Jan 2: the evening peak

        var bill = BillCalculator.Rate(tariff, January, load, Est);

        Assert.That(bill.Lines.Where(l => l.Category == ChargeCategory.Demand).Select(l => l.Amount.Amount), Is.EqualTo(new[] { 40.00m, 12.00m, 12.00m }));
        Assert.That(bill.PeakKw, Is.EqualTo(7m));
    }

    [Test]
    public void A_load_that_exports_is_refused_by_name_rather_than_billed_wrongly()
    {
        var load = Hourly(January, 1m);
        load[5] = load[5] with { Amount = -2m };

        var error = Assert.Throws<TariffException>(() => BillCalculator.Rate(Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.1m)), January, load, Est));
        Assert.That(error!.Field, Is.EqualTo("dgrules"));
    }

    [Test]
    public void Taxes_apply_to_the_chosen_categories_only()
    {
        var tariff = Flat(new EnergyTier(null, TierLimitUnit.Kwh, 0.10m)) with
        {
            FixedCharges = [new FixedCharge("Customer charge", 10m, ChargeBasis.PerMonth)],
            Riders = [new Rider("Storm recovery", 0.01m)],
            Taxes = [new Tax("Energy tax", 10m, new HashSet<ChargeCategory> { ChargeCategory.Energy })],
        };

        var bill = BillCalculator.Rate(tariff, January, Hourly(January, 1m), Est);

        Assert.That(bill.Lines.Single(l => Describe(l) == "Energy tax").Amount.Amount, Is.EqualTo(7.44m));
        Assert.That(bill.Lines.Single(l => Describe(l) == "Storm recovery").Amount.Amount, Is.EqualTo(7.44m));
    }
}

public class RateChangeTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    private static Tariff Version(DateOnly from, decimal rate) => new Tariff
    {
        Id = "T",
        Name = "Residential",
        EffectiveFrom = from,
        EnergyPeriods = [new EnergyPeriod("All hours", [new EnergyTier(500m, TierLimitUnit.Kwh, rate), new EnergyTier(null, TierLimitUnit.Kwh, rate * 2)])],
        EnergySchedule = TouSchedule.AllOnePeriod("energy"),
        FixedCharges = [new FixedCharge("Customer charge", 31m, ChargeBasis.PerMonth)],
    }.Validated();

    [Test]
    public void A_rate_change_inside_a_month_splits_the_bill_into_segments_prorated_by_days()
    {
        var versions = new[] { Version(new DateOnly(2017, 1, 1), 0.10m), Version(new DateOnly(2018, 1, 15), 0.20m) };
        var start = LocalDay.StartOfDay(new DateOnly(2018, 1, 1), Est);
        var load = Enumerable.Range(0, 31 * 24).Select(h => new UsageInterval(start.AddHours(h), 60, 1m)).ToList();

        var bill = CalendarMonthRater.Rate(versions, load, Est, new DateOnly(2018, 1, 1), new DateOnly(2018, 2, 1)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(bill.Segments.Select(s => s.Period.Days), Is.EqualTo(new[] { 14, 17 }));
            Assert.That(bill.Charges(ChargeCategory.Fixed).Amount, Is.EqualTo(31.00m), "14/31 and 17/31 of $31");
            // Segment 1: 336 kWh, its 500-kWh block prorated to 225.806 kWh. Segment 2: 408 kWh against 274.194 kWh.
            Assert.That(bill.Segments[0].Determinants.KwhByPeriodAndTier[0][0], Is.EqualTo(500m * 14 / 31).Within(0.000001m));
            Assert.That(bill.Lines.Select(l => LineWording.Segment(l.Segment!.Value)).Distinct(), Is.EqualTo(new[] { "Jan 1 – Jan 14", "Jan 15 – Jan 31" }));
            Assert.That(bill.Total.Amount, Is.EqualTo(bill.Lines.Sum(l => l.Amount.Amount)));
            Assert.That(bill.Usage.Value, Is.EqualTo(744m));
        });
    }
}

public class GasAndWaterTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    [Test]
    public void A_gas_bill_from_CCF_uses_the_cycles_heat_factor_and_prices_therms()
    {
        var tariff = NativeTariffReader.Read(
            """
            { "format": "utility-insights-tariff/1", "id": "GAS-R", "name": "Residential gas", "commodity": "gas", "effective_from": "2024-01-01",
              "fixed_charges": [ { "description": "Customer charge", "amount": "9.00", "per": "month" } ],
              "energy": { "periods": [ { "name": "All", "tiers": [ { "up_to": "50", "limit_unit": "therm", "rate": "1.10" }, { "rate": "0.95" } ] } ] },
              "riders": [ { "description": "Gas cost adjustment", "rate": "0.3120", "per": "therm" } ] }
            """);
        var therms = new UtilityInsights.Units.Quantity(80m, UtilityInsights.Units.Unit.Ccf).ToTherms(1.037m); // 82.96 therms
        var january = ServicePeriod.CalendarMonth(2025, 1);

        var bill = BillCalculator.Rate(tariff, january, [new UsageInterval(LocalDay.StartOfDay(january.Start, Est), 1440, therms.Value)], Est);

        Assert.Multiple(() =>
        {
            Assert.That(bill.Usage, Is.EqualTo(UtilityInsights.Units.Quantity.Therms(82.96m)));
            Assert.That(bill.Lines.Select(l => l.Amount.Amount), Is.EqualTo(new[] { 55.00m, 31.31m, 9.00m, 25.88m }));
            Assert.That(Explain(bill.Lines[0]), Is.EqualTo("First 50 therm: 50 therm at $1.1000/therm"));
        });
    }

    [Test]
    public void A_gas_bill_split_by_a_rate_change_is_quantified_in_therms()
    {
        static Tariff Gas(string from, string rate) => NativeTariffReader.Read(
            $$"""
            { "format": "utility-insights-tariff/1", "id": "GAS-R", "name": "Residential gas", "commodity": "gas", "effective_from": "{{from}}",
              "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "{{rate}}" } ] } ] } }
            """);
        var start = LocalDay.StartOfDay(new DateOnly(2025, 1, 1), Est);
        var load = Enumerable.Range(0, 31).Select(d => new UsageInterval(start.AddDays(d), 1440, 3m)).ToList();

        var bill = CalendarMonthRater.Rate([Gas("2024-01-01", "1.00"), Gas("2025-01-16", "1.20")], load, Est, new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1)).Single();

        Assert.That(bill.Segments, Has.Count.EqualTo(2));
        Assert.That(bill.Usage, Is.EqualTo(UtilityInsights.Units.Quantity.Therms(93m)), "93 therms, not 93 kWh");
        Assert.That(bill.Total.Amount, Is.EqualTo(15 * 3 * 1.00m + 16 * 3 * 1.20m));
    }

    [Test]
    public void A_water_bill_prices_gallons_in_daily_tiers()
    {
        var tariff = NativeTariffReader.Read(
            """
            { "format": "utility-insights-tariff/1", "id": "W-R", "name": "Residential water", "commodity": "water", "effective_from": "2024-01-01",
              "energy": { "periods": [ { "name": "All", "tiers": [ { "up_to": "100", "limit_unit": "gal daily", "rate": "0.004" }, { "rate": "0.009" } ] } ] } }
            """);
        var april = ServicePeriod.CalendarMonth(2025, 4);

        var bill = BillCalculator.Rate(tariff, april, [new UsageInterval(LocalDay.StartOfDay(april.Start, Est), 1440, 4500m)], Est);

        Assert.That(bill.Lines.Select(l => (l.Quantity, l.Amount.Amount)), Is.EqualTo(new (decimal?, decimal)[] { (3000m, 12.00m), (1500m, 13.50m) }));
        Assert.That(bill.Usage.Unit, Is.EqualTo(UtilityInsights.Units.Unit.Gallon));
    }
}

public class NetMeteringTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    private static Tariff Tariff(string rules) => NativeTariffReader.Read(
        $$"""
        { "format": "utility-insights-tariff/1", "id": "NEM", "name": "Solar", "effective_from": "2020-01-01",
          "fixed_charges": [ { "description": "Customer charge", "amount": "10.00", "per": "month" } ],
          "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.20" } ] } ] },
          "net_metering": { "rules": "{{rules}}", "sell_rate": "0.05" } }
        """);

    /// <summary>Each day: 10 kWh imported at night and <paramref name="exportPerDay"/> exported at noon.</summary>
    private static List<UsageInterval> Solar(int year, int month, decimal exportPerDay)
    {
        var reads = new List<UsageInterval>();
        var period = ServicePeriod.CalendarMonth(year, month);
        foreach (var day in period.EachDay())
        {
            var start = LocalDay.StartOfDay(day, Est);
            reads.Add(new UsageInterval(start, 60, 10m));
            reads.Add(new UsageInterval(start.AddHours(12), 60, -exportPerDay));
        }
        return reads;
    }

    [Test]
    public void Net_metering_carries_a_months_net_export_as_kWh_credit_and_pays_what_is_left_at_the_December_true_up()
    {
        var load = Solar(2025, 11, 12m).Concat(Solar(2025, 12, 9m)).ToList(); // Nov: −60 kWh net; Dec: +31 kWh net

        var bills = CalendarMonthRater.Rate(Tariff("net_metering"), load, Est, new DateOnly(2025, 11, 1), new DateOnly(2026, 1, 1));

        Assert.Multiple(() =>
        {
            Assert.That(bills[0].Charges(ChargeCategory.Energy).Amount, Is.EqualTo(0m));
            Assert.That(bills[0].CarriedCredits.Single(), Is.EqualTo(60m));
            Assert.That(bills[0].Total.Amount, Is.EqualTo(10.00m), "the customer charge still applies");
            Assert.That(bills[1].Lines.Single(l => Describe(l) == "Net metering true-up credit").Amount.Amount, Is.EqualTo(-1.45m), "60 − 31 = 29 kWh at $0.05");
            Assert.That(bills[1].Total.Amount, Is.EqualTo(10.00m - 1.45m));
        });
    }

    [Test]
    public void Net_billing_bills_imports_at_the_rate_and_credits_every_export_at_the_sell_rate()
    {
        var bill = CalendarMonthRater.Rate(Tariff("net_billing"), Solar(2025, 6, 12m), Est, new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 1)).Single();

        Assert.That(bill.Lines.Select(l => l.Amount.Amount), Is.EqualTo(new[] { 60.00m, -18.00m, 10.00m }), "300 kWh at $0.20, 360 kWh exported at $0.05, customer charge");
    }

    [Test]
    public void Buy_all_sell_all_is_refused_for_net_interval_data()
    {
        var tariff = Tariff("net_billing") with { DistributedGenerationRules = "Buy All Sell All" };

        var error = Assert.Throws<TariffException>(() => BillCalculator.Rate(tariff, ServicePeriod.CalendarMonth(2025, 6), Solar(2025, 6, 1m), Est));
        Assert.That(error!.Reason, Does.Contain("gross load and generation"));
    }
}

public class DemandRatchetTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    /// <summary>$0.05/kWh, $10/kW of flat demand, billing demand at least 80 % of the last 11 months' peak.</summary>
    internal static Tariff RatchetTariff() => new Tariff
    {
        Id = "R",
        Name = "Ratchet",
        EnergyPeriods = [new EnergyPeriod("All", [new EnergyTier(null, TierLimitUnit.Kwh, 0.05m)])],
        EnergySchedule = TouSchedule.AllOnePeriod("energy"),
        FlatDemandPeriods = [new DemandPeriod("flat", [new DemandTier(null, 10m)])],
        FlatDemandMonths = new int[12],
        Ratchet = new DemandRatchet(Enumerable.Repeat(0.8m, 12).ToList(), 11),
    }.Validated();

    [Test]
    public void A_ratchet_bills_a_quiet_month_on_a_share_of_an_earlier_months_peak()
    {
        var tariff = RatchetTariff();
        var july = LocalDay.StartOfDay(new DateOnly(2025, 7, 1), Est);
        var august = LocalDay.StartOfDay(new DateOnly(2025, 8, 1), Est);
        var load = new List<UsageInterval> { new(july, 60, 10m), new(august, 60, 2m) }; // peaks 10 kW, then 2 kW

        var bills = CalendarMonthRater.Rate(tariff, load, Est, new DateOnly(2025, 7, 1), new DateOnly(2025, 9, 1));

        Assert.That(bills[0].Charges(ChargeCategory.Demand).Amount, Is.EqualTo(100.00m));
        Assert.That(bills[1].Charges(ChargeCategory.Demand).Amount, Is.EqualTo(80.00m), "80 % of July's 10 kW, above August's 2 kW");
        Assert.That(Explain(bills[1].Lines.Single(l => l.Category == ChargeCategory.Demand)), Does.Contain("ratchet"));
    }
}

public class NetBillingCarryOverTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    [Test]
    public void Net_billing_carries_a_months_excess_export_credit_in_dollars_to_the_next_bill()
    {
        var tariff = NativeTariffReader.Read(
            """
            { "format": "utility-insights-tariff/1", "id": "NB", "name": "Net billing", "effective_from": "2020-01-01",
              "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.20" } ] } ] },
              "net_metering": { "rules": "net_billing", "sell_rate": "0.10", "true_up_month": "12" } }
            """);
        var june = LocalDay.StartOfDay(new DateOnly(2025, 6, 1), Est);
        var july = LocalDay.StartOfDay(new DateOnly(2025, 7, 1), Est);
        var load = new List<UsageInterval> { new(june, 60, 10m), new(june.AddHours(12), 60, -50m), new(july, 60, 100m) };

        var bills = CalendarMonthRater.Rate(tariff, load, Est, new DateOnly(2025, 6, 1), new DateOnly(2025, 8, 1));

        Assert.Multiple(() =>
        {
            Assert.That(bills[0].Total.Amount, Is.EqualTo(0m), "2.00 − 5.00, the 3.00 carried");
            Assert.That(bills[0].Lines.Single(l => Describe(l) == "Credit carried to next month").Amount.Amount, Is.EqualTo(3.00m));
            Assert.That(bills[1].Total.Amount, Is.EqualTo(17.00m), "20.00 − 3.00 carried in");
        });
    }
}

public class CycleByCycleCarryTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    /// <summary>Rates each month alone with the previous month's carry, as a monthly bill run does.</summary>
    private static List<RatedBill> MonthByMonth(Tariff tariff, List<UsageInterval> load, DateOnly from, int months)
    {
        var bills = new List<RatedBill>();
        RatingCarry? carry = null;
        for (var m = 0; m < months; m++)
        {
            var start = from.AddMonths(m);
            var bill = CalendarMonthRater.Rate([tariff], load, Est, start, start.AddMonths(1), carry).Single();
            carry = bill.CarryOut;
            bills.Add(bill);
        }
        return bills;
    }

    private static List<UsageInterval> Load(DateOnly from, int months, Func<DateOnly, decimal> night, Func<DateOnly, decimal> noon)
    {
        var reads = new List<UsageInterval>();
        for (var day = from; day < from.AddMonths(months); day = day.AddDays(1))
        {
            var start = LocalDay.StartOfDay(day, Est);
            reads.Add(new UsageInterval(start, 60, night(day)));
            reads.Add(new UsageInterval(start.AddHours(12), 60, noon(day)));
        }
        return reads;
    }

    [TestCase("net_metering")]
    [TestCase("net_billing")]
    public void Rating_month_by_month_with_each_carry_gives_the_same_bills_as_rating_the_year_at_once(string rules)
    {
        var tariff = NativeTariffReader.Read(
            $$"""
            { "format": "utility-insights-tariff/1", "id": "NEM", "name": "Solar", "effective_from": "2020-01-01",
              "fixed_charges": [ { "description": "Customer charge", "amount": "4.00", "per": "month" } ],
              "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.20" } ] } ] },
              "net_metering": { "rules": "{{rules}}", "sell_rate": "0.05", "true_up_month": "12" } }
            """);
        var from = new DateOnly(2025, 1, 1);
        // Summer months export more than they import; winter months import.
        var load = Load(from, 12, _ => 8m, d => d.Month is >= 4 and <= 9 ? -60m : -2m);

        var atOnce = CalendarMonthRater.Rate(tariff, load, Est, from, from.AddMonths(12));
        var monthly = MonthByMonth(tariff, load, from, 12);

        Assert.That(monthly.Select(b => b.Total.Amount), Is.EqualTo(atOnce.Select(b => b.Total.Amount)));
        Assert.That(monthly.Select(b => b.Lines.Count), Is.EqualTo(atOnce.Select(b => b.Lines.Count)));
        Assert.That(atOnce.Any(b => b.Total.Amount <= 4.00m), "the summer credits matter");
    }

    [Test]
    public void The_annual_minimum_tops_up_December_of_a_whole_year_month_by_month_as_at_once()
    {
        var tariff = NativeTariffReader.Read(
            """
            { "format": "utility-insights-tariff/1", "id": "MIN", "name": "Seasonal cabin", "effective_from": "2020-01-01",
              "fixed_charges": [ { "description": "Customer charge", "amount": "4.00", "per": "month" } ],
              "energy": { "periods": [ { "name": "All", "tiers": [ { "rate": "0.10" } ] } ] },
              "minimum_charge": { "amount": "120.00", "per": "year" } }
            """);
        var from = new DateOnly(2025, 1, 1);
        var load = Load(from, 24, _ => 0.5m, _ => 0.5m); // 1 kWh a day: about $7.05 a month, $84.55 a year

        var atOnce = CalendarMonthRater.Rate(tariff, load, Est, from, from.AddMonths(24));
        var monthly = MonthByMonth(tariff, load, from, 24);
        var fromMarch = MonthByMonth(tariff, load, from.AddMonths(2), 10);

        Assert.Multiple(() =>
        {
            Assert.That(monthly.Select(b => b.Total.Amount), Is.EqualTo(atOnce.Select(b => b.Total.Amount)));
            Assert.That(atOnce.Where((b, i) => i % 12 != 11).All(b => b.Charges(ChargeCategory.Minimum).Amount == 0), "only December is topped up");
            Assert.That(atOnce.Take(12).Sum(b => b.Total.Amount), Is.EqualTo(120.00m), "the first year brought up to the minimum");
            Assert.That(atOnce.Skip(12).Sum(b => b.Total.Amount), Is.EqualTo(120.00m), "and the second, counted afresh");
            Assert.That(fromMarch[^1].Charges(ChargeCategory.Minimum).Amount, Is.EqualTo(0m), "a year not billed whole is not topped up");
            // As a bill stores it (bills.carry) for the next cycle.
            var stored = System.Text.Json.JsonSerializer.Deserialize<RatingCarry>(System.Text.Json.JsonSerializer.Serialize(monthly[4].CarryOut));
            Assert.That((stored!.YearToDate, stored.YearMonths), Is.EqualTo((monthly.Take(5).Sum(b => b.Total.Amount), 5)));
        });
    }

    [Test]
    public void A_ratchet_reaches_back_across_cycles_rated_one_at_a_time()
    {
        var tariff = DemandRatchetTests.RatchetTariff();
        var from = new DateOnly(2025, 7, 1);
        var load = Load(from, 3, d => d.Month == 7 ? 10m : 2m, _ => 1m);

        var monthly = MonthByMonth(tariff, load, from, 3);

        Assert.That(monthly.Select(b => b.Charges(ChargeCategory.Demand).Amount), Is.EqualTo(new[] { 100.00m, 80.00m, 80.00m }));
    }
}

public class RegisterReadsOnTimeOfUseTests
{
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    private static Tariff Tariff(string weekdayHours) => NativeTariffReader.Read(
        $$"""
        { "format": "utility-insights-tariff/1", "id": "T", "name": "T", "effective_from": "2020-01-01",
          "energy": { "periods": [ { "name": "Off-peak", "tiers": [ { "rate": "0.10" } ] }, { "name": "On-peak", "tiers": [ { "rate": "0.30" } ] } ],
                      "weekday_schedule": [{{string.Join(",", Enumerable.Repeat($"\"{weekdayHours}\"", 12))}}],
                      "weekend_schedule": [{{string.Join(",", Enumerable.Repeat($"\"{weekdayHours[..1]}{new string(weekdayHours[0], 23)}\"", 12))}}] } }
        """);

    /// <summary>One register read covering the whole month, as a monthly-read meter gives.</summary>
    private static List<UsageInterval> WholeMonth() =>
        [new UsageInterval(LocalDay.StartOfDay(new DateOnly(2025, 3, 1), Est), 31 * 1440, 700m)];

    [Test]
    public void A_time_of_use_tariff_refuses_a_month_long_register_read_instead_of_pricing_it_all_off_peak()
    {
        var error = Assert.Throws<TariffException>(() =>
            CalendarMonthRater.Rate(Tariff("000000000000000011111000"), WholeMonth(), Est, new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1)));

        Assert.That(error!.Reason, Does.Contain("needs interval reads").And.Contain("31 days"));
    }

    [Test]
    public void A_tariff_whose_periods_never_change_within_a_day_still_bills_a_register_read()
    {
        var bill = CalendarMonthRater.Rate(Tariff("111111111111111111111111"), WholeMonth(), Est, new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1)).Single();

        Assert.That(bill.Total.Amount, Is.EqualTo(210.00m), "700 kWh all in the one period that applies all day");
    }
}

/// <summary>A bill line in the English the statements print.</summary>
internal static class Wording
{
    public static string Describe(BillLine line) => LineWording.English.Describe(line.Facts, "en");

    public static string Explain(BillLine line) => LineWording.English.Explain(line.Facts, "en");
}
