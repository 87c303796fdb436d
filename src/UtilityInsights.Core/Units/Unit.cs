namespace UtilityInsights.Units;

/// <summary>Units of metered quantities. Their file spellings are those of DESIGN §3 (kWh, Wh, therm, CCF, gal, m3).</summary>
public enum Unit
{
    /// <summary>Watt-hour of electric energy.</summary>
    Wh,

    /// <summary>Kilowatt-hour of electric energy (1,000 Wh).</summary>
    KWh,

    /// <summary>Kilowatt of electric demand (power), used for peak demand.</summary>
    KW,

    /// <summary>Therm of gas energy (100,000 BTU).</summary>
    Therm,

    /// <summary>Hundred cubic feet of gas volume; becomes therms only with a heat factor.</summary>
    Ccf,

    /// <summary>US gallon of water.</summary>
    Gallon,

    /// <summary>Cubic metre (gas or water volume).</summary>
    CubicMetre,
}

/// <summary>What a unit measures; only units of the same dimension can be added.</summary>
public enum Dimension
{
    ElectricEnergy,
    ElectricPower,
    GasEnergy,
    Volume,
}

/// <summary>The physical commodity a meter measures.</summary>
public enum Commodity
{
    Electricity,
    Gas,
    Water,
}

public static class UnitInfo
{
    /// <summary>The unit's canonical file spelling (<c>kWh</c>, <c>therm</c>, <c>m3</c> …).</summary>
    public static string Symbol(this Unit unit) => unit switch
    {
        Unit.Wh => "Wh",
        Unit.KWh => "kWh",
        Unit.KW => "kW",
        Unit.Therm => "therm",
        Unit.Ccf => "CCF",
        Unit.Gallon => "gal",
        Unit.CubicMetre => "m3",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    public static Dimension Dimension(this Unit unit) => unit switch
    {
        Unit.Wh or Unit.KWh => Units.Dimension.ElectricEnergy,
        Unit.KW => Units.Dimension.ElectricPower,
        Unit.Therm => Units.Dimension.GasEnergy,
        Unit.Ccf or Unit.Gallon or Unit.CubicMetre => Units.Dimension.Volume,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    /// <summary>Parses a file spelling, case-insensitively (<c>kwh</c>, <c>KWH</c> and <c>kWh</c> are the same).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Unit unit)
    {
        text = text.Trim();
        foreach (var candidate in All)
        {
            if (text.Equals(candidate.Symbol(), StringComparison.OrdinalIgnoreCase))
            {
                unit = candidate;
                return true;
            }
        }
        if (text.Equals("therms", StringComparison.OrdinalIgnoreCase))
        {
            unit = Unit.Therm;
            return true;
        }
        unit = default;
        return false;
    }

    public static Unit Parse(string text) =>
        TryParse(text, out var unit) ? unit : throw new FormatException($"'{text}' is not a known unit (kWh, Wh, kW, therm, CCF, gal, m3).");

    /// <summary>Units a read may be recorded in (DESIGN §3): every unit except demand.</summary>
    public static IReadOnlyList<Unit> ReadUnits { get; } = [Unit.KWh, Unit.Wh, Unit.Therm, Unit.Ccf, Unit.Gallon, Unit.CubicMetre];

    public static IReadOnlyList<Unit> All { get; } = Enum.GetValues<Unit>();

    /// <summary>The commodity a consumption unit belongs to; m3 is taken as water unless the meter says gas.</summary>
    public static Commodity DefaultCommodity(this Unit unit) => unit switch
    {
        Unit.Wh or Unit.KWh or Unit.KW => Commodity.Electricity,
        Unit.Therm or Unit.Ccf => Commodity.Gas,
        Unit.Gallon or Unit.CubicMetre => Commodity.Water,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };
}
