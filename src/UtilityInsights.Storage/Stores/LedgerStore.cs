using Dapper;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;

namespace UtilityInsights.Storage.Stores;

/// <summary>What became of one entry given to <see cref="LedgerStore.PostAllAsync"/>.</summary>
public enum PostOutcome
{
    /// <summary>Newly posted.</summary>
    Posted,

    /// <summary>The same kind and reference was already posted for the same account and amount: nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The kind and reference were already posted for a different account or amount: refused, nothing changed.</summary>
    Conflict,
}

/// <summary>The account ledger.</summary>
public sealed class LedgerStore(UtilityDatabase database) : Store(database)
{
    /// <summary>Posts an entry unless one of the same kind and reference exists; returns whether it was posted.</summary>
    public async Task<bool> PostAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        (await PostAllAsync([entry], cancellationToken))[0] == PostOutcome.Posted;

    /// <summary>
    /// Posts a batch in one transaction. An entry whose kind and reference exist already is not
    /// posted again: <see cref="PostOutcome.AlreadyRecorded"/> when it is the same account and
    /// amount (a re-imported file), <see cref="PostOutcome.Conflict"/> when it is not.
    /// </summary>
    public Task<IReadOnlyList<PostOutcome>> PostAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(entries);
            var outcomes = new List<PostOutcome>(entries.Count);
            foreach (var entry in entries)
            {
                var existing = await connection.QuerySingleOrDefaultAsync<ExistingRow>(new CommandDefinition(
                    $"SELECT account_id, currency, amount FROM ledger_entries{Dialect.UpdateLockHint} WHERE kind = @Kind AND reference = @Reference",
                    new { Kind = entry.Kind.ToString(), entry.Reference }, transaction, cancellationToken: cancellationToken));
                if (existing is not null)
                {
                    var same = existing.AccountId == entry.AccountId.Value && existing.Currency == entry.Amount.Currency.Code
                        && Dialect.ReadMoney(existing.Amount, entry.Amount.Currency) == entry.Amount;
                    outcomes.Add(same ? PostOutcome.AlreadyRecorded : PostOutcome.Conflict);
                    continue;
                }
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO ledger_entries (account_id, posted_at, kind, currency, amount, reference, bill_id, description)
                    VALUES (@AccountId, @PostedAt, @Kind, @Currency, @Amount, @Reference, @BillId, @Description)
                    """,
                    new
                    {
                        AccountId = entry.AccountId.Value,
                        PostedAt = Dialect.TimestampValue(entry.PostedAt),
                        Kind = entry.Kind.ToString(),
                        Currency = entry.Amount.Currency.Code,
                        Amount = Dialect.MoneyValue(entry.Amount),
                        entry.Reference,
                        entry.BillId,
                        entry.Description,
                    }, transaction, cancellationToken: cancellationToken));
                outcomes.Add(PostOutcome.Posted);
            }
            return (IReadOnlyList<PostOutcome>)outcomes;
        }, cancellationToken);

    /// <summary>An account's entries in posting order.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(AccountId account, CancellationToken cancellationToken) =>
        (await EntriesAsync([account.Value], cancellationToken)).GetValueOrDefault(account.Value) ?? [];

    /// <summary>The entries of each of the accounts that has any, in posting order (at most <see cref="Store.MaxIds"/> accounts a call).</summary>
    public Task<Dictionary<string, List<LedgerEntry>>> EntriesAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
                $"""
                SELECT entry_id, account_id, posted_at, kind, currency, amount, reference, bill_id, description
                FROM ledger_entries WHERE {Dialect.AnyOf("account_id", "Accounts")} ORDER BY entry_id
                """, new { Accounts = CheckIds(accounts) }, cancellationToken: cancellationToken));
            return ByKey(rows.Select(r => r.ToDomain(Dialect)), e => e.AccountId.Value);
        }, cancellationToken);

    /// <summary>The account's balance: the sum of its entries (positive = the customer owes).</summary>
    public async Task<Money.Money> BalanceAsync(AccountId account, Currency currency, CancellationToken cancellationToken) =>
        new AccountBalance(await EntriesAsync(account, cancellationToken)).Total(currency);

    private sealed class ExistingRow
    {
        public string AccountId { get; set; } = "";
        public string Currency { get; set; } = "";
        public object Amount { get; set; } = 0L;
    }

    private sealed class EntryRow
    {
        public long EntryId { get; set; }
        public string AccountId { get; set; } = "";
        public object PostedAt { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Currency { get; set; } = "";
        public object Amount { get; set; } = 0L;
        public string Reference { get; set; } = "";
        public string? BillId { get; set; }
        public string Description { get; set; } = "";

        public LedgerEntry ToDomain(SqlDialect dialect) => new(
            Domain.AccountId.Stored(AccountId), SqlDialect.ReadTimestamp(PostedAt), Enum.Parse<LedgerEntryKind>(Kind),
            dialect.ReadMoney(Amount, Money.Currency.FromCode(Currency)), Reference, BillId, Description)
        { EntryId = EntryId };
    }
}
