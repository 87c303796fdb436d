using System.Globalization;
using CsCheck;
using UtilityInsights.Domain;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Domain;

public class MeterDayTests
{
    private static readonly MeterId Meter = new("M-1");

    [Test]
    public void Reads_on_a_fall_back_day_fill_25_distinct_slots()
    {
        var zone = TimeZones.Find("America/Chicago");
        var day = new MeterDay(new MeterId("M-1"), LocalDay.Of(new DateOnly(2018, 11, 4), zone), 60, Unit.KWh);
        for (var i = 0; i < 25; i++)
            day.Set(new IntervalRead(day.MeterId, day.Day.Start.AddHours(i), 60, Quantity.KWh(1m), ReadQuality.Actual));

        Assert.Multiple(() =>
        {
            Assert.That(day.SlotCount, Is.EqualTo(25));
            Assert.That(day.PresentCount, Is.EqualTo(25));
            Assert.That(day.Total, Is.EqualTo(Quantity.KWh(25m)));
        });
    }

    [Test]
    public void A_copy_has_the_same_slots_in_either_form_and_changes_apart_from_the_day_it_was_copied_from()
    {
        var zone = TimeZones.Find("Etc/GMT+5");
        var ingested = new MeterDay(Meter, LocalDay.Of(new DateOnly(2025, 1, 4), zone), 60, Unit.KWh);
        ingested.SetSlot(3, 1.25m, ReadQuality.Actual);
        ingested.SetSlot(7, 0.5m, ReadQuality.Estimated);
        var unpacked = new MeterDay(Meter, ingested.Day, 60, Unit.KWh);
        unpacked.SetSlotMillionths(3, 1_250_000, ReadQuality.Actual);
        unpacked.SetSlotMillionths(7, 500_000, ReadQuality.Estimated);

        foreach (var day in new[] { ingested, unpacked })
        {
            var copy = day.Copy();
            Assert.Multiple(() =>
            {
                Assert.That((copy.MeterId, copy.Day, copy.IntervalMinutes, copy.Unit), Is.EqualTo((day.MeterId, day.Day, day.IntervalMinutes, day.Unit)));
                Assert.That(copy.Qualities.ToArray(), Is.EqualTo(day.Qualities.ToArray()));
                Assert.That(copy.Millionths.ToArray(), Is.EqualTo(day.Millionths.ToArray()));
            });
            copy.SetSlot(3, 9m, ReadQuality.ManuallyEdited);
            Assert.That((day.Values[3], day.Qualities[3]), Is.EqualTo((1.25m, ReadQuality.Actual)));
        }
    }

