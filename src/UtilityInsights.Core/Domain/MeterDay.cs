using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Domain;

/// <summary>
/// One meter's interval reads for one local day, as stored (DESIGN §9: packed per meter-day).
/// Slot <c>i</c> covers <c>[Day.Start + i·interval, Day.Start + (i+1)·interval)</c>; a DST day has
/// 23 or 25 hourly slots. A slot whose quality is <see cref="ReadQuality.Missing"/> has no read.
/// </summary>
public sealed class MeterDay
{
    /// <summary>A 1440-minute interval is "the whole local day": one slot, even on a 23- or 25-hour DST day.</summary>
    public const int MinutesPerDay = 1440;

    /// <summary>The millionths in a unit: storage keeps six decimal places (DESIGN §9).</summary>
    private const decimal MillionthsPerUnit = 1_000_000m;

    // A slot's value is held either as a decimal (reads being ingested) or as exact millionths (a day unpacked from
    // storage, which a bill run reads by the million and sums and rates as integers); the other form is made when
    // first asked for, and setting a slot in one form drops the other.
    private decimal[]? values;
    private long[]? millionths;
    private readonly ReadQuality[] qualities;

    public MeterDay(MeterId meterId, LocalDay day, int intervalMinutes, Unit unit)
    {
        if (!IntervalRead.IsValidIntervalMinutes(intervalMinutes))
            throw new ArgumentOutOfRangeException(nameof(intervalMinutes), intervalMinutes, "Intervals are 5 to 1440 minutes and divide a day.");
        var minutes = (int)day.Length.TotalMinutes;
        if (intervalMinutes == MinutesPerDay)
            minutes = MinutesPerDay;
        else if (minutes % intervalMinutes != 0)
            throw new ArgumentException($"A {minutes}-minute day does not hold whole {intervalMinutes}-minute intervals.", nameof(intervalMinutes));
        MeterId = meterId;
        Day = day;
        IntervalMinutes = intervalMinutes;
        Unit = unit;
        qualities = new ReadQuality[minutes / intervalMinutes];
    }

    public MeterId MeterId { get; }

    public LocalDay Day { get; }

    public int IntervalMinutes { get; }

    public Unit Unit { get; }

    public int SlotCount => qualities.Length;

    /// <summary>The slots' values (0 where no read), in the day's unit.</summary>
    public ReadOnlySpan<decimal> Values => values ??= DecimalsOf(millionths);

    /// <summary>
    /// The slots' values as whole millionths of the day's unit (0 where no read): what storage holds, and what sums and
    /// rating add. Throws when a value has more than six decimal places (it cannot be stored exactly).
    /// </summary>
    public ReadOnlySpan<long> Millionths => millionths ??= MillionthsOf(values);

    public ReadOnlySpan<ReadQuality> Qualities => qualities;

    /// <summary>The slot an instant falls in, or −1 when it is outside the day or not on a slot boundary.</summary>
    public int SlotOf(DateTimeOffset start)
    {
        if (IntervalMinutes == MinutesPerDay)
            return start == Day.Start ? 0 : -1;
        // Whole ticks, not floating-point minutes: this runs for every read ingested.
        var ticks = (start - Day.Start).Ticks;
        var slotTicks = IntervalMinutes * TimeSpan.TicksPerMinute;
        if (ticks < 0 || ticks % slotTicks != 0)
            return -1;
        var slot = ticks / slotTicks;
        return slot < qualities.Length ? (int)slot : -1;
    }

    public DateTimeOffset SlotStart(int slot) => Day.Start.AddTicks(slot * IntervalMinutes * TimeSpan.TicksPerMinute);

    /// <summary>Puts a read in its slot, replacing what was there; the read must belong to this meter-day.</summary>
    public void Set(IntervalRead read)
    {
        if (read.MeterId != MeterId || read.IntervalMinutes != IntervalMinutes)
            throw new ArgumentException("The read is of another meter or interval length.", nameof(read));
        var slot = SlotOf(read.Start);
        if (slot < 0)
            throw new ArgumentOutOfRangeException(nameof(read), read.Start, $"The read does not start on a slot of {Day.Date:yyyy-MM-dd}.");
        SetSlot(slot, read.Quantity.ConvertTo(Unit).Value, read.Quality);
    }

    /// <summary>Sets a slot directly.</summary>
    public void SetSlot(int slot, decimal value, ReadQuality quality)
    {
        (values ??= DecimalsOf(millionths))[slot] = value;
        millionths = null;
        qualities[slot] = quality;
    }

    /// <summary>Sets a slot to whole millionths of the day's unit (the storage codec unpacking a stored day).</summary>
    public void SetSlotMillionths(int slot, long value, ReadQuality quality)
    {
        (millionths ??= MillionthsOf(values))[slot] = value;
        values = null;
        qualities[slot] = quality;
    }

    public int PresentCount
    {
        get
        {
            var count = 0;
            foreach (var quality in qualities)
            {
                if (quality != ReadQuality.Missing)
                    count++;
            }
            return count;
        }
    }

