using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.GreenButton;

/// <summary>
/// The one home of how this engine's units are written in a Green Button feed and read from one: ESPI's <c>uom</c> codes
/// (UnitSymbolKind: 72 Wh, 169 therm, 119 ft³, 42 m³, 128 US gallon), the <c>powerOfTenMultiplier</c> our exports use, and the
/// commodity and service kind a meter's feed names.
/// </summary>
public static class EspiUnits
{
    /// <summary>
    /// How a meter's values are written: the <c>uom</c>, the power of ten, what a value in the meter's unit is multiplied by to give
    /// the whole number written (kWh as thousandths of a Wh, therms, gallons and m³ as millionths, ccf as ten-thousandths of a ft³),
    /// and the ReadingType's <c>kind</c> (MeasurementKind: 12 energy, 58 volume); null for a unit ESPI has no code for.
    /// </summary>
    public static (int Uom, int PowerOfTen, decimal Scale, int Kind)? Written(Unit unit) => unit switch
    {
        Unit.KWh => (72, -3, 1_000_000m, 12),
        Unit.Wh => (72, -3, 1_000m, 12),
        Unit.Therm => (169, -6, 1_000_000m, 12),
        Unit.Ccf => (119, -4, 1_000_000m, 58),
        Unit.CubicMetre => (42, -6, 1_000_000m, 58),
        Unit.Gallon => (128, -6, 1_000_000m, 58),
        _ => null,
    };

    /// <summary>The unit a feed's <c>uom</c> is read into, and the factor from it (ft³ are read as ccf, a hundredth of one each); null when not read.</summary>
    public static (Unit Unit, decimal Factor)? Read(int uom) => uom switch
    {
        72 => (Unit.Wh, 1m),
        169 => (Unit.Therm, 1m),
        119 => (Unit.Ccf, 0.01m),
        42 => (Unit.CubicMetre, 1m),
        128 => (Unit.Gallon, 1m),
        _ => null,
    };

    /// <summary>The <c>uom</c> codes read, for a refusal to name: "72 Wh, 169 therm, 119 ft³, 42 m³, 128 US gallon".</summary>
    public const string ReadCodes = "72 Wh, 169 therm, 119 ft³, 42 m³, 128 US gallon";

    /// <summary>A ReadingType's <c>commodity</c> (CommodityKind: 1 electricity, 7 natural gas, 9 potable water) and a UsagePoint's ServiceCategory <c>kind</c> (0, 1, 2).</summary>
    public static (int Commodity, int ServiceKind) Of(Commodity commodity) => commodity switch
    {
        Commodity.Gas => (7, 1),
        Commodity.Water => (9, 2),
        _ => (1, 0),
    };
}
