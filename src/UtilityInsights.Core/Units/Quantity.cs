using System.Globalization;

namespace UtilityInsights.Units;

/// <summary>
/// A measured amount with its unit. Quantities of the same dimension add after conversion
/// (Wh ↔ kWh); anything else throws. CCF becomes therms only through
/// <see cref="ToTherms(decimal)"/> with an explicit heat factor, because the energy in a
/// cubic foot of gas changes with every billing cycle.
/// </summary>
public readonly record struct Quantity(decimal Value, Unit Unit) : IComparable<Quantity>
{
    public static Quantity Zero(Unit unit) => new(0m, unit);

    public static Quantity KWh(decimal value) => new(value, Unit.KWh);

    public static Quantity Therms(decimal value) => new(value, Unit.Therm);

    /// <summary>Converts to <paramref name="target"/>; only Wh ↔ kWh and identity conversions exist.</summary>
    public Quantity ConvertTo(Unit target)
    {
        if (target == Unit)
            return this;
        return (Unit, target) switch
        {
            (Unit.Wh, Unit.KWh) => new Quantity(Value / 1000m, Unit.KWh),
            (Unit.KWh, Unit.Wh) => new Quantity(Value * 1000m, Unit.Wh),
            (Unit.Ccf, Unit.Therm) => throw new InvalidOperationException("CCF converts to therms only with a heat factor: use ToTherms(heatFactor)."),
            _ => throw new InvalidOperationException($"Cannot convert {Unit.Symbol()} to {target.Symbol()}."),
        };
    }

    public bool CanConvertTo(Unit target) =>
        target == Unit || (Unit, target) is (Unit.Wh, Unit.KWh) or (Unit.KWh, Unit.Wh);

    /// <summary>Gas volume in CCF to energy in therms, with the cycle's heat factor (therms per CCF, typically 1.0–1.1).</summary>
    public Quantity ToTherms(decimal heatFactor)
    {
        if (Unit == Unit.Therm)
            return this;
        if (Unit != Unit.Ccf)
            throw new InvalidOperationException($"Only CCF converts to therms, not {Unit.Symbol()}.");
        if (heatFactor <= 0m || heatFactor > 2m)
            throw new ArgumentOutOfRangeException(nameof(heatFactor), heatFactor, "A heat factor is between 0 and 2 therms per CCF.");
        return new Quantity(Value * heatFactor, Unit.Therm);
    }

    public static Quantity operator +(Quantity left, Quantity right) => new(left.Value + right.ConvertTo(left.Unit).Value, left.Unit);

    public static Quantity operator -(Quantity left, Quantity right) => new(left.Value - right.ConvertTo(left.Unit).Value, left.Unit);

    public static Quantity operator *(Quantity value, decimal factor) => new(value.Value * factor, value.Unit);

    public static Quantity operator -(Quantity value) => new(-value.Value, value.Unit);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    public int CompareTo(Quantity other) => Value.CompareTo(other.ConvertTo(Unit).Value);

    public Quantity Add(Quantity other) => this + other;

    public Quantity Subtract(Quantity other) => this - other;

    public Quantity Multiply(decimal factor) => this * factor;

    public Quantity Negate() => -this;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value} {Unit.Symbol()}");
}
