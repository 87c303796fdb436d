using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Statements;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Operations;

/// <summary>
/// A meter known by its period reads (a gas utility's Green Button feed gives one reading a billing period) is billed on them as a dial
/// meter is on its reads: whole readings, from the one that starts the period to the one that ends it, never across a span nobody read.
/// </summary>
public class PeriodReadUsageTests
{
    private static readonly Meter Gas = new(new MeterId("GB-1"), Commodity.Gas, MeterKind.Interval, Unit.Therm, 1m, 6, 1440, "America/Chicago");
    private static readonly TimeZoneInfo Zone = TimeZones.Find(Gas.TimeZone);

    private static PeriodRead Read(int fromMonth, int fromDay, int toMonth, int toDay, decimal therms, ReadQuality quality = ReadQuality.Actual)
    {
        static DateOnly Date(int month, int day) => new(month >= 10 ? 2025 : 2026, month, day);
        return new PeriodRead(Gas.Id, LocalDay.StartOfDay(Date(fromMonth, fromDay), Zone), LocalDay.StartOfDay(Date(toMonth, toDay), Zone),
            new Quantity(therms, Unit.Therm), quality);
    }

    private static readonly PeriodRead[] Monthly = [Read(11, 5, 12, 5, 50m), Read(12, 5, 1, 7, 90m), Read(1, 7, 2, 6, 80m)];

    private static Usage? UsageOf(IReadOnlyList<PeriodRead> reads, DateOnly start, DateOnly end, int toleranceDays = 0, IReadOnlyList<MeterDay>? days = null) =>
        MeterUsage.Of(Gas, Zone, new ServicePeriod(start, end), new StoredReads(days ?? [], []) { Periods = reads }, toleranceDays, toRate: true);