    /// <summary>Sum of the present slots.</summary>
    public Quantity Total
    {
        get
        {
            var values = Values;
            var sum = 0m;
            for (var i = 0; i < values.Length; i++)
            {
                if (qualities[i] != ReadQuality.Missing)
                    sum += values[i];
            }
            return new Quantity(sum, Unit);
        }
    }

    /// <summary>What the grid delivered: the sum of the present slots above zero (exports are not subtracted).</summary>
    public decimal Delivered
    {
        get
        {
            var values = Values;
            var sum = 0m;
            for (var i = 0; i < values.Length; i++)
            {
                if (qualities[i] != ReadQuality.Missing && values[i] > 0)
                    sum += values[i];
            }
            return sum;
        }
    }

    /// <summary><see cref="Total"/> in whole millionths, summed as integers (what storage keeps).</summary>
    public long TotalMillionths => SumMillionths(deliveredOnly: false);

    /// <summary><see cref="Delivered"/> in whole millionths, summed as integers (what storage keeps).</summary>
    public long DeliveredMillionths => SumMillionths(deliveredOnly: true);

    private long SumMillionths(bool deliveredOnly)
    {
        var slots = Millionths;
        var sum = 0L;
        for (var i = 0; i < slots.Length; i++)
        {
            if (qualities[i] != ReadQuality.Missing && (!deliveredOnly || slots[i] > 0))
                sum += slots[i];
        }
        return sum;
    }

    /// <summary>How many slots hold an estimate.</summary>
    public int EstimatedCount
    {
        get
        {
            var count = 0;
            foreach (var quality in qualities)
            {
                if (quality == ReadQuality.Estimated)
                    count++;
            }
            return count;
        }
    }

    /// <summary>A copy whose slots can be changed without changing this day's (in the form this day holds them).</summary>
    public MeterDay Copy()
    {
        var copy = new MeterDay(MeterId, Day, IntervalMinutes, Unit);
        qualities.CopyTo(copy.qualities, 0);
        // Read each form once: another thread may be making the other form of this day from it (the properties fill them in).
        var ownValues = values;
        var ownMillionths = millionths;
        if (ownValues is not null)
            copy.values = (decimal[])ownValues.Clone();
        else if (ownMillionths is not null)
            copy.millionths = (long[])ownMillionths.Clone();
        return copy;
    }

    /// <summary>The present slots as reads, in time order.</summary>
    public IEnumerable<IntervalRead> Reads()
    {
        for (var i = 0; i < qualities.Length; i++)
        {
            if (qualities[i] != ReadQuality.Missing)
                yield return new IntervalRead(MeterId, SlotStart(i), IntervalMinutes, new Quantity(Values[i], Unit), qualities[i]);
        }
    }

    /// <summary>
    /// <paramref name="value"/> / 1,000,000 with the fewest decimal places that hold it exactly — what decimal division
    /// gives (1500000 → 1.5, not 1.500000), made from the integer without dividing: a bill run decodes millions of slots.
    /// </summary>
    public static decimal FromMillionths(long value)
    {
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        byte scale = 6;
        while (scale > 0 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale--;
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative && magnitude != 0, scale);
    }

    /// <summary><paramref name="value"/> in whole millionths; throws when it has more than six decimal places.</summary>
    public static long ToMillionths(decimal value)
    {
        if (TryToMillionths(value, out var millionths))
            return millionths;
        // Written with more than six decimals (1.5000000 is still exact), or too large for the integer shortcut.
        var scaled = value * MillionthsPerUnit;
        if (scaled != decimal.Truncate(scaled))
            throw new InvalidOperationException($"{value} has more than six decimal places and cannot be stored exactly.");
        return decimal.ToInt64(scaled);
    }

    /// <summary>
    /// <paramref name="value"/> in whole millionths straight from its digits and scale, when it is written with at most six decimals
    /// and fits (false otherwise, with nothing decided: it may still have millionths). Integer arithmetic only: an ingest converts
    /// every read it stores, and a check compares them all.
    /// </summary>
    public static bool TryToMillionths(decimal value, out long millionths)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        millionths = 0;
        if (bits[2] != 0 || scale > 6 || magnitude > long.MaxValue / 1_000_000)
            return false;
        var scaled = (long)magnitude * PowersOfTen[6 - scale];
        millionths = bits[3] < 0 ? -scaled : scaled;
        return true;
    }

    private static readonly long[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    private decimal[] DecimalsOf(long[]? source)
    {
        var decimals = new decimal[qualities.Length];
        if (source is not null)
        {
            for (var i = 0; i < decimals.Length; i++)
                decimals[i] = FromMillionths(source[i]);
        }
        return decimals;
    }

    private long[] MillionthsOf(decimal[]? source)
    {
        var whole = new long[qualities.Length];
        if (source is not null)
        {
            for (var i = 0; i < whole.Length; i++)
                whole[i] = ToMillionths(source[i]);
        }
        return whole;
    }
}