    [Test]
    public void A_read_off_the_slot_grid_is_refused()
    {
        var day = new MeterDay(new MeterId("M-1"), LocalDay.Of(new DateOnly(2018, 1, 4), TimeZones.Find("Etc/GMT+5")), 60, Unit.KWh);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            day.Set(new IntervalRead(day.MeterId, day.Day.Start.AddMinutes(30), 60, Quantity.KWh(1m), ReadQuality.Actual)));
    }

    [Test]
    public void Watt_hour_reads_are_stored_in_the_day_unit()
    {
        var day = new MeterDay(new MeterId("M-1"), LocalDay.Of(new DateOnly(2018, 1, 4), TimeZones.Find("Etc/GMT+5")), 60, Unit.KWh);
        day.Set(new IntervalRead(day.MeterId, day.Day.Start, 60, new Quantity(1500m, Unit.Wh), ReadQuality.Estimated));

        Assert.That(day.Reads().Single().Quantity, Is.EqualTo(Quantity.KWh(1.5m)));
    }

    private static MeterDay Day() => new(Meter, LocalDay.Of(new DateOnly(2025, 3, 9), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")), 60, Unit.KWh);

    /// <summary>Decoding builds each slot's decimal from its integer: the same value, printed the same, as dividing by a million.</summary>
    [Test]
    public void A_slot_read_back_is_the_decimal_division_gives_digit_for_digit()
    {
        var random = new Random(20261202);
        var values = new List<long> { 0, 1, -1, 10, -10, 1_000_000, -1_000_000, 1_500_000, -1_500_000, 1_234_567, 999_999, 100, long.MaxValue, long.MinValue, long.MinValue + 1 };
        for (var i = 0; i < 20_000; i++)
            values.Add(random.NextInt64(-10_000_000_000, 10_000_000_000) * (i % 3 == 0 ? 1000 : 1));

        foreach (var millionths in values)
        {
            var expected = millionths / 1_000_000m;
            var decoded = MeterDay.FromMillionths(millionths);
            Assert.That(decoded, Is.EqualTo(expected), $"{millionths}");
            Assert.That(decoded.ToString(CultureInfo.InvariantCulture), Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)), $"{millionths}");
            Assert.That(decoded.Scale, Is.EqualTo(expected.Scale), $"{millionths}");
        }
    }

    /// <summary>A day set as millionths (from storage) reads as the same decimals, and one set as decimals as the same millionths.</summary>
    [Test]
    public void Millionths_and_decimals_are_two_views_of_the_same_slots()
    {
        var stored = Day();
        var fromDecimals = Day();
        Assert.That(stored.SlotCount, Is.EqualTo(23), "the spring-forward day has 23 hourly slots");
        for (var slot = 0; slot < stored.SlotCount; slot++)
        {
            var millionths = (slot - 5) * 1_234_567L;
            stored.SetSlotMillionths(slot, millionths, slot % 4 == 0 ? ReadQuality.Estimated : ReadQuality.Actual);
            fromDecimals.SetSlot(slot, millionths / 1_000_000m, slot % 4 == 0 ? ReadQuality.Estimated : ReadQuality.Actual);
        }

        Assert.That(stored.Values.ToArray(), Is.EqualTo(fromDecimals.Values.ToArray()));
        Assert.That(fromDecimals.Millionths.ToArray(), Is.EqualTo(stored.Millionths.ToArray()));
        Assert.That(stored.Total, Is.EqualTo(fromDecimals.Total));
        Assert.That(stored.Delivered, Is.EqualTo(fromDecimals.Delivered));
        Assert.That(stored.Qualities.ToArray(), Is.EqualTo(fromDecimals.Qualities.ToArray()));
    }

    /// <summary>Setting one slot of a stored day (a read merged into it) changes that slot only, in both views.</summary>
    [Test]
    public void Millionths_from_the_digits_are_what_multiplying_by_a_million_gives()
    {
        // Every scale (trailing zeros past the sixth decimal included), sign and size; where the product is not a whole number
        // of millionths, or does not fit, both refuse.
        var value = Gen.OneOf(
            Gen.Decimal,
            Gen.Select(Gen.Long, Gen.Byte[0, 12]).Select((m, scale) => new decimal((int)(uint)m, (int)(uint)((ulong)m >> 32), 0, m < 0, scale)),
            Gen.Long[-5_000_000_000, 5_000_000_000].Select(m => m / 1_000_000m * 1.000m));
        value.Sample(v =>
        {
            Assert.That(Outcome(() => MeterDay.ToMillionths(v)), Is.EqualTo(Outcome(() => Reference(v))), v.ToString(CultureInfo.InvariantCulture));
        }, iter: 20_000);

        static string Outcome(Func<long> convert)
        {
            try
            {
                return convert().ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is InvalidOperationException or OverflowException)
            {
                return "refused";
            }
        }

        static long Reference(decimal value)
        {
            var scaled = value * 1_000_000m;
            if (scaled != decimal.Truncate(scaled))
                throw new InvalidOperationException("more than six decimal places");
            return decimal.ToInt64(scaled);
        }
    }

    [Test]
    public void The_totals_in_millionths_are_the_decimal_totals_exactly()
    {
        // Any mix of signs, scales, missing and estimated slots, in either form: storage's integer sums are the decimal sums.
        var slot = Gen.Select(Gen.Long[-5_000_000_000, 5_000_000_000], Gen.Int[0, 3]);
        slot.Array[24].Sample(slots =>
        {
            var day = new MeterDay(Meter, LocalDay.Of(new DateOnly(2025, 1, 4), TimeZones.Find("UTC")), 60, Unit.KWh);
            for (var i = 0; i < slots.Length; i++)
            {
                var (millionths, quality) = slots[i];
                if (quality != 0)
                    day.SetSlot(i, millionths / 1_000_000m, quality == 1 ? ReadQuality.Actual : ReadQuality.Estimated);
            }
            Assert.That((day.TotalMillionths, day.DeliveredMillionths), Is.EqualTo((MeterDay.ToMillionths(day.Total.Value), MeterDay.ToMillionths(day.Delivered))));
        }, iter: 300);
    }

    [Test]
    public void A_slot_set_on_a_stored_day_changes_only_that_slot()
    {
        var day = Day();
        for (var slot = 0; slot < day.SlotCount; slot++)
            day.SetSlotMillionths(slot, 1_000_000L + slot, ReadQuality.Actual);

        day.SetSlot(3, 7.25m, ReadQuality.Estimated);

        Assert.That(day.Values[3], Is.EqualTo(7.25m));
        Assert.That(day.Millionths[3], Is.EqualTo(7_250_000L));
        Assert.That(day.Millionths[4], Is.EqualTo(1_000_004L));
        Assert.That(day.Values[2], Is.EqualTo(1.000002m));
        Assert.That(day.Qualities[3], Is.EqualTo(ReadQuality.Estimated));

        day.SetSlotMillionths(4, -500L, ReadQuality.Actual);
        Assert.That(day.Values[4], Is.EqualTo(-0.0005m));
        Assert.That(day.Values[3], Is.EqualTo(7.25m));
    }

    /// <summary>Storage keeps six decimal places: a value with more has no millionths and says so.</summary>
    [Test]
    public void A_value_finer_than_a_millionth_has_no_millionths()
    {
        var day = Day();
        day.SetSlot(0, 0.0000001m, ReadQuality.Actual);

        var refused = Assert.Throws<InvalidOperationException>(() => _ = day.Millionths.Length);
        Assert.That(refused!.Message, Does.Contain("more than six decimal places"));
    }
}
