using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.Vee;

public class BillingEstimatorTests
{
    private static readonly TimeZoneInfo Zone = TimeZones.Find("America/New_York");
    private static readonly Meter Meter = new(new MeterId("M-1"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "America/New_York");

    /// <summary>A day of hourly reads, each hour's value <paramref name="value"/>(hour) (null: no read).</summary>
    private static MeterDay Day(DateOnly date, Func<int, decimal?> value, ReadQuality quality = ReadQuality.Actual)
    {
        var day = new MeterDay(Meter.Id, LocalDay.Of(date, Zone), 60, Unit.KWh);
        for (var slot = 0; slot < day.SlotCount; slot++)
        {
            if (value(TimeZoneInfo.ConvertTime(day.SlotStart(slot), Zone).Hour) is { } v)
                day.SetSlot(slot, v, quality);
        }
        return day;
    }

    private static IEnumerable<DateOnly> Dates(DateOnly from, DateOnly toExclusive)
    {
        for (var date = from; date < toExclusive; date = date.AddDays(1))
            yield return date;
    }

    [Test]
    public void The_days_a_meter_did_not_send_take_the_same_weekday_and_hour_of_the_four_weeks_before_and_what_was_read_is_kept()
    {
        // Reads up to Feb 20 noon, the hour's value being the week's number (1 to 8) plus the hour: Feb 20 afternoon to the period's
        // end on the 24th is missing (a day stored in part, three days not stored at all).
        var from = new DateOnly(2025, 1, 24);
        var end = new DateOnly(2025, 2, 24);
        var stored = Dates(from.AddDays(-28), new DateOnly(2025, 2, 21)).Select(date =>
        {
            var week = (date.DayNumber - from.AddDays(-28).DayNumber) / 7 + 1;
            return Day(date, hour => date == new DateOnly(2025, 2, 20) && hour >= 12 ? null : week * 100 + hour);
        }).ToList();
        var asRead = stored.Single(d => d.Day.Date == new DateOnly(2025, 2, 20)).Values.ToArray();

        var estimate = BillingEstimator.Fill(Meter, Zone, from, end, stored, VeeOptions.Default, "billrun estimate 2025-02");

        var byDate = estimate.Days.ToDictionary(d => d.Day.Date);
        // Feb 20 is in the 8th week counted from Dec 27: its weekday's hours of weeks 4 to 7 average to 550 + the hour; Feb 23's,
        // of weeks 5 to 8, to 650 + the hour.
        var feb20 = byDate[new DateOnly(2025, 2, 20)];
        Assert.Multiple(() =>
        {
            Assert.That(estimate.Complete, Is.True);
            Assert.That(estimate.Estimated, Is.EqualTo(12 + 3 * 24));
            Assert.That(estimate.Days.Select(d => d.Day.Date), Is.EqualTo(Dates(new DateOnly(2025, 2, 20), end)), "only the days with estimates are stored");
            Assert.That(feb20.Values[..12].ToArray(), Is.EqualTo(asRead[..12]), "the morning's reads kept");
            Assert.That(feb20.Qualities[..12].ToArray(), Is.All.EqualTo(ReadQuality.Actual));
            Assert.That(feb20.Values[12..].ToArray(), Is.EqualTo(Enumerable.Range(12, 12).Select(h => 550m + h)));
            Assert.That(feb20.Qualities[12..].ToArray(), Is.All.EqualTo(ReadQuality.Estimated));
            Assert.That(byDate[new DateOnly(2025, 2, 23)].Values.ToArray(), Is.EqualTo(Enumerable.Range(0, 24).Select(h => 650m + h)));
            Assert.That(stored.Single(d => d.Day.Date == new DateOnly(2025, 2, 20)).Qualities[12], Is.EqualTo(ReadQuality.Missing), "the stored day is copied, not changed");
            Assert.That(estimate.Flag, Is.EqualTo(new ReadFlag(Meter.Id, feb20.SlotStart(12), VeeRules.Gap,
                "84 missing reads estimated for billing: same weekday and time of up to 4 earlier weeks", "billrun estimate 2025-02")));
        });
    }

    [Test]
    public void An_outage_longer_than_the_profile_repeats_the_weeks_before_it()
    {
        // Reads for four weeks, 2 kWh an hour, then nothing for six weeks: the last two weeks are estimated from the first estimates.
        var outage = new DateOnly(2025, 3, 3);
        var stored = Dates(outage.AddDays(-28), outage).Select(date => Day(date, _ => 2m)).ToList();

        var estimate = BillingEstimator.Fill(Meter, Zone, outage, outage.AddDays(42), stored, VeeOptions.Default, "s");

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Complete, Is.True);
            Assert.That(estimate.Days, Has.Count.EqualTo(42));
            Assert.That(estimate.Days.SelectMany(d => d.Values.ToArray()), Is.All.EqualTo(2m));
        });
    }

    [Test]
    public void A_DST_day_takes_each_local_hour_from_the_same_hour_of_ordinary_days_and_the_hour_skipped_has_none_to_give()
    {
        // Sunday March 9, 2025 has 23 hours in New York (2 a.m. is skipped); November 2 has 25 (1 a.m. twice).
        var spring = new DateOnly(2025, 3, 9);
        var fall = new DateOnly(2025, 11, 2);
        var beforeSpring = Dates(spring.AddDays(-28), spring).Select(date => Day(date, hour => hour)).ToList();
        var beforeFall = Dates(fall.AddDays(-28), fall).Select(date => Day(date, hour => hour)).ToList();

        // A week after: March 9 gives its hours (each 1,000 above the other weeks') but has no 2 a.m. to give.
        var after = spring.AddDays(7);
        var beforeAfter = Dates(after.AddDays(-28), after).Select(date => Day(date, hour => hour + (date == spring ? 1_000m : 0m))).ToList();

        var springDay = BillingEstimator.Fill(Meter, Zone, spring, spring.AddDays(1), beforeSpring, VeeOptions.Default, "s").Days.Single();
        var afterDay = BillingEstimator.Fill(Meter, Zone, after, after.AddDays(1), beforeAfter, VeeOptions.Default, "s").Days.Single();
        var fallDay = BillingEstimator.Fill(Meter, Zone, fall, fall.AddDays(1), beforeFall, VeeOptions.Default, "s").Days.Single();

        Assert.Multiple(() =>
        {
            Assert.That(springDay.SlotCount, Is.EqualTo(23));
            Assert.That(springDay.Values.ToArray(), Is.EqualTo(new[] { 0m, 1m }.Concat(Enumerable.Range(3, 21).Select(h => (decimal)h))), "each local hour's own value");
            Assert.That(fallDay.SlotCount, Is.EqualTo(25));
            Assert.That(fallDay.Values.ToArray(), Is.EqualTo(new[] { 0m, 1m, 1m }.Concat(Enumerable.Range(2, 22).Select(h => (decimal)h))), "1 a.m. both times");
            Assert.That(afterDay.Values[2], Is.EqualTo(2m), "2 a.m. from the three weeks that had one");
            Assert.That(afterDay.Values[3], Is.EqualTo(253m), "3 a.m. from all four");
        });
    }

    [Test]
    public void A_meter_without_reads_in_the_four_weeks_before_its_gap_cannot_be_estimated_and_says_where()
    {
        var from = new DateOnly(2025, 2, 1);
        // Reads five weeks before, none since.
        var stored = Dates(from.AddDays(-35), from.AddDays(-28)).Select(date => Day(date, _ => 1m)).ToList();
        stored.AddRange(Dates(from.AddDays(10), from.AddDays(28)).Select(date => Day(date, _ => 1m)));

        var estimate = BillingEstimator.Fill(Meter, Zone, from, from.AddDays(28), stored.Where(d => d.Day.Date >= from.AddDays(-28)).ToList(), VeeOptions.Default, "s");

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Complete, Is.False);
            Assert.That(estimate.FirstUnestimated, Is.EqualTo(LocalDay.StartOfDay(from, Zone)));
        });
    }
}
