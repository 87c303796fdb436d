using System.Globalization;
using System.Text;

namespace UtilityInsights.Billing;

/// <summary>
/// The scan line printed on a remittance slip, for the payment processor's reader:
/// the account number (letters and digits only), the due date as <c>yyyyMMdd</c>, the amount due
/// in cents over ten digits (nothing when the account is in credit), and a check digit — Luhn's
/// mod 10 over the line, a letter counting as its two-digit value (A = 10 … Z = 35, as IBANs do).
/// </summary>
public static class ScanLine
{
    public static string For(string accountId, decimal amountDue, DateOnly dueDate)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var account = new string(accountId.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        var cents = (long)Math.Round(Math.Max(0, amountDue) * 100, 0, MidpointRounding.AwayFromZero);
        var body = $"{account} {dueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)} {cents.ToString("D10", CultureInfo.InvariantCulture)}";
        return $"{body} {CheckDigit(body)}";
    }

    /// <summary>Luhn's check digit for the letters and digits of <paramref name="text"/> (anything else is skipped).</summary>
    public static int CheckDigit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (char.IsAsciiLetter(c))
                digits.Append((char.ToUpperInvariant(c) - 'A' + 10).ToString(CultureInfo.InvariantCulture));
        }
        var sum = 0;
        // From the right, every second digit (starting with the rightmost, since the check digit will follow it) is doubled.
        var doubled = true;
        for (var i = digits.Length - 1; i >= 0; i--, doubled = !doubled)
        {
            var d = (digits[i] - '0') * (doubled ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>Whether a whole scan line's check digit (its last character) is right.</summary>
    public static bool IsValid(string line) =>
        line is { Length: > 1 } && char.IsAsciiDigit(line[^1]) && CheckDigit(line[..^1]) == line[^1] - '0';
}
