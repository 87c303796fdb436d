using System.Globalization;
using UtilityInsights.Billing;
using UtilityInsights.Money;

namespace UtilityInsights.Statements;

/// <summary>What a statement or a reminder says about the balance, in English or Spanish: each unpaid bill and charge, each payment received.</summary>
public static class BalanceWords
{
    /// <summary>One unpaid part of a balance: "December 2025 bill ($62.10)", "late payment charge on the December 2025 bill ($3.44)".</summary>
    public static string Unpaid(UnpaidItem item, string language, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(item);
        var es = language == "es";
        var what = (item.Kind, BillMonth(item.BillId, language, culture), es) switch
        {
            (LedgerEntryKind.LateFee, { } m, true) => $"cargo por pago atrasado de la factura de {m}",
            (LedgerEntryKind.LateFee, { } m, false) => $"late payment charge on the {m} bill",
            (LedgerEntryKind.Charge, { } m, true) => $"factura de {m}",
            (LedgerEntryKind.Charge, { } m, false) => $"{m} bill",
            (_, _, true) => "saldo anterior",
            _ => "earlier balance",
        };
        return $"{what} ({MoneyText.Format(item.Amount, culture)})";
    }

    /// <summary>The month of a bill, by its id, in words ("December 2025", "diciembre de 2025"); null for no bill or an id without a cycle.</summary>
    public static string? BillMonth(string? billId, string language, CultureInfo culture) =>
        billId is not null && BillingCycle.TryParse(BillIds.CycleOf(billId), out var cycle, out _)
            ? DateWords.Month(cycle.Period.Start, language, culture)
            : null;

    /// <summary>A payment received, with its date: "$40.00 on January 10, 2026" (the amount as the customer paid it, positive).</summary>
    public static string Payment(LedgerEntry payment, string language, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var day = DateOnly.FromDateTime(payment.PostedAt.UtcDateTime);
        return language == "es"
            ? $"{MoneyText.Format(-payment.Amount.Amount, culture)} el {DateWords.InFull(day, language, culture)}"
            : $"{MoneyText.Format(-payment.Amount.Amount, culture)} on {DateWords.InFull(day, language, culture)}";
    }
}
