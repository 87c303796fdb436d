using UtilityInsights.Domain;

namespace UtilityInsights.Storage;

/// <summary>
/// Packs a meter-day's slots for storage (DESIGN §9). Values are stored exactly as integer
/// millionths of the day's unit, written as zig-zag varints of the difference from the previous
/// slot (a smooth hourly load packs into 2–3 bytes a slot); qualities are one byte a slot,
/// 0 for an empty slot. Values with more than six decimals cannot be stored and throw.
/// </summary>
public static class MeterDayCodec
{
    /// <summary>The most bytes a day of <paramref name="slotCount"/> slots packs into (ten bytes a slot's varint at most).</summary>
    public static int MaxPackedLength(int slotCount) => slotCount * 10;

    public static byte[] PackValues(MeterDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        Span<byte> packed = stackalloc byte[MaxPackedLength(day.SlotCount)];
        return packed[..PackValues(day, packed)].ToArray();
    }

    /// <summary>Packs the day's values into <paramref name="destination"/> (at least <see cref="MaxPackedLength"/> bytes): the bytes written.</summary>
    public static int PackValues(MeterDay day, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(day);
        var position = 0;
        var previous = 0L;
        foreach (var scaled in day.Millionths)
        {
            position += WriteVarint(destination[position..], ZigZag(scaled - previous));
            previous = scaled;
        }
        return position;
    }

    public static byte[] PackQualities(MeterDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var bytes = new byte[day.SlotCount];
        PackQualities(day, bytes);
        return bytes;
    }

    /// <summary>Writes the day's qualities into <paramref name="destination"/> (at least a byte a slot): the bytes written.</summary>
    public static int PackQualities(MeterDay day, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(day);
        var qualities = day.Qualities;
        for (var i = 0; i < qualities.Length; i++)
            destination[i] = (byte)qualities[i];
        return qualities.Length;
    }

    /// <summary>Fills <paramref name="day"/>'s slots from packed values and qualities.</summary>
    public static void Unpack(MeterDay day, ReadOnlySpan<byte> values, ReadOnlySpan<byte> qualities)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (qualities.Length != day.SlotCount)
            throw new InvalidDataException($"Meter {day.MeterId} {day.Day.Date:yyyy-MM-dd}: {qualities.Length} quality bytes for {day.SlotCount} slots.");
        var position = 0;
        var previous = 0L;
        for (var i = 0; i < day.SlotCount; i++)
        {
            previous += UnZigZag(ReadVarint(values, ref position));
            day.SetSlotMillionths(i, previous, (ReadQuality)qualities[i]);
        }
        if (position != values.Length)
            throw new InvalidDataException($"Meter {day.MeterId} {day.Day.Date:yyyy-MM-dd}: packed values are longer than {day.SlotCount} slots.");
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[count++] = (byte)value;
        return count;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (position >= bytes.Length || shift > 63)
                throw new InvalidDataException("Packed interval values end in the middle of a number.");
            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
            shift += 7;
        }
    }
}
