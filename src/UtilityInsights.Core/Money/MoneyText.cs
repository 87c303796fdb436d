using System.Globalization;

namespace UtilityInsights.Money;

/// <summary>
/// Money and percentages as customers read them, in the culture of their language (for a US utility
/// en-US or es-US): "$1,234.56", a negative amount with a true minus sign "−$11.62" wherever it is
/// printed, a change with its sign "+$8.10", a share "50%" (English) or "50 %" (Spanish, as the culture has it).
/// </summary>
public static class MoneyText
{
    /// <summary>The minus sign printed before negative amounts (U+2212), the same on every page.</summary>
    public const string Minus = "−";

    public static string Format(decimal amount, CultureInfo culture) =>
        amount < 0 ? Minus + (-amount).ToString("C2", culture) : amount.ToString("C2", culture);

    /// <summary>An amount for operators' pages and hold reasons: "$2,294.70" in dollars, "1,234.50 EUR" in any other currency.</summary>
    public static string Format(Money amount)
    {
        var english = CultureInfo.GetCultureInfo("en-US");
        return amount.Currency.Code == "USD" ? Format(amount.Amount, english)
            : (amount.Amount < 0 ? Minus : "") + Math.Abs(amount.Amount).ToString("#,0.00", english) + " " + amount.Currency.Code;
    }

    /// <summary>A price per unit to four decimals ("$0.1050", a credit "−$0.0400").</summary>
    public static string Rate(decimal rate, CultureInfo culture) =>
        rate < 0 ? Minus + (-rate).ToString("C4", culture) : rate.ToString("C4", culture);

    /// <summary>An amount of change, always with its sign: "+$8.10", "−$7.66".</summary>
    public static string WithSign(decimal amount, CultureInfo culture) => (amount >= 0 ? "+" : Minus) + Math.Abs(amount).ToString("C2", culture);

    /// <summary>A whole-dollar amount ("$5"), for estimates such as a tip's savings.</summary>
    public static string Whole(decimal amount, CultureInfo culture) =>
        amount < 0 ? Minus + (-amount).ToString("C0", culture) : amount.ToString("C0", culture);

    /// <summary>A fraction as a percentage in the culture's pattern, with up to <paramref name="decimals"/> decimals ("4%", "12.5%").</summary>
    public static string Percent(decimal fraction, CultureInfo culture, int decimals = 0)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var percent = Math.Round(fraction * 100, decimals, MidpointRounding.AwayFromZero);
        // Trailing zeros dropped: a 4 % tax is "4%", not "4.000%".
        var places = 0;
        while (places < decimals && Math.Round(percent, places) != percent)
            places++;
        var text = (percent / 100).ToString("P" + places.ToString(CultureInfo.InvariantCulture), culture);
        return text.Replace("-", Minus, StringComparison.Ordinal);
    }
}
