using UtilityInsights.Units;

namespace UtilityInsights.Domain;

/// <summary>How a meter reports consumption.</summary>
public enum MeterKind
{
    /// <summary>An interval (smart) meter: consumption per fixed interval.</summary>
    Interval,

    /// <summary>A register (dial) meter read periodically: consumption is the difference of two readings.</summary>
    Register,
}

/// <summary>
/// A meter: what it measures, in which unit, how its raw numbers become usage
/// (<see cref="Multiplier"/>, <see cref="RegisterDigits"/> for rollover), and the time zone its
/// local days are counted in.
/// </summary>
public sealed record Meter
{
    public Meter(MeterId id, Commodity commodity, MeterKind kind, Unit unit, decimal multiplier, int registerDigits,
        int? intervalMinutes, string timeZone)
    {
        if (unit.Dimension() == Dimension.ElectricPower)
            throw new ArgumentException($"Meter {id}: a meter records consumption, not demand ({unit.Symbol()}).", nameof(unit));
        if (multiplier <= 0m)
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"Meter {id}: the multiplier must be positive.");
        if (registerDigits is < 3 or > 10)
            throw new ArgumentOutOfRangeException(nameof(registerDigits), registerDigits, $"Meter {id}: a register has 3 to 10 digits.");
        if (kind == MeterKind.Interval && intervalMinutes is null)
            throw new ArgumentException($"Meter {id}: an interval meter needs its interval length.", nameof(intervalMinutes));
        if (intervalMinutes is { } minutes && !IntervalRead.IsValidIntervalMinutes(minutes))
            throw new ArgumentOutOfRangeException(nameof(intervalMinutes), minutes, $"Meter {id}: intervals are 5 to 1440 minutes and divide a day.");
        if (string.IsNullOrWhiteSpace(timeZone))
            throw new ArgumentException($"Meter {id}: a time zone is required.", nameof(timeZone));
        Id = id;
        Commodity = commodity;
        Kind = kind;
        Unit = unit;
        Multiplier = multiplier;
        RegisterDigits = registerDigits;
        IntervalMinutes = intervalMinutes;
        TimeZone = timeZone;
    }

    public MeterId Id { get; }

    public Commodity Commodity { get; }

    public MeterKind Kind { get; }

    /// <summary>The unit its reads are recorded in.</summary>
    public Unit Unit { get; }

    /// <summary>Usage = dial difference × multiplier (CT/PT ratio or dial constant); 1 for most homes.</summary>
    public decimal Multiplier { get; }

    /// <summary>Digits on the register: a reading rolls over from 10^digits − 1 to 0.</summary>
    public int RegisterDigits { get; }

    /// <summary>Interval length for interval meters; null for register meters.</summary>
    public int? IntervalMinutes { get; }

    /// <summary>IANA id of the zone the meter's local days are counted in.</summary>
    public string TimeZone { get; }

    /// <summary>The value at which the register rolls over to zero (10^digits).</summary>
    public decimal RolloverAt => Numerics.DecimalMath.Pow10(RegisterDigits);
}
