using CsCheck;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.Vee;

public class VeeTests
{
    private static readonly TimeZoneInfo Zone = TimeZones.Find("Etc/GMT+5");
    private static readonly MeterId Meter = new("M-1");

    private static MeterDay Day(DateOnly date, params decimal?[] values)
    {
        var day = new MeterDay(Meter, LocalDay.Of(date, Zone), 60, Unit.KWh);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v)
                day.SetSlot(i, v, ReadQuality.Actual);
        }
        return day;
    }

    private static decimal?[] Hours(decimal value) => Enumerable.Repeat<decimal?>(value, 24).ToArray();

    [Test]
    public void Merging_the_same_reads_again_changes_nothing_and_counts_duplicates()
    {
        var stored = Day(new DateOnly(2018, 1, 2), Hours(1m));
        var counts = new MergeCounts();
        var revisions = new List<ReadRevision>();

        var changed = DayMerge.Merge(stored, Day(new DateOnly(2018, 1, 2), Hours(1m)), "f", counts, revisions);

        Assert.That((changed, counts.Accepted, counts.Duplicates, revisions.Count), Is.EqualTo((false, 0L, 24L, 0)));
    }

    [Test]
    public void A_different_actual_value_wins_and_the_old_one_is_kept_as_a_revision()
    {
        var stored = Day(new DateOnly(2018, 1, 2), 1m, 2m);
        var counts = new MergeCounts();
        var revisions = new List<ReadRevision>();

        DayMerge.Merge(stored, Day(new DateOnly(2018, 1, 2), 1m, 2.5m), "later.csv", counts, revisions);

        Assert.Multiple(() =>
        {
            Assert.That(stored.Values[1], Is.EqualTo(2.5m));
            Assert.That(counts.Conflicts, Is.EqualTo(1));
            Assert.That(revisions.Single(), Is.EqualTo(new ReadRevision(Meter, stored.SlotStart(1), 2m, ReadQuality.Actual, 2.5m, ReadQuality.Actual, "later.csv")));
        });
    }

    [Test]
    public void An_actual_read_replaces_an_estimate_but_an_estimate_never_replaces_an_actual_read()
    {
        var stored = Day(new DateOnly(2018, 1, 2), 1m);
        stored.SetSlot(1, 9m, ReadQuality.Estimated);
        var incoming = Day(new DateOnly(2018, 1, 2), null, 2m);
        incoming.SetSlot(0, 5m, ReadQuality.Estimated);
        var counts = new MergeCounts();

        DayMerge.Merge(stored, incoming, "f", counts, []);

        Assert.Multiple(() =>
        {
            Assert.That((stored.Values[0], stored.Qualities[0]), Is.EqualTo((1m, ReadQuality.Actual)));
            Assert.That((stored.Values[1], stored.Qualities[1]), Is.EqualTo((2m, ReadQuality.Actual)));
            Assert.That(counts.ReplacedEstimates, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_short_gap_is_interpolated_linearly_between_its_neighbours()
    {
        var day = Day(new DateOnly(2018, 1, 2), 1m, null, null, 4m, 4m);
        var flags = new List<ReadFlag>();

        var estimated = Estimator.FillGaps([day], _ => null, VeeOptions.Default, "f", flags);

        Assert.Multiple(() =>
        {
            Assert.That(estimated, Is.EqualTo(2));
            Assert.That(day.Values[1..3].ToArray(), Is.EqualTo(new[] { 2m, 3m }));
            Assert.That(day.Qualities[1], Is.EqualTo(ReadQuality.Estimated));
            Assert.That(flags.Single().Rule, Is.EqualTo(VeeRules.Gap));
        });
    }

    [Test]
    public void A_long_gap_is_filled_from_the_same_weekday_of_earlier_weeks()
    {
        var date = new DateOnly(2018, 1, 16);
        var weekAgo = Day(date.AddDays(-7), Hours(2m));
        var twoWeeksAgo = Day(date.AddDays(-14), Hours(4m));
        var values = Hours(1m);
        for (var h = 5; h < 11; h++)
            values[h] = null;
        var day = Day(date, values);

        var estimated = Estimator.FillGaps([day], d => d == weekAgo.Day.Date ? weekAgo : d == twoWeeksAgo.Day.Date ? twoWeeksAgo : null, VeeOptions.Default, "f", []);

        Assert.That(estimated, Is.EqualTo(6));
        Assert.That(day.Values[5..11].ToArray(), Is.All.EqualTo(3m));
    }

    [Test]
    public void A_gap_over_midnight_is_filled_across_both_days_and_days_apart_are_not_joined()
    {
        // 23:00 and 00:00 missing (two reads between 10 at 22:00 and 40 at 01:00), the days given out of date order; a day two
        // days later starts another timeline, so the hours before its first read stay empty.
        var first = Day(new DateOnly(2018, 1, 2), [.. Enumerable.Repeat<decimal?>(10m, 23), null]);
        var second = Day(new DateOnly(2018, 1, 3), null, 40m, 40m);
        var apart = Day(new DateOnly(2018, 1, 5), null, null, 7m);
        var flags = new List<ReadFlag>();

        var estimated = Estimator.FillGaps([apart, second, first], _ => null, VeeOptions.Default, "f", flags);

        Assert.Multiple(() =>
        {
            Assert.That(estimated, Is.EqualTo(2));
            Assert.That(first.Values[22..].ToArray(), Is.EqualTo(new[] { 10m, 20m }));
            Assert.That(second.Values[..2].ToArray(), Is.EqualTo(new[] { 30m, 40m }));
            Assert.That(first.Qualities[23], Is.EqualTo(ReadQuality.Estimated));
            Assert.That(second.Qualities[0], Is.EqualTo(ReadQuality.Estimated));
            Assert.That(apart.PresentCount, Is.EqualTo(1));
            Assert.That(flags.Single().IntervalStart, Is.EqualTo(first.SlotStart(23)));
            Assert.That(flags.Single().Detail, Is.EqualTo("2 missing reads: linear interpolation"));
        });
    }

    [Test]
    public void A_long_gap_over_midnight_takes_each_slot_from_its_own_days_earlier_weeks()
    {
        var firstDate = new DateOnly(2018, 1, 16);
        var history = new Dictionary<DateOnly, MeterDay>
        {
            [firstDate.AddDays(-7)] = Day(firstDate.AddDays(-7), Hours(2m)),
            [firstDate.AddDays(-6)] = Day(firstDate.AddDays(-6), Hours(6m)),
        };
        var first = Day(firstDate, [.. Enumerable.Repeat<decimal?>(1m, 20), null, null, null, null]);
        var second = Day(firstDate.AddDays(1), null, null, null, null, 1m);

        var estimated = Estimator.FillGaps([first, second], history.GetValueOrDefault, VeeOptions.Default, "f", []);

        Assert.That(estimated, Is.EqualTo(8));
        Assert.That(first.Values[20..].ToArray(), Is.All.EqualTo(2m));
        Assert.That(second.Values[..4].ToArray(), Is.All.EqualTo(6m));
    }

    [Test]
    public void A_gap_at_the_end_with_no_read_after_it_is_left_for_bill_time()
    {
        var day = Day(new DateOnly(2018, 1, 2), 1m, 1m);

        Assert.That(Estimator.FillGaps([day], _ => null, VeeOptions.Default, "f", []), Is.Zero);
        Assert.That(day.PresentCount, Is.EqualTo(2));
    }

    [Test]
    public void Negative_reads_are_flagged_only_on_meters_without_generation()
    {
        var values = Hours(1m);
        values[3] = -0.5m;
        var withoutSolar = new List<ReadFlag>();
        var withSolar = new List<ReadFlag>();

        ReadChecks.Check([Day(new DateOnly(2018, 1, 2), values)], [], hasGeneration: false, VeeOptions.Default, "f", withoutSolar);
        ReadChecks.Check([Day(new DateOnly(2018, 1, 2), values)], [], hasGeneration: true, VeeOptions.Default, "f", withSolar);

        Assert.That(withoutSolar.Select(f => f.Rule), Is.EqualTo(new[] { VeeRules.Negative }));
        Assert.That(withSolar, Is.Empty);
    }

    [Test]
    public void A_reading_far_above_the_meters_usual_range_is_a_spike()
    {
        var days = Enumerable.Range(0, 7).Select(d => Day(new DateOnly(2018, 1, 1).AddDays(d),
            Enumerable.Range(0, 24).Select(h => (decimal?)(0.5m + (h % 6) * 0.2m)).ToArray())).ToList();
        days[3].SetSlot(12, 40m, ReadQuality.Actual);
        var flags = new List<ReadFlag>();

        ReadChecks.Check(days, [], false, VeeOptions.Default, "f", flags);

        Assert.That(flags.Single().Rule, Is.EqualTo(VeeRules.Spike));
        Assert.That(flags.Single().IntervalStart, Is.EqualTo(days[3].SlotStart(12)));
    }

    [Test]
    public void Selected_places_hold_what_sorting_puts_there_and_no_value_is_lost()
    {
        // Few distinct values (runs of zeros and flat loads) and many; places in ascending order, repeated ones included.
        var values = Gen.OneOf(Gen.Long[-3, 3], Gen.Long).Array[0, 400];
        Gen.Select(values, Gen.Int[0, 1_000].Array[1, 8]).Sample((array, picks) =>
        {
            var sorted = array.Order().ToArray();
            var places = picks.Where(_ => array.Length > 0).Select(p => p % array.Length).Order().ToArray();
            var from = 0;
            foreach (var place in places)
                from = Selection.Place(array, from, place);
            Assert.That(places.Select(p => array[p]), Is.EqualTo(places.Select(p => sorted[p])));
            Assert.That(array.Order(), Is.EqualTo(sorted));
        }, iter: 2_000);
    }

    [Test]
    public void The_spike_threshold_is_the_one_a_plain_sort_of_the_reads_gives()
    {
        // Reads of mixed scales and signs (sorted by their millionths), and days with a value of seven decimals or
        // beyond the millionths' range (sorted as decimals): the threshold is what sorting the decimals themselves gives.
        var value = Gen.OneOf(
            Gen.Long[-2_000_000_000, 2_000_000_000].Select(m => m / 1_000_000m),
            Gen.Int[-5_000, 5_000].Select(v => v / 1_000m),
            Gen.Int[0, 40].Select(v => (decimal)v));
        var odd = Gen.OneOf(Gen.Const((decimal?)null), Gen.Const<decimal?>(0.0000001m), Gen.Const<decimal?>(79_000_000_000_000m));
        Gen.Select(value.Array[24].Array[2, 6], Gen.Int[1, 5], odd).Sample((hours, factor, extra) =>
        {
            if (extra is { } v)
                hours[^1][7] = v;
            var days = hours.Select((h, d) => Day(new DateOnly(2018, 1, 1).AddDays(d), h.Select(v => (decimal?)v).ToArray())).ToList();
            Assert.That(ReadChecks.SpikeThreshold(days, factor), Is.EqualTo(Reference(hours.SelectMany(h => h).ToList(), factor)));
        }, iter: 300);

        static decimal? Reference(List<decimal> values, decimal factor)
        {
            var sorted = values.OrderBy(v => v).ToList();
            decimal Quantile(decimal q)
            {
                var position = q * (sorted.Count - 1);
                var lower = (int)Math.Floor(position);
                var upper = Math.Min(lower + 1, sorted.Count - 1);
                return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
            }
            var threshold = Math.Max(Quantile(0.5m) + factor * (Quantile(0.75m) - Quantile(0.25m)), 2 * Quantile(0.995m));
            return threshold <= 0 ? null : threshold;
        }
    }

    [Test]
    public void A_full_day_of_zeros_is_a_zero_run()
    {
        var flags = new List<ReadFlag>();

        ReadChecks.Check([Day(new DateOnly(2018, 1, 2), Hours(0m))], [], false, VeeOptions.Default, "f", flags);

        Assert.That(flags.Single().Rule, Is.EqualTo(VeeRules.ZeroRun));
    }
}

public class RegisterEstimatorTests
{
    private static readonly MeterId Meter = new("M-1");

    private static RegisterRead Read(int month, decimal dial) =>
        new(Meter, new DateTimeOffset(2025, month, 1, 0, 0, 0, TimeSpan.Zero), dial, UtilityInsights.Units.Unit.KWh, RegisterReadType.Actual);

    [Test]
    public void A_missing_reading_is_the_last_one_plus_the_average_daily_usage_times_the_days_since()
    {
        var history = new[] { Read(1, 1_000m), Read(3, 1_590m) }; // 590 kWh over 59 days: 10 a day

        var estimate = RegisterEstimator.Estimate(history, new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), 100_000m)!.Value;

        Assert.That(estimate.Register, Is.EqualTo(1_590m + 310m));
        Assert.That(estimate.ReadType, Is.EqualTo(RegisterReadType.Estimated));
    }

    [Test]
    public void An_estimate_wraps_at_the_rollover()
    {
        var history = new[] { Read(1, 99_000m), Read(2, 99_620m) }; // 20 a day

        var estimate = RegisterEstimator.Estimate(history, new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), 100_000m)!.Value;

        Assert.That(estimate.Register, Is.EqualTo(99_620m + 560m - 100_000m));
    }

    [Test]
    public void One_reading_is_not_enough_history()
    {
        Assert.That(RegisterEstimator.Estimate([Read(1, 5m)], new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), 100_000m), Is.Null);
    }
}
