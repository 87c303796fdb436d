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

    private readonly decimal[] values;
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
        values = new decimal[minutes / intervalMinutes];
        qualities = new ReadQuality[values.Length];
    }

    public MeterId MeterId { get; }

    public LocalDay Day { get; }

    public int IntervalMinutes { get; }

    public Unit Unit { get; }

    public int SlotCount => values.Length;

    public ReadOnlySpan<decimal> Values => values;

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
        return slot < values.Length ? (int)slot : -1;
    }

    public DateTimeOffset SlotStart(int slot) => Day.Start.AddMinutes((double)slot * IntervalMinutes);

    /// <summary>Puts a read in its slot, replacing what was there; the read must belong to this meter-day.</summary>
    public void Set(IntervalRead read)
    {
        if (read.MeterId != MeterId || read.IntervalMinutes != IntervalMinutes)
            throw new ArgumentException("The read is of another meter or interval length.", nameof(read));
        var slot = SlotOf(read.Start);
        if (slot < 0)
            throw new ArgumentOutOfRangeException(nameof(read), read.Start, $"The read does not start on a slot of {Day.Date:yyyy-MM-dd}.");
        values[slot] = read.Quantity.ConvertTo(Unit).Value;
        qualities[slot] = read.Quality;
    }

    /// <summary>Sets a slot directly (used by the storage codec when unpacking).</summary>
    public void SetSlot(int slot, decimal value, ReadQuality quality)
    {
        values[slot] = value;
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
            var sum = 0m;
            for (var i = 0; i < values.Length; i++)
            {
                if (qualities[i] != ReadQuality.Missing && values[i] > 0)
                    sum += values[i];
            }
            return sum;
        }
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

    /// <summary>The present slots as reads, in time order.</summary>
    public IEnumerable<IntervalRead> Reads()
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (qualities[i] != ReadQuality.Missing)
                yield return new IntervalRead(MeterId, SlotStart(i), IntervalMinutes, new Quantity(values[i], Unit), qualities[i]);
        }
    }
}
