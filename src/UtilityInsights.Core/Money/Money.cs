using System.Globalization;

namespace UtilityInsights.Money;

/// <summary>
/// An amount of money in one currency. The amount is a <see cref="decimal"/> and keeps whatever
/// precision arithmetic gives it; it is rounded to the minor unit only at named points by
/// <see cref="Round"/>. Adding or comparing amounts of different currencies throws.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public Money(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public Currency Currency { get; }

    public static Money Zero(Currency currency) => new(0m, currency);

    public static Money Usd(decimal amount) => new(amount, Currency.Usd);

    /// <summary>Creates money from an integer count of minor units (cents for USD).</summary>
    public static Money FromMinorUnits(long minorUnits, Currency currency) =>
        new(minorUnits / currency.MinorUnitsPerMajor, currency);

    /// <summary>
    /// The amount as an integer count of minor units. Throws when the amount is not a whole
    /// number of minor units: round first, at a named point.
    /// </summary>
    public long ToMinorUnits()
    {
        var scaled = Amount * Currency.MinorUnitsPerMajor;
        if (scaled != decimal.Truncate(scaled))
            throw new InvalidOperationException($"{Amount} {Currency.Code} is not a whole number of minor units; round it first.");
        return decimal.ToInt64(scaled);
    }

    /// <summary>Rounds to the currency's minor unit.</summary>
    public Money Round(MoneyRounding rounding = MoneyRounding.HalfAwayFromZero) =>
        new(rounding.Apply(Amount, Currency.MinorDigits), Currency);

    public bool IsRounded => Amount == Math.Round(Amount, Currency.MinorDigits);

    public bool IsNegative => Amount < 0m;

    public bool IsZero => Amount == 0m;

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    public static Money operator *(Money value, decimal factor) => new(value.Amount * factor, value.Currency);

    public static Money operator *(decimal factor, Money value) => value * factor;

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static Money Max(Money left, Money right) => left >= right ? left : right;

    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(decimal factor) => this * factor;

    public Money Negate() => -this;

    /// <summary>Invariant text such as <c>12.34 USD</c>, for logs and files; statements format through their culture.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Currency.Code}");

    private static Currency SameCurrency(Money left, Money right)
    {
        if (left.Currency is null || right.Currency is null)
            throw new InvalidOperationException("Money has no currency (default value).");
        if (left.Currency.Code != right.Currency.Code)
            throw new InvalidOperationException($"Cannot combine {left.Currency.Code} with {right.Currency.Code}.");
        return left.Currency;
    }
}

public static class MoneyEnumerableExtensions
{
    /// <summary>Sums amounts of one currency; an empty sequence sums to zero of <paramref name="currency"/>.</summary>
    public static Money Sum(this IEnumerable<Money> amounts, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Money.Zero(currency);
        foreach (var amount in amounts)
            total += amount;
        return total;
    }
}