    [Test]
    public void A_calendar_month_is_billed_on_the_reading_that_ends_in_it_as_a_dial_meters_read_would_be()
    {
        var january = UsageOf(Monthly, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1))!;
        var february = UsageOf(Monthly, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1))!;

        Assert.Multiple(() =>
        {
            // January: the reading of Dec 5 – Jan 7 (the last to start by Jan 1, and it ends in January); February the next: each billed once.
            Assert.That(january.Total, Is.EqualTo(90m));
            Assert.That(january.PeriodReads, Is.EqualTo((Monthly[1].Start, Monthly[1].End, 1)));
            Assert.That(february.Total, Is.EqualTo(80m));
            Assert.That(january.Estimated, Is.False);
            Assert.That(january.IntervalReads, Is.Null);
        });
    }

    [Test]
    public void A_route_period_takes_the_readings_nearest_its_ends_within_the_tolerance_and_all_those_between()
    {
        var one = UsageOf(Monthly, new DateOnly(2025, 12, 4), new DateOnly(2026, 1, 8), toleranceDays: 3)!;
        var two = UsageOf(Monthly, new DateOnly(2025, 11, 6), new DateOnly(2026, 1, 6), toleranceDays: 3)!;
        var rated = two.Rate(intervals => (Sum: intervals.Sum(i => i.Millionths), First: intervals[0].Start, End: intervals[^1].Start.AddMinutes(intervals[^1].Minutes)));

        Assert.Multiple(() =>
        {
            Assert.That(one.Total, Is.EqualTo(90m));
            Assert.That(two.Total, Is.EqualTo(140m));
            Assert.That(two.PeriodReads!.Value.Count, Is.EqualTo(2));
            // Rated as the period's days, the readings' use spread over them and adding up exactly.
            Assert.That(rated.Sum, Is.EqualTo(140_000_000L));
            Assert.That(rated.First, Is.EqualTo(LocalDay.StartOfDay(new DateOnly(2025, 11, 6), Zone)));
            Assert.That(rated.End, Is.EqualTo(LocalDay.StartOfDay(new DateOnly(2026, 1, 6), Zone)));
        });
    }

    [Test]
    public void Readings_that_leave_a_span_unread_or_none_that_ends_in_the_period_bill_nothing()
    {
        PeriodRead[] gap = [Read(11, 5, 12, 5, 50m), Read(12, 10, 1, 7, 70m)];

        Assert.Multiple(() =>
        {
            Assert.That(UsageOf(gap, new DateOnly(2025, 12, 5), new DateOnly(2026, 1, 7), toleranceDays: 3), Is.Null, "Dec 5–10 was never read");
            Assert.That(UsageOf(Monthly, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1)), Is.Null, "no reading starts within 45 days of March");
            Assert.That(UsageOf([], new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)), Is.Null);
            // December's reading not in yet: the month before's is not billed again for it, on a route or by the calendar.
            Assert.That(UsageOf(Monthly[..1], new DateOnly(2025, 12, 5), new DateOnly(2026, 1, 7), toleranceDays: 3), Is.Null);
            Assert.That(UsageOf(Monthly[..1], new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)), Is.Null);
        });
    }

    [Test]
    public void An_estimated_reading_marks_the_bill_estimated_and_mostly_so_when_it_is_most_of_it()
    {
        PeriodRead[] reads = [Read(11, 5, 12, 5, 50m), Read(12, 5, 1, 7, 90m, ReadQuality.Estimated)];

        var one = UsageOf(reads, new DateOnly(2025, 12, 5), new DateOnly(2026, 1, 7), toleranceDays: 3)!;
        var two = UsageOf(reads, new DateOnly(2025, 11, 5), new DateOnly(2026, 1, 7), toleranceDays: 3)!;
        var shorter = UsageOf([Read(10, 5, 12, 5, 100m), Read(12, 5, 12, 20, 40m, ReadQuality.Estimated)], new DateOnly(2025, 10, 5), new DateOnly(2025, 12, 20), 3)!;

        Assert.Multiple(() =>
        {
            Assert.That((one.Estimated, one.MostlyEstimated), Is.EqualTo((true, true)));
            // 33 of 63 days estimated: more than half.
            Assert.That((two.Estimated, two.MostlyEstimated), Is.EqualTo((true, true)));
            Assert.That((shorter.Estimated, shorter.MostlyEstimated), Is.EqualTo((true, false)));
        });
    }

    [Test]
    public void Days_read_come_first_the_period_readings_stand_in_only_for_a_meter_with_none()
    {
        var day = new MeterDay(Gas.Id, LocalDay.Of(new DateOnly(2026, 1, 2), Zone), 1440, Unit.Therm);
        day.Set(new IntervalRead(Gas.Id, day.Day.Start, 1440, new Quantity(3m, Unit.Therm), ReadQuality.Actual));

        var usage = UsageOf(Monthly, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), days: [day])!;

        Assert.Multiple(() =>
        {
            Assert.That(usage.Total, Is.EqualTo(3m));
            Assert.That(usage.PeriodReads, Is.Null);
            Assert.That(usage.Unread, Is.Not.Null, "a month of daily reads with one day read is held, not billed on the monthly reading");
        });
    }

    [Test]
    public void The_statement_says_the_meter_was_read_each_billing_period_and_over_which_days()
    {
        var en = CultureInfo.GetCultureInfo("en-US");
        var es = CultureInfo.GetCultureInfo("es-US");
        var first = new DateOnly(2025, 12, 5);
        var last = new DateOnly(2026, 1, 6);

        Assert.Multiple(() =>
        {
            Assert.That(MeterWords.PeriodReads(first, last, 1, false, "en", en), Is.EqualTo("Read each billing period: usage from 1 reading of Dec 5 – Jan 6, 2026"));
            Assert.That(MeterWords.PeriodReads(first, last, 2, true, "en", en), Is.EqualTo("Read each billing period: usage from 2 readings of Dec 5 – Jan 6, 2026 (some estimated)"));
            Assert.That(MeterWords.PeriodReads(first, last, 1, true, "es", es), Is.EqualTo("Leído por período de facturación: consumo de 1 lectura del 5 dic – 6 ene 2026 (estimada)"));
        });
    }
}
