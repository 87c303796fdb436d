using Dapper;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;

namespace UtilityInsights.Storage.Stores;

/// <summary>A reminder sent for an overdue balance: at most one per bill and stage, ever.</summary>
public sealed record Notice(string BillId, NoticeStage Stage, AccountId AccountId, DateOnly AsOf, Money.Money Amount, DateTimeOffset CreatedAt);

/// <summary>An account's newest issued bill whose due date has passed: the bill an overdue balance is reminded of.</summary>
public sealed record OverdueCandidate(string BillId, AccountId AccountId, string Cycle, DateOnly DueDate, Currency Currency);

/// <summary>Overdue notices and the bills they are about.</summary>
public sealed class NoticeStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Records a notice unless one exists for the same bill and stage; returns whether it was recorded.</summary>
    public Task<bool> RecordAsync(Notice notice, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(notice);
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notices (bill_id, stage, account_id, as_of, currency, amount, created_at)
                SELECT @BillId, @Stage, @AccountId, @AsOf, @Currency, @Amount, @CreatedAt
                WHERE NOT EXISTS (SELECT 1 FROM notices WHERE bill_id = @BillId AND stage = @Stage)
                """,
                new
                {
                    notice.BillId,
                    Stage = notice.Stage.ToString(),
                    AccountId = notice.AccountId.Value,
                    AsOf = Dialect.DateValue(notice.AsOf),
                    Currency = notice.Amount.Currency.Code,
                    Amount = Dialect.MoneyValue(notice.Amount),
                    CreatedAt = Dialect.TimestampValue(notice.CreatedAt),
                }, transaction, cancellationToken: cancellationToken));
            return inserted > 0;
        }, cancellationToken);

    /// <summary>The stages already sent for a bill, with the date each was sent as of.</summary>
    public Task<IReadOnlyDictionary<NoticeStage, DateOnly>> SentAsync(string billId, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Stage, object AsOf)>(new CommandDefinition(
                "SELECT stage, as_of FROM notices WHERE bill_id = @BillId", new { BillId = billId }, cancellationToken: cancellationToken));
            return (IReadOnlyDictionary<NoticeStage, DateOnly>)rows.ToDictionary(r => Enum.Parse<NoticeStage>(r.Stage), r => SqlDialect.ReadDate(r.AsOf));
        }, cancellationToken);

    /// <summary>Every notice sent for an account, oldest first.</summary>
    public Task<IReadOnlyList<Notice>> ForAccountAsync(AccountId account, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, string Stage, string AccountId, object AsOf, string Currency, object Amount, object CreatedAt)>(
                new CommandDefinition(
                    "SELECT bill_id, stage, account_id, as_of, currency, amount, created_at FROM notices WHERE account_id = @Account ORDER BY as_of, stage",
                    new { Account = account.Value }, cancellationToken: cancellationToken));
            return (IReadOnlyList<Notice>)rows.Select(r => new Notice(r.BillId, Enum.Parse<NoticeStage>(r.Stage), Domain.AccountId.Stored(r.AccountId), SqlDialect.ReadDate(r.AsOf),
                Dialect.ReadMoney(r.Amount, Currency.FromCode(r.Currency)), SqlDialect.ReadTimestamp(r.CreatedAt))).ToList();
        }, cancellationToken);

    /// <summary>
    /// For each account, its newest issued bill due before <paramref name="asOf"/> (account order):
    /// the only bills an overdue balance can be reminded of.
    /// </summary>
    public Task<IReadOnlyList<OverdueCandidate>> CandidatesAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        CandidatesAsync(asOf, AccountRange.All, cancellationToken);

    /// <summary>As <see cref="CandidatesAsync(DateOnly, CancellationToken)"/>, for the accounts in <paramref name="range"/> only.</summary>
    public Task<IReadOnlyList<OverdueCandidate>> CandidatesAsync(DateOnly asOf, AccountRange range, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, string AccountId, string Cycle, object DueDate, string Currency)>(new CommandDefinition(
                $"""
                SELECT b.bill_id, b.account_id, b.cycle, b.due_date, b.currency FROM bills AS b
                WHERE b.status = 'Issued' AND b.due_date < @AsOf AND {AccountRange.Sql("b.account_id")}
                  AND NOT EXISTS (SELECT 1 FROM bills AS n
                                  WHERE n.account_id = b.account_id AND n.status = 'Issued' AND n.due_date < @AsOf
                                    AND (n.cycle > b.cycle OR (n.cycle = b.cycle AND n.revision > b.revision)))
                ORDER BY b.account_id
                """, new { AsOf = Dialect.DateValue(asOf), RangeFrom = range.From, RangeTo = range.ToExclusive }, cancellationToken: cancellationToken));
            return (IReadOnlyList<OverdueCandidate>)rows.Select(r => new OverdueCandidate(r.BillId, Domain.AccountId.Stored(r.AccountId), r.Cycle,
                SqlDialect.ReadDate(r.DueDate), Currency.FromCode(r.Currency))).ToList();
        }, cancellationToken);
}
