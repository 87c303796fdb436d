using UtilityInsights.Rating;
using UtilityInsights.Time;
using static UtilityInsights.Tests.Rating.Wording;

namespace UtilityInsights.Tests.Rating;

/// <summary>Rating billing periods that are not calendar months: a meter-reading route's, from one scheduled read to the next.</summary>
public class PeriodRatingTests
{
    private static readonly TimeZoneInfo Chicago = TimeZones.Find("America/Chicago");

    private static Tariff Tariff(string monthlyCharges, string energy, string fixedCharge = """[ { "description": "Basic service charge", "amount": "11.50", "per": "month" } ]""") =>
        NativeTariffReader.Read($$"""
            { "format": "utility-insights-tariff/1", "id": "ROUTE", "name": "Route test", "effective_from": "2020-01-01",
              "monthly_charges": "{{monthlyCharges}}", "fixed_charges": {{fixedCharge}}, "energy": {{energy}} }
            """);

    private const string FlatEnergy = """{ "periods": [ { "name": "All hours", "tiers": [ { "rate": "0.12" } ] } ] }""";

    /// <summary>An hourly read for every hour from two weeks before <paramref name="from"/> to two weeks after <paramref name="to"/>, varying by the hour and day.</summary>
    private static List<UsageInterval> Hourly(DateOnly from, DateOnly to, Func<DateTimeOffset, decimal>? kwh = null)
    {
        var reads = new List<UsageInterval>();
        for (var t = LocalDay.StartOfDay(from.AddDays(-14), Chicago); t < LocalDay.StartOfDay(to.AddDays(14), Chicago); t = t.AddHours(1))
            reads.Add(new UsageInterval(t, 60, kwh?.Invoke(t) ?? 0.35m + t.Hour % 7 * 0.125m + t.Day % 3 * 0.05m));
        return reads;
    }

