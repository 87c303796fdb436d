namespace UtilityInsights.Numerics;

/// <summary>Exact decimal helpers that <see cref="Math"/> does not offer.</summary>
public static class DecimalMath
{
    private static readonly decimal[] Powers =
    [
        1m, 10m, 100m, 1_000m, 10_000m, 100_000m, 1_000_000m, 10_000_000m, 100_000_000m, 1_000_000_000m,
        10_000_000_000m, 100_000_000_000m, 1_000_000_000_000m,
    ];

    /// <summary>10^<paramref name="exponent"/> for 0 ≤ exponent ≤ 12, exactly.</summary>
    public static decimal Pow10(int exponent) => exponent >= 0 && exponent < Powers.Length
        ? Powers[exponent]
        : throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "0 to 12.");
}
