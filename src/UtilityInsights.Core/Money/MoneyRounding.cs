namespace UtilityInsights.Money;

/// <summary>How an amount is rounded to the currency's minor unit at a named rounding point.</summary>
public enum MoneyRounding
{
    /// <summary>Half away from zero (0.005 → 0.01, −0.005 → −0.01): the default for utility bills.</summary>
    HalfAwayFromZero,

    /// <summary>Banker's rounding (half to even), used only when a tariff says so.</summary>
    HalfToEven,

    /// <summary>Towards zero (truncation).</summary>
    Down,

    /// <summary>Away from zero (ceiling of the magnitude).</summary>
    Up,
}

public static class MoneyRoundingExtensions
{
    public static MidpointRounding ToMidpointRounding(this MoneyRounding rounding) => rounding switch
    {
        MoneyRounding.HalfAwayFromZero => MidpointRounding.AwayFromZero,
        MoneyRounding.HalfToEven => MidpointRounding.ToEven,
        MoneyRounding.Down => MidpointRounding.ToZero,
        MoneyRounding.Up => MidpointRounding.AwayFromZero,
        _ => throw new ArgumentOutOfRangeException(nameof(rounding), rounding, null),
    };

    /// <summary>Rounds <paramref name="value"/> to <paramref name="digits"/> decimal places the way this mode says.</summary>
    public static decimal Apply(this MoneyRounding rounding, decimal value, int digits)
    {
        if (rounding != MoneyRounding.Up)
            return Math.Round(value, digits, rounding.ToMidpointRounding());
        var scale = Numerics.DecimalMath.Pow10(digits);
        var scaled = value * scale;
        var truncated = decimal.Truncate(scaled);
        if (truncated != scaled)
            truncated += Math.Sign(value);
        return truncated / scale;
    }
}
