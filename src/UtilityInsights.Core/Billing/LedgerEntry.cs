using UtilityInsights.Domain;

namespace UtilityInsights.Billing;

/// <summary>What a ledger entry records. Charges and late fees raise the balance; payments lower it; adjustments either.</summary>
public enum LedgerEntryKind
{
    Charge,
    Payment,
    Adjustment,
    LateFee,
}

/// <summary>
/// One posting to an account's ledger. Amounts are signed from the utility's side: a charge is
/// positive, a payment negative. <see cref="Reference"/> is unique per kind (the bill id for a
/// charge, the payment reference for a payment), which makes every posting idempotent.
/// </summary>
public sealed record LedgerEntry(AccountId AccountId, DateTimeOffset PostedAt, LedgerEntryKind Kind, Money.Money Amount, string Reference,
    string? BillId, string Description)
{
    public long EntryId { get; init; }
}
