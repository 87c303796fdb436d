using System.Globalization;
using System.Text;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Money;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>One payment as read from a payments file, with the line it came from.</summary>
public sealed record PaymentRow(long Line, AccountId AccountId, DateTimeOffset PaidAt, Money.Money Amount, string Method, string Reference);

/// <summary>
/// The canonical payments CSV (DESIGN §3): <c>account_id,paid_at,amount,method,reference</c>, and an
/// optional <c>currency</c> (ISO 4217, default USD). <c>paid_at</c> is an ISO 8601 instant with an
/// offset, or a date (<c>yyyy-MM-dd</c>, taken as midnight UTC). The amount is what the customer
/// paid: positive, in whole cents; reversals and refunds are adjustments, not payments.
/// </summary>
public static class PaymentCsv
{
    public static readonly IReadOnlyList<string> Columns = ["account_id", "paid_at", "amount", "method", "reference"];

    /// <summary>The longest reference and method stored (the ledger's column widths).</summary>
    public const int MaxReferenceLength = 128;
    public const int MaxMethodLength = 40;

    /// <summary>The largest single payment accepted; anything above is almost surely a typo.</summary>
    public const decimal MaxAmount = 1_000_000m;

    public static IEnumerable<RowResult<PaymentRow>> Read(string path, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, Map, cancellationToken);

    internal static RowResult<PaymentRow> Map(CsvRecord row)
    {
        RowResult<PaymentRow> Reject(Rejected r) => new(row.Line, null, r);

        var id = row.Text("account_id");
        if (Identifier.Problem(id) is { } idProblem)
            return Reject(row.Reject("account_id", idProblem));
        if (!TryPaidAt(row.Text("paid_at"), out var paidAt, out var paidAtProblem))
            return Reject(row.Reject("paid_at", paidAtProblem!));
        var currency = Currency.Usd;
        var currencyText = row.Text("currency");
        if (currencyText.Length > 0)
        {
            try
            {
                currency = Currency.FromCode(currencyText.ToUpperInvariant());
            }
            catch (ArgumentException)
            {
                return Reject(row.Reject("currency", "is not a supported currency code"));
            }
        }
        if (!decimal.TryParse(row.Text("amount"), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return Reject(row.Reject("amount", "is not a decimal number"));
        if (amount <= 0)
            return Reject(row.Reject("amount", "must be positive (record reversals and refunds as adjustments)"));
        if (amount > MaxAmount)
            return Reject(row.Reject("amount", $"is above {MaxAmount.ToString("N0", CultureInfo.InvariantCulture)}"));
        if (amount * currency.MinorUnitsPerMajor != decimal.Truncate(amount * currency.MinorUnitsPerMajor))
            return Reject(row.Reject("amount", $"has more decimals than {currency.Code} has minor units"));
        if (!row.TryRequired("method", out var method, out var rejected) || !row.TryRequired("reference", out var reference, out rejected))
            return Reject(rejected!);
        if (method.Length > MaxMethodLength)
            return Reject(row.Reject("method", $"is longer than {MaxMethodLength} characters"));
        if (reference.Length > MaxReferenceLength)
            return Reject(row.Reject("reference", $"is longer than {MaxReferenceLength} characters"));
        if (Identifier.Problem(reference) is { } referenceProblem)
            return Reject(row.Reject("reference", referenceProblem));
        return new RowResult<PaymentRow>(row.Line,
            new PaymentRow(row.Line, new AccountId(id), paidAt, new Money.Money(amount, currency), method, reference), null);
    }

    private static bool TryPaidAt(string text, out DateTimeOffset value, out string? problem)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problem = RecordDates.Problem(date);
            value = problem is null ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : default;
            return problem is null;
        }
        return Iso8601.TryParseInstant(Encoding.UTF8.GetBytes(text), out value, out problem);
    }
}
