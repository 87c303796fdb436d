using UtilityInsights.Money;

namespace UtilityInsights.Billing;

/// <summary>A statement's opening figures: the balance brought forward, the payments and the late payment charges since the last bill went out (payments negative).</summary>
public sealed record StatementBalance(decimal PreviousBalance, decimal Payments, decimal LateFees);

/// <summary>
/// An account's ledger read as what the customer owes: the one place that says what a statement
/// shows as previous balance and payments, and what a reminder says is overdue. Amounts are signed
/// from the utility's side (positive = the customer owes).
/// </summary>
public sealed class AccountBalance(IReadOnlyList<LedgerEntry> entries)
{
    private readonly IReadOnlyList<LedgerEntry> entries = entries ?? throw new ArgumentNullException(nameof(entries));

    /// <summary>The sum of every entry.</summary>
    public Money.Money Total(Currency currency) => entries.Select(e => e.Amount).Sum(currency);

    /// <summary>
    /// The statement of <paramref name="cycle"/>'s previous balance and payments: payments (and late
    /// payment charges) are those posted since the last cycle's bill was issued (all of them when
    /// there is none), and the previous balance is everything else on the ledger except this cycle's
    /// own charges and their reversals — so previous balance + payments + late fees + new charges is
    /// what the customer owes once this bill is issued, whether the statement is drawn before or after that.
    /// </summary>
    public StatementBalance ForStatement(string cycle, DateTimeOffset? lastIssued)
    {
        var thisCycle = BillIds.CyclePrefix(cycle);
        var counted = entries.Where(e => !(e.Kind is LedgerEntryKind.Charge or LedgerEntryKind.Adjustment
            && e.Reference.StartsWith(thisCycle, StringComparison.Ordinal))).ToList();
        decimal Since(LedgerEntryKind kind) =>
            counted.Where(e => e.Kind == kind && (lastIssued is null || e.PostedAt >= lastIssued)).Sum(e => e.Amount.Amount);
        var payments = Since(LedgerEntryKind.Payment);
        var lateFees = Since(LedgerEntryKind.LateFee);
        return new StatementBalance(counted.Sum(e => e.Amount.Amount) - payments - lateFees, payments, lateFees);
    }

    /// <summary>The late payment charge already made on a bill, or null.</summary>
    public LedgerEntry? LateFeeOn(string billId) =>
        entries.FirstOrDefault(e => e.Kind == LedgerEntryKind.LateFee && e.Reference == LateFeeReference(billId));

    /// <summary>
    /// What a reminder about bill <paramref name="billId"/> (of <paramref name="cycle"/>) says is owed
    /// just before <paramref name="endOfDay"/>: the balance in the bill's currency, less the charges of
    /// later cycles' bills (not yet due) and less this bill's own late payment charge, which is never
    /// part of what it is worked out from.
    /// </summary>
    public decimal OverdueOn(string billId, string cycle, Currency currency, DateTimeOffset endOfDay)
    {
        var fee = LateFeeOn(billId);
        return entries
            .Where(e => e.PostedAt < endOfDay && e.Amount.Currency == currency && e != fee)
            .Where(e => !(e.Kind == LedgerEntryKind.Charge && e.BillId is { } bill && string.CompareOrdinal(BillIds.CycleOf(bill), cycle) > 0))
            .Sum(e => e.Amount.Amount);
    }

    /// <summary>The ledger reference of a bill's late payment charge (one per bill, so a second run charges nothing twice).</summary>
    public static string LateFeeReference(string billId) => $"{billId}-late-fee";
}
