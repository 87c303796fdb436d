using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Rating;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Operations;

/// <summary>A usage lends its intervals to one rating at a time, in a list the thread reuses: each rating sees exactly the period's reads.</summary>
public class UsageRatingTests
{
    private static readonly Meter Meter = new(new MeterId("M-1"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "America/Chicago");

    private static Usage UsageOf(DateOnly month, decimal scale, IReadOnlyList<RegisterRead>? dials = null)
    {
        var zone = TimeZones.Find(Meter.TimeZone);
        var days = new List<MeterDay>();
        for (var date = month; date < month.AddMonths(1); date = date.AddDays(1))
        {
            var day = new MeterDay(Meter.Id, LocalDay.Of(date, zone), 60, Unit.KWh);
            for (var slot = 0; slot < day.SlotCount; slot++)
            {
                // A slot left unread every fifth hour: not an interval to rate.
                if (slot % 5 != 4)
                    day.Set(new IntervalRead(Meter.Id, day.SlotStart(slot), 60, Quantity.KWh(scale * (date.Day + slot / 100m)), ReadQuality.Actual));
            }
            days.Add(day);
        }
        return MeterUsage.Of(Meter, zone, new ServicePeriod(month, month.AddMonths(1)), new StoredReads(days, dials ?? []), toRate: true)!;
    }

    [Test]
    public void Each_rating_sees_the_periods_reads_and_nothing_left_from_the_one_before()
    {
        var march = UsageOf(new DateOnly(2025, 3, 1), 1m);
        var april = UsageOf(new DateOnly(2025, 4, 1), 2m);

        var first = march.Rate(intervals => intervals.ToList());
        var other = april.Rate(intervals => intervals.ToList());
        var again = march.Rate(intervals => intervals.ToList());

        Assert.Multiple(() =>
        {
            // March 2025 in Chicago: 31 days, the 9th of 23 hours; four of every five hours read.
            Assert.That(first, Has.Count.EqualTo(march.IntervalReads!.Value.Present));
            Assert.That(first, Has.Count.EqualTo(Enumerable.Range(1, 31).Sum(d => Enumerable.Range(0, d == 9 ? 23 : 24).Count(slot => slot % 5 != 4))));
            Assert.That(first.Sum(i => i.Amount), Is.EqualTo(march.Total));
            Assert.That(first.Select(i => i.Start), Is.Ordered);
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other.Sum(i => i.Amount), Is.EqualTo(april.Total));
            Assert.That(other.All(i => i.Start.Month == 4), Is.True);
        });
    }

    [Test]
    public void A_rating_within_a_rating_gets_a_list_of_its_own()
    {
        var march = UsageOf(new DateOnly(2025, 3, 1), 1m);
        var april = UsageOf(new DateOnly(2025, 4, 1), 2m);

        var (outer, inner, same) = march.Rate(outerList =>
        {
            var innerCopy = april.Rate(innerList => (innerList.ToList(), ReferenceEquals(innerList, outerList)));
            return (outerList.ToList(), innerCopy.Item1, innerCopy.Item2);
        });

        Assert.Multiple(() =>
        {
            Assert.That(same, Is.False);
            Assert.That(outer.Sum(i => i.Amount), Is.EqualTo(march.Total));
            Assert.That(inner.Sum(i => i.Amount), Is.EqualTo(april.Total));
        });
    }

    [Test]
    public void A_month_rated_from_the_lent_list_is_billed_as_from_a_list_of_its_own()
    {
        var march = UsageOf(new DateOnly(2025, 3, 1), 1m);
        var tariff = new Tariff
        {
            Id = "T",
            Name = "Test",
            EnergyPeriods = [new EnergyPeriod("All hours", [new EnergyTier(null, TierLimitUnit.Kwh, 0.12m)])],
            EnergySchedule = TouSchedule.AllOnePeriod("energy"),
        }.Validated();
        var zone = TimeZones.Find(Meter.TimeZone);
        var period = new ServicePeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1));

        var lent = march.Rate(intervals => CalendarMonthRater.RatePeriods([tariff], intervals, zone, [period])[0]);
        var own = CalendarMonthRater.RatePeriods([tariff], march.Rate(intervals => intervals.ToList()), zone, [period])[0];

        Assert.That(lent.Lines, Is.EqualTo(own.Lines));
        Assert.That(lent.Total, Is.EqualTo(own.Total));
    }

    [Test]
    public void An_interval_meters_dial_reads_shown_are_the_nearest_within_a_day_of_each_end()
    {
        var zone = TimeZones.Find(Meter.TimeZone);
        var start = LocalDay.StartOfDay(new DateOnly(2025, 3, 1), zone);
        var end = LocalDay.StartOfDay(new DateOnly(2025, 4, 1), zone);
        RegisterRead Dial(DateTimeOffset at, decimal register) => new(Meter.Id, at, register, Unit.KWh, RegisterReadType.Actual);
        var dials = new[]
        {
            Dial(start.AddHours(-25), 100m), // more than a day before the start: not the start's
            Dial(start.AddHours(3), 110m),
            Dial(start.AddHours(-3), 109m), // as near as the one before it: the first listed is shown
            Dial(end.AddHours(-1), 900m),
            Dial(end.AddHours(20), 950m),
        };

        var usage = UsageOf(new DateOnly(2025, 3, 1), 1m, dials);
        var none = UsageOf(new DateOnly(2025, 3, 1), 1m, [Dial(start.AddHours(-30), 100m), Dial(end.AddHours(30), 900m)]);

        Assert.Multiple(() =>
        {
            Assert.That(usage.PreviousRead?.Register, Is.EqualTo(110m));
            Assert.That(usage.CurrentRead?.Register, Is.EqualTo(900m));
            // The statement gives the reads' days as it gives every date (not the culture's "3/1/2025"), as the meter read them.
            var t = UtilityInsights.Statements.StatementRenderer.Default().Strings("en");
            var english = System.Globalization.CultureInfo.GetCultureInfo("en-US");
            var spanish = System.Globalization.CultureInfo.GetCultureInfo("es-US");
            Assert.That((usage.Previous("en", english, t).Date, usage.Current("en", english, t).Date), Is.EqualTo(("Mar 1, 2025", "Mar 31, 2025")));
            Assert.That((usage.Previous("es", spanish, t).Date, usage.Current("es", spanish, t).Date), Is.EqualTo(("1 mar 2025", "31 mar 2025")));
            Assert.That(none.PreviousRead, Is.Null);
            Assert.That(none.CurrentRead, Is.Null);
        });
    }
}
