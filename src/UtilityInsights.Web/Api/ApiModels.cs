using System.Text.Json;

namespace UtilityInsights.Web.Api;

// The API's JSON shapes (snake_case on the wire). Money is a decimal amount with its ISO 4217 currency,
// dates are YYYY-MM-DD, instants ISO 8601 with an offset.

/// <summary>One bill in a cycle's listing.</summary>
public sealed record ApiBillSummary(string BillId, string AccountId, int Revision, string Status, string? HoldReason, DateOnly PeriodStart, DateOnly PeriodEnd,
    decimal Total, string Currency, decimal Usage, string UsageUnit, DateOnly? DueDate, DateTimeOffset? IssuedAt);

/// <summary>A page of a cycle's bills; <c>next_after</c> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record ApiBillPage(string Cycle, IReadOnlyList<ApiBillSummary> Bills, string? NextAfter);

/// <summary>One printed line of a bill.</summary>
public sealed record ApiBillLine(int LineNo, string? Segment, string Category, string Description, decimal? Quantity, string? Unit, decimal? Rate, decimal Amount,
    string? Explanation);

/// <summary>Where a bill's rendered statement is.</summary>
public sealed record ApiStatementLinks(string Html, string Pdf);

/// <summary>
/// One bill: its figures, its lines (their amounts add up to the total) and its statement document —
/// the bill of record's JSON exactly as stored (format version, template version, the statement's
/// model); null for a bill stored before documents were kept.
/// </summary>
public sealed record ApiBill(string BillId, string AccountId, string Cycle, int Revision, string Status, string? HoldReason, DateOnly PeriodStart,
    DateOnly PeriodEnd, decimal Usage, string UsageUnit, decimal Total, string Currency, string? TariffId, int? TariffVersion, DateOnly? DueDate,
    DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, IReadOnlyList<ApiBillLine> Lines, JsonElement? StatementDocument, ApiStatementLinks Statement);

/// <summary>A payment as the ledger recorded it.</summary>
public sealed record ApiPaymentSeen(DateTimeOffset PaidAt, decimal Amount, string Reference);

/// <summary>An account's balance on a day: owed (negative: in credit), the part past due, the newest bill's due date, the last payment.</summary>
public sealed record ApiBalance(string AccountId, DateOnly AsOf, decimal Balance, string Currency, decimal? PastDue, DateOnly? DueDate, ApiPaymentSeen? LastPayment,
    bool AutoPay);

/// <summary>One ledger entry (positive: the customer owes more) and the balance after it.</summary>
public sealed record ApiLedgerEntry(DateTimeOffset PostedAt, string Kind, decimal Amount, string Currency, string Reference, string? BillId, string Description,
    decimal BalanceAfter);

public sealed record ApiLedger(string AccountId, IReadOnlyList<ApiLedgerEntry> Entries, decimal Balance);

/// <summary>One bill-run process over the cycle (or one partition of it).</summary>
public sealed record ApiRun(string RunId, int PartitionIndex, int PartitionCount, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int AccountsDue,
    int Billed, int Held);

/// <summary>Where a cycle stands, as <c>billrun status</c> tells it.</summary>
public sealed record ApiBillRun(string Cycle, int AccountsDue, int NotYetBilled, int Billed, int Held, int Issued, decimal TotalAmount, string Currency,
    IReadOnlyDictionary<string, int> HeldByReason, IReadOnlyList<ApiRun> Runs);

public sealed record ApiTariffVersion(int Version, DateOnly EffectiveFrom, DateOnly? EffectiveTo, DateTimeOffset ImportedAt);

public sealed record ApiTariff(string TariffId, string Name, string Utility, string Commodity, string Source, IReadOnlyList<ApiTariffVersion> Versions);

/// <summary>
/// One payment to post: <c>paid_at</c> an ISO 8601 instant with offset or a date, <c>amount</c> positive
/// with at most the currency's minor digits, <c>reference</c> unique per payment (a retry with the same
/// reference, account and amount is recognised and changes nothing), <c>currency</c> ISO 4217 (default USD).
/// </summary>
public sealed record ApiPayment(string AccountId, string PaidAt, decimal Amount, string Method, string Reference, string? Currency);

/// <summary>
/// What posting payments did: payments newly posted, payments already recorded (a retry), and those
/// refused — each by its index in the array, field, value and reason.
/// </summary>
public sealed record ApiPaymentsResult(int Posted, int AlreadyRecorded, int Rejected, IReadOnlyList<ApiRejection> Rejections);

public sealed record ApiMeterReads(string MeterId, long Reads, decimal Total, string Unit, DateTimeOffset FirstStart, DateTimeOffset LastEnd);

/// <summary>
/// What posting reads did, as <c>ingest --json</c> tells it: reads newly stored, duplicates (already
/// stored: a retry), gap slots estimated, reads replaced by a newer version, estimates replaced by actual reads, rows refused
/// (the first 1,000 listed with line, field, value and reason), validation flags by rule, each meter's reads.
/// </summary>
public sealed record ApiReadsResult(long Accepted, long Duplicates, long Estimated, long Conflicts, long ReplacedEstimates, long Rejected, IReadOnlyDictionary<string, long> Flags,
    IReadOnlyList<ApiMeterReads> Meters, IReadOnlyList<ApiRejection> Rejections)
{
    /// <summary>When stored reads changed: the cycles with a bill over a day they changed on, to check with <c>billrun reconcile</c>.</summary>
    public IReadOnlyList<string> ReconcileCycles { get; init; } = [];
}
