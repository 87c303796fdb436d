using UtilityInsights.Money;

namespace UtilityInsights.Billing;

/// <summary>
/// A statement's opening figures: the balance brought forward, the payments and the late payment
/// charges since the last bill went out (payments negative). Their sum, when positive, is what is
/// past due when the statement is drawn.
/// </summary>
public sealed record StatementBalance(decimal PreviousBalance, decimal Payments, decimal LateFees)
{
    /// <summary>What was owed before this statement's new charges (positive: the customer owes; negative: a credit).</summary>
    public decimal Owed => PreviousBalance + Payments + LateFees;
}

/// <summary>
/// Part of what is still owed from before a statement: an earlier bill's charge (net of any rebill
/// reversal) or a late payment charge on a bill (<see cref="LedgerEntryKind.LateFee"/>); a balance
/// the ledger cannot tie to a bill has no <see cref="BillId"/>.
/// </summary>
public sealed record UnpaidItem(string? BillId, LedgerEntryKind Kind, decimal Amount);

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

    /// <summary>The entries in ledger order (posted time, then reference), each with the balance after it: an account's activity.</summary>
    public IEnumerable<(LedgerEntry Entry, decimal BalanceAfter)> Running()
    {
        var balance = 0m;
        foreach (var entry in entries.OrderBy(e => e.PostedAt).ThenBy(e => e.Reference, StringComparer.Ordinal))
        {
            balance += entry.Amount.Amount;
            yield return (entry, balance);
        }
    }

    /// <summary>
    /// The statement of <paramref name="cycle"/>'s previous balance and payments: payments (and late
    /// payment charges) are those posted from the last bill's issue (all of them when there is none) to
    /// this statement's date, <paramref name="statementDate"/> — later ones are the next statement's, so
    /// that a statement composed days after its date (a route's bill in a run after the month) lists
    /// nothing it could not have known then, and none twice — and the previous balance is everything else
    /// on the ledger except this cycle's own charges and their reversals; previous balance + payments +
    /// late fees + new charges is what the customer owed on the statement date once this bill is added.
    /// </summary>
    public StatementBalance ForStatement(string cycle, DateTimeOffset? lastIssued, DateTimeOffset statementDate)
    {
        var counted = BeforeStatement(cycle, statementDate);
        decimal Since(LedgerEntryKind kind) =>
            counted.Where(e => e.Kind == kind && (lastIssued is null || e.PostedAt >= lastIssued)).Sum(e => e.Amount.Amount);
        var payments = Since(LedgerEntryKind.Payment);
        var lateFees = Since(LedgerEntryKind.LateFee);
        return new StatementBalance(counted.Sum(e => e.Amount.Amount) - payments - lateFees, payments, lateFees);
    }

    /// <summary>
    /// What is still unpaid from before the statement of <paramref name="cycle"/> dated <paramref name="statementDate"/>, oldest
    /// first, adding up to <see cref="StatementBalance.Owed"/> (empty when nothing is owed). Payments settle
    /// the oldest charges first, so what is left unpaid is the newest: the walk takes bills and late
    /// payment charges from the newest back until the amount owed is covered.
    /// </summary>
    public IReadOnlyList<UnpaidItem> UnpaidBefore(string cycle, DateTimeOffset statementDate) => Unpaid(BeforeStatement(cycle, statementDate));

    /// <summary>
    /// What a reminder about bill <paramref name="billId"/> lists as unpaid just before
    /// <paramref name="endOfDay"/>, oldest first: the items of <see cref="OverdueOn"/> (so they add up to it),
    /// without that bill's own late payment charge, which the reminder shows on its own.
    /// </summary>
    public IReadOnlyList<UnpaidItem> UnpaidOn(string billId, string cycle, Currency currency, DateTimeOffset endOfDay) =>
        Unpaid(OverdueEntries(billId, cycle, currency, endOfDay).ToList());

    /// <summary>Everything owed now: the sum of the ledger (negative when the account is in credit).</summary>
    public decimal Owed => entries.Sum(e => e.Amount.Amount);

    /// <summary>
    /// What of <see cref="Owed"/> is past due, given the charges of the issued bills whose due date has not
    /// come yet (<paramref name="notYetDue"/>): the rest of the balance, never more than it; null when nothing is.
    /// </summary>
    public decimal? PastDue(decimal notYetDue) => Owed - notYetDue is > 0 and var past && Owed > 0 ? Math.Min(past, Owed) : null;

    /// <summary>Payments posted in <c>[from, endOfDay)</c>, oldest first: what a reminder thanks the customer for.</summary>
    public IReadOnlyList<LedgerEntry> PaymentsBetween(DateTimeOffset from, DateTimeOffset endOfDay) =>
        entries.Where(e => e.Kind == LedgerEntryKind.Payment && e.PostedAt >= from && e.PostedAt < endOfDay).OrderBy(e => e.PostedAt).ToList();

    /// <summary>The unpaid items of <paramref name="counted"/>: the newest charges back until its sum is covered.</summary>
    private static List<UnpaidItem> Unpaid(List<LedgerEntry> counted)
    {
        var remaining = counted.Sum(e => e.Amount.Amount);
        if (remaining <= 0)
            return [];
        var owedItems = counted.Where(e => e.Kind is LedgerEntryKind.Charge or LedgerEntryKind.Adjustment or LedgerEntryKind.LateFee)
            .GroupBy(e => (Fee: e.Kind == LedgerEntryKind.LateFee, Bill: e.BillId ?? e.Reference))
            .Select(g => (g.Key.Fee, BillId: g.First().BillId, Amount: g.Sum(e => e.Amount.Amount), Last: g.Max(e => e.PostedAt)))
            .Where(x => x.Amount > 0)
            .OrderByDescending(x => x.Last).ThenByDescending(x => x.Fee);
        var unpaid = new List<UnpaidItem>();
        foreach (var (fee, billId, amount, _) in owedItems)
        {
            var part = Math.Min(amount, remaining);
            unpaid.Add(new UnpaidItem(billId, fee ? LedgerEntryKind.LateFee : LedgerEntryKind.Charge, part));
            remaining -= part;
            if (remaining == 0)
                break;
        }
        if (remaining > 0)
            unpaid.Add(new UnpaidItem(null, LedgerEntryKind.Adjustment, remaining));
        unpaid.Reverse();
        return unpaid;
    }

    /// <summary>
    /// The ledger as a statement of <paramref name="cycle"/> dated <paramref name="statementDate"/> starts from: everything but the
    /// cycle's own charges and their reversals, and but the customer's payments and late payment charges posted on or after that date
    /// (the next statement's), and but later cycles' bills and their reversals (a statement of an earlier month drawn again — a
    /// rebill, a preview — after later bills went out). Charges and corrections of earlier cycles count whenever posted: a bill issued
    /// or corrected after this statement was drawn is still counted by the next one (a rebill's reversal is dated as the charge it
    /// reverses, its statement date).
    /// </summary>
    private List<LedgerEntry> BeforeStatement(string cycle, DateTimeOffset statementDate) =>
        entries.Where(e => !(e.Kind is LedgerEntryKind.Charge or LedgerEntryKind.Adjustment && string.CompareOrdinal(BillIds.CycleOf(e.Reference), cycle) >= 0)
            && !(e.Kind is LedgerEntryKind.Payment or LedgerEntryKind.LateFee && e.PostedAt >= statementDate)).ToList();

    /// <summary>When bill <paramref name="billId"/>'s charge was posted — its issue, on its statement date — or null when it was not.</summary>
    public DateTimeOffset? IssuedOn(string billId) =>
        entries.FirstOrDefault(e => e.Kind == LedgerEntryKind.Charge && e.Reference == billId)?.PostedAt;

    /// <summary>The late payment charge already made on a bill, or null.</summary>
    public LedgerEntry? LateFeeOn(string billId) =>
        entries.FirstOrDefault(e => e.Kind == LedgerEntryKind.LateFee && e.Reference == LateFeeReference(billId));

    /// <summary>
    /// What a reminder about bill <paramref name="billId"/> (of <paramref name="cycle"/>) says is owed
    /// just before <paramref name="endOfDay"/>: the balance in the bill's currency, less the charges of
    /// later cycles' bills (not yet due) and less this bill's own late payment charge, which is never
    /// part of what it is worked out from.
    /// </summary>
    public decimal OverdueOn(string billId, string cycle, Currency currency, DateTimeOffset endOfDay) =>
        OverdueEntries(billId, cycle, currency, endOfDay).Sum(e => e.Amount.Amount);

    private IEnumerable<LedgerEntry> OverdueEntries(string billId, string cycle, Currency currency, DateTimeOffset endOfDay)
    {
        var fee = LateFeeOn(billId);
        return entries
            .Where(e => e.PostedAt < endOfDay && e.Amount.Currency == currency && e != fee)
            .Where(e => !(e.Kind == LedgerEntryKind.Charge && e.BillId is { } bill && string.CompareOrdinal(BillIds.CycleOf(bill), cycle) > 0));
    }

    /// <summary>The ledger reference of a bill's late payment charge (one per bill, so a second run charges nothing twice).</summary>
    public static string LateFeeReference(string billId) => $"{billId}-late-fee";
}
