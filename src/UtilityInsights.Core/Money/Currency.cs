using UtilityInsights.Numerics;

namespace UtilityInsights.Money;

/// <summary>
/// An ISO 4217 currency: its three-letter code and the number of digits of its minor unit
/// (2 for USD: amounts are stored and printed in cents).
/// </summary>
public sealed record Currency
{
    public static readonly Currency Usd = new("USD", 2, "$");

    public Currency(string code, int minorDigits, string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            throw new ArgumentException($"Currency code '{code}' is not three upper-case letters.", nameof(code));
        ArgumentOutOfRangeException.ThrowIfNegative(minorDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorDigits, 4);
        Code = code;
        MinorDigits = minorDigits;
        Symbol = symbol;
    }

    public string Code { get; }

    /// <summary>Digits after the decimal point of the minor unit (2 for cents).</summary>
    public int MinorDigits { get; }

    public string Symbol { get; }

    /// <summary>How many minor units make one major unit (100 for USD).</summary>
    public decimal MinorUnitsPerMajor => DecimalMath.Pow10(MinorDigits);

    public static Currency FromCode(string code) => code.ToUpperInvariant() switch
    {
        "USD" => Usd,
        "CAD" => new Currency("CAD", 2, "$"),
        "EUR" => new Currency("EUR", 2, "€"),
        _ => throw new ArgumentException($"Currency '{code}' is not supported.", nameof(code)),
    };


    public override string ToString() => Code;
}
