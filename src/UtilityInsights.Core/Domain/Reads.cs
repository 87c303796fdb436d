using UtilityInsights.Units;

namespace UtilityInsights.Domain;

/// <summary>
/// Where a read value came from (DESIGN §3 quality codes). <see cref="Missing"/> marks an
/// empty slot in a packed meter-day; it never appears in a file.
/// </summary>
public enum ReadQuality : byte
{
    Missing = 0,

    /// <summary>A: measured by the meter.</summary>
    Actual = (byte)'A',

    /// <summary>E: estimated (by the head-end or by our estimation).</summary>
    Estimated = (byte)'E',

    /// <summary>M: manually edited by an operator.</summary>
    ManuallyEdited = (byte)'M',
}

public static class ReadQualityCodes
{
    public static bool TryParse(ReadOnlySpan<char> text, out ReadQuality quality)
    {
        text = text.Trim();
        quality = text switch
        {
            "" or "A" or "a" => ReadQuality.Actual,
            "E" or "e" => ReadQuality.Estimated,
            "M" or "m" => ReadQuality.ManuallyEdited,
            _ => ReadQuality.Missing,
        };
        return quality != ReadQuality.Missing;
    }

    public static char ToCode(this ReadQuality quality) => quality == ReadQuality.Missing
        ? throw new ArgumentOutOfRangeException(nameof(quality), quality, "A missing slot has no file code.")
        : (char)quality;
}

/// <summary>
/// Consumption over one interval <c>[Start, Start + IntervalMinutes)</c>. <see cref="Start"/> is an
/// instant with its offset, so the hours of DST days are unambiguous.
/// </summary>
public readonly record struct IntervalRead
{
    public IntervalRead(MeterId meterId, DateTimeOffset start, int intervalMinutes, Quantity quantity, ReadQuality quality)
    {
        if (!IsValidIntervalMinutes(intervalMinutes))
            throw new ArgumentOutOfRangeException(nameof(intervalMinutes), intervalMinutes, "Intervals are 5 to 1440 minutes and divide a day.");
        if (quality == ReadQuality.Missing)
            throw new ArgumentException("A read has a quality.", nameof(quality));
        MeterId = meterId;
        Start = start;
        IntervalMinutes = intervalMinutes;
        Quantity = quantity;
        Quality = quality;
    }

    public MeterId MeterId { get; }

    public DateTimeOffset Start { get; }

    public int IntervalMinutes { get; }

    public DateTimeOffset End => Start.AddMinutes(IntervalMinutes);

    public Quantity Quantity { get; }

    public ReadQuality Quality { get; }

    /// <summary>5 to 1440 minutes, and a whole number of intervals per day.</summary>
    public static bool IsValidIntervalMinutes(int minutes) => minutes is >= 5 and <= 1440 && 1440 % minutes == 0;
}

/// <summary>How a register reading was obtained.</summary>
public enum RegisterReadType
{
    Actual,
    Estimated,
    Customer,
    MeterExchangeOut,
    MeterExchangeIn,
}

/// <summary>
/// A cumulative dial reading at an instant. Usage between two readings is
/// (current − previous) × multiplier, with rollover at the register's digit count.
/// </summary>
public readonly record struct RegisterRead
{
    public RegisterRead(MeterId meterId, DateTimeOffset readAt, decimal register, Unit unit, RegisterReadType readType, decimal multiplier = 1m)
    {
        if (register < 0m)
            throw new ArgumentOutOfRangeException(nameof(register), register, "A dial reading is not negative.");
        if (multiplier <= 0m)
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be positive.");
        MeterId = meterId;
        ReadAt = readAt;
        Register = register;
        Unit = unit;
        ReadType = readType;
        Multiplier = multiplier;
    }

    public MeterId MeterId { get; }

    public DateTimeOffset ReadAt { get; }

    /// <summary>The dial value as read (before the multiplier).</summary>
    public decimal Register { get; }

    public Unit Unit { get; }

    public RegisterReadType ReadType { get; }

    public decimal Multiplier { get; }

    /// <summary>
    /// Usage since <paramref name="previous"/>: the dial difference times the multiplier; a smaller
    /// current reading is a rollover at <paramref name="rolloverAt"/> (10^digits).
    /// </summary>
    public Quantity UsageSince(RegisterRead previous, decimal rolloverAt)
    {
        if (previous.MeterId != MeterId)
            throw new ArgumentException("Reads of different meters.", nameof(previous));
        if (previous.ReadAt >= ReadAt)
            throw new ArgumentException("The previous read must come first.", nameof(previous));
        var difference = Register >= previous.Register ? Register - previous.Register : rolloverAt - previous.Register + Register;
        return new Quantity(difference * Multiplier, Unit);
    }
}