    /// <summary>The reads whose local date falls in the period, summed.</summary>
    private static decimal UsageIn(IEnumerable<UsageInterval> reads, ServicePeriod period) =>
        reads.Where(r => period.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Start, Chicago).DateTime))).Sum(r => r.Amount);

    [Test]
    public void A_route_read_on_the_17th_bills_the_17th_to_the_17th_as_the_days_usage_times_the_rate_plus_the_fixed_charge_prorated_by_days()
    {
        var period = new ServicePeriod(new DateOnly(2026, 1, 17), new DateOnly(2026, 2, 17));
        var reads = Hourly(period.Start, period.EndExclusive);
        var usage = UsageIn(reads, period);

        var prorated = CalendarMonthRater.RatePeriods([Tariff("prorated", FlatEnergy)], reads, Chicago, [period])[0];
        var perPeriod = CalendarMonthRater.RatePeriods([Tariff("per_period", FlatEnergy)], reads, Chicago, [period])[0];
        var fixedLine = prorated.Lines.Single(l => l.Category == ChargeCategory.Fixed);

        Assert.Multiple(() =>
        {
            Assert.That(prorated.Period, Is.EqualTo(period));
            Assert.That(prorated.Usage.Value, Is.EqualTo(usage), "every hour of the 31 local days from the 17th, none after");
            Assert.That(prorated.Total.Amount, Is.EqualTo(Math.Round(usage * 0.12m, 2, MidpointRounding.AwayFromZero) + Math.Round(11.50m * 1.019178m, 2, MidpointRounding.AwayFromZero)),
                "31 days are 31 × 12 ÷ 365 = 1.019178 months of the $11.50 a month");
            Assert.That((fixedLine.Quantity, fixedLine.Amount.Amount), Is.EqualTo((1.019178m, 11.72m)));
            Assert.That(Explain(fixedLine), Is.EqualTo("$11.50 a month × 1.019178 months (31 days × 12 ÷ 365)"));
            Assert.That(perPeriod.Lines.Single(l => l.Category == ChargeCategory.Fixed).Amount.Amount, Is.EqualTo(11.50m), "per period: once, whatever the days");
            Assert.That(prorated.Determinants.Days, Is.EqualTo(31));
        });
    }

    /// <summary>A list holding only the period's reads is rated as given (a bill run's month), reads around it are left out: the same bill either way.</summary>
    [Test]
    public void A_periods_own_reads_rate_as_the_same_reads_among_others_do()
    {
        var period = new ServicePeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));
        var around = Hourly(period.Start, period.EndExclusive);
        var own = around.Where(r => period.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Start, Chicago).DateTime))).ToList();
        var tariff = Tariff("prorated", FlatEnergy);

        var fromOwn = CalendarMonthRater.RatePeriods([tariff], own, Chicago, [period])[0];
        var fromAround = CalendarMonthRater.RatePeriods([tariff], around, Chicago, [period])[0];
        var fromArray = CalendarMonthRater.RatePeriods([tariff], own.ToArray(), Chicago, [period])[0];

        Assert.Multiple(() =>
        {
            Assert.That(own, Has.Count.EqualTo(31 * 24 - 1), "March in Chicago springs forward: one hour fewer");
            Assert.That(fromOwn.Usage.Value, Is.EqualTo(UsageIn(around, period)));
            Assert.That((fromAround.Usage, fromAround.Total), Is.EqualTo((fromOwn.Usage, fromOwn.Total)));
            Assert.That((fromArray.Usage, fromArray.Total), Is.EqualTo((fromOwn.Usage, fromOwn.Total)));
            Assert.That(own, Has.Count.EqualTo(31 * 24 - 1), "the list given is not changed");
        });
    }

    [Test]
    public void A_calendar_month_counts_as_one_month_when_prorated_so_calendar_bills_do_not_change()
    {
        var january = ServicePeriod.CalendarMonth(2026, 1);
        var reads = Hourly(january.Start, january.EndExclusive);

        var bill = CalendarMonthRater.Rate([Tariff("prorated", FlatEnergy)], reads, Chicago, january.Start, january.EndExclusive)[0];

        Assert.That(bill.Lines.Single(l => l.Category == ChargeCategory.Fixed).Amount.Amount, Is.EqualTo(11.50m));
    }

    [Test]
    public void Consecutive_route_periods_rated_together_or_one_at_a_time_with_the_carry_give_the_same_bills()
    {
        DateOnly[] reads = [new(2026, 1, 17), new(2026, 2, 18), new(2026, 3, 18), new(2026, 4, 16)];
        var periods = reads.Zip(reads.Skip(1), (a, b) => new ServicePeriod(a, b)).ToList();
        var load = Hourly(reads[0], reads[^1]);
        var tariff = Tariff("prorated", FlatEnergy);

        var together = CalendarMonthRater.RatePeriods([tariff], load, Chicago, periods);
        var carry = (RatingCarry?)null;
        var oneByOne = periods.Select(p =>
        {
            var bill = CalendarMonthRater.RatePeriods([tariff], load, Chicago, [p], carry)[0];
            carry = bill.CarryOut;
            return bill;
        }).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(together.Select(b => b.Total), Is.EqualTo(oneByOne.Select(b => b.Total)));
            Assert.That(together.Select(b => b.Determinants.Days), Is.EqualTo(new[] { 32, 28, 29 }));
            Assert.That(together.Sum(b => b.Usage.Value), Is.EqualTo(UsageIn(load, new ServicePeriod(reads[0], reads[^1]))), "every hour billed once");
            Assert.That(() => CalendarMonthRater.RatePeriods([tariff], load, Chicago, [periods[0], periods[2]]), Throws.ArgumentException, "a gap between periods");
        });
    }

    [Test]
    public void A_period_crossing_into_summer_prices_each_hour_at_its_own_seasons_rate_each_part_labelled()
    {
        var winter = new string('0', 24);
        var summer = new string('1', 24);
        var schedule = string.Join(", ", Enumerable.Range(1, 12).Select(m => $"\"{(m is >= 6 and <= 9 ? summer : winter)}\""));
        var tariff = Tariff("prorated", $$"""
            { "periods": [ { "name": "Winter", "tiers": [ { "rate": "0.10" } ] }, { "name": "Summer", "tiers": [ { "rate": "0.15" } ] } ],
              "weekday_schedule": [ {{schedule}} ], "weekend_schedule": [ {{schedule}} ] }
            """);
        var period = new ServicePeriod(new DateOnly(2026, 5, 20), new DateOnly(2026, 6, 19));
        var reads = Hourly(period.Start, period.EndExclusive);
        var may = UsageIn(reads, new ServicePeriod(period.Start, new DateOnly(2026, 6, 1)));
        var june = UsageIn(reads, new ServicePeriod(new DateOnly(2026, 6, 1), period.EndExclusive));

        var bill = CalendarMonthRater.RatePeriods([tariff], reads, Chicago, [period])[0];
        var energy = bill.Lines.Where(l => l.Category == ChargeCategory.Energy).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(energy.Select(Describe), Is.EqualTo(new[] { "Energy, Winter", "Energy, Summer" }));
            Assert.That(energy.Select(l => l.Quantity), Is.EqualTo(new decimal?[] { may, june }), "May 20–31 at the winter rate, June 1–18 at the summer rate");
            Assert.That(energy.Select(l => l.Amount.Amount),
                Is.EqualTo(new[] { Math.Round(may * 0.10m, 2, MidpointRounding.AwayFromZero), Math.Round(june * 0.15m, 2, MidpointRounding.AwayFromZero) }));
        });
    }

    [Test]
    public void A_daily_tier_limit_over_a_33_day_period_is_33_days_of_it_and_a_monthly_one_is_prorated()
    {
        var period = new ServicePeriod(new DateOnly(2026, 2, 27), new DateOnly(2026, 4, 1));
        var reads = Hourly(period.Start, period.EndExclusive, _ => 1.25m); // 30 kWh a day: 988.75 kWh in 33 days, March 8 having 23 hours
        var daily = Tariff("prorated", """{ "periods": [ { "name": "All hours", "tiers": [ { "up_to": "20", "limit_unit": "kWh daily", "rate": "0.10" }, { "rate": "0.20" } ] } ] }""");
        var monthly = Tariff("prorated", """{ "periods": [ { "name": "All hours", "tiers": [ { "up_to": "600", "rate": "0.10" }, { "rate": "0.20" } ] } ] }""");

        var byDay = CalendarMonthRater.RatePeriods([daily], reads, Chicago, [period])[0].Lines.Where(l => l.Category == ChargeCategory.Energy).ToList();
        var byMonth = CalendarMonthRater.RatePeriods([monthly], reads, Chicago, [period])[0].Lines.Where(l => l.Category == ChargeCategory.Energy).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(byDay.Select(l => l.Quantity), Is.EqualTo(new decimal?[] { 660m, 328.75m }));
            Assert.That(Explain(byDay[0]), Does.StartWith("First 20 kWh a day (660 kWh for 33 days)"));
            // 600 kWh a month × 33 × 12 ÷ 365 = 600 × 1.084932 = 650.9592 kWh.
            Assert.That(byMonth.Select(l => l.Quantity), Is.EqualTo(new decimal?[] { 650.9592m, 337.7908m }));
            Assert.That(Explain(byMonth[0]), Does.StartWith("First 600 kWh a month (650.959 kWh for 33 days)"));
        });
    }
}
