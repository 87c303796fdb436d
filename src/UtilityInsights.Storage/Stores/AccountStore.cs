using Dapper;
using UtilityInsights.Domain;

namespace UtilityInsights.Storage.Stores;

/// <summary>Customer accounts. Re-importing an account updates it in place.</summary>
public sealed class AccountStore(UtilityDatabase database) : Store(database)
{
    private const string Columns = "account_id, name, service_address, mailing_address, email, phone, language, channel, cycle, autopay, start_date, end_date";

    public Task<UpsertCounts> UpsertAsync(IReadOnlyCollection<Account> accounts, TimeProvider clock, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var counts = new UpsertCounts();
            var now = Dialect.TimestampValue(clock.GetUtcNow());
            foreach (var account in accounts)
            {
                var row = ToParameters(account, now, Dialect);
                counts += await Upsert.RunAsync(connection, transaction,
                    $"""
                    UPDATE accounts{Dialect.UpdateLockHint}
                    SET name = @Name, service_address = @ServiceAddress, mailing_address = @MailingAddress, email = @Email,
                        phone = @Phone, language = @Language, channel = @Channel, cycle = @Cycle, autopay = @AutoPay,
                        start_date = @StartDate, end_date = @EndDate, updated_at = @UpdatedAt
                    WHERE account_id = @AccountId
                    """,
                    $"""
                    INSERT INTO accounts ({Columns}, updated_at)
                    VALUES (@AccountId, @Name, @ServiceAddress, @MailingAddress, @Email, @Phone, @Language, @Channel, @Cycle, @AutoPay, @StartDate, @EndDate, @UpdatedAt)
                    """,
                    row, cancellationToken);
            }
            return counts;
        }, cancellationToken);

    public async Task<Account?> GetAsync(AccountId id, CancellationToken cancellationToken) =>
        (await GetManyAsync([id.Value], cancellationToken)).GetValueOrDefault(id.Value);

    /// <summary>The accounts among <paramref name="ids"/> that exist, by id (at most <see cref="Store.MaxIds"/> ids a call).</summary>
    public Task<Dictionary<string, Account>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE {Dialect.AnyOf("account_id", "Ids")}", new { Ids = CheckIds(ids) }, cancellationToken: cancellationToken));
            return rows.Select(r => r.ToDomain()).ToDictionary(a => a.Id.Value, StringComparer.Ordinal);
        }, cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM accounts", cancellationToken: cancellationToken)), cancellationToken);

    private const string WithPremises = "FROM accounts AS a WHERE EXISTS (SELECT 1 FROM premises AS p WHERE p.account_id = a.account_id)";

    /// <summary>How many accounts have at least one premise: the accounts a bill run bills.</summary>
    public Task<int> CountWithPremisesAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) {WithPremises}",
            cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The ids of the accounts with at least one premise, in ordinal order: the accounts a bill run bills.</summary>
    public Task<IReadOnlyList<string>> IdsWithPremisesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition($"SELECT a.account_id {WithPremises}",
            cancellationToken: cancellationToken))).Order(StringComparer.Ordinal).ToList(), cancellationToken);

    /// <summary>
    /// The first account id of each chunk of <paramref name="size"/> accounts with premises, in the database's id order:
    /// the boundaries of a distributed bill run, worked out in SQL (no process loads every id).
    /// </summary>
    public Task<IReadOnlyList<string>> ChunkStartsAsync(int size, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT account_id FROM (SELECT a.account_id, ROW_NUMBER() OVER (ORDER BY a.account_id) AS n {WithPremises}) AS numbered
            WHERE (n - 1) % @Size = 0 ORDER BY account_id
            """, new { Size = size }, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>The ids of the accounts with premises in <paramref name="range"/>, in id order.</summary>
    public Task<IReadOnlyList<string>> IdsWithPremisesInAsync(AccountRange range, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT a.account_id {WithPremises} AND {AccountRange.Sql("a.account_id")} ORDER BY a.account_id",
            new { RangeFrom = range.From, RangeTo = range.ToExclusive }, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>The ids of every account (for checking references during an import).</summary>
    public Task<HashSet<string>> ExistingIdsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
            (await connection.QueryAsync<string>(new CommandDefinition("SELECT account_id FROM accounts", cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal), cancellationToken);

    private static object ToParameters(Account account, object now, SqlDialect dialect) => new
    {
        AccountId = account.Id.Value,
        account.Name,
        account.ServiceAddress,
        account.MailingAddress,
        account.Email,
        account.Phone,
        Language = account.Language.ToText(),
        Channel = account.Channel.ToText(),
        account.Cycle,
        account.AutoPay,
        StartDate = dialect.DateValue(account.StartDate),
        EndDate = dialect.DateValue(account.EndDate),
        UpdatedAt = now,
    };

    private sealed class AccountRow
    {
        public string AccountId { get; set; } = "";
        public string Name { get; set; } = "";
        public string ServiceAddress { get; set; } = "";
        public string MailingAddress { get; set; } = "";
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string Language { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Cycle { get; set; } = "";

        public bool AutoPay { get; set; }

        public object? StartDate { get; set; }

        public object? EndDate { get; set; }

        public Account ToDomain()
        {
            if (!Vocabulary.TryParseLanguage(Language, out var language) || !Vocabulary.TryParseChannel(Channel, out var channel))
                throw new InvalidDataException($"Account {AccountId}: stored language '{Language}' or channel '{Channel}' is not in the vocabulary.");
            return new Account(Domain.AccountId.Stored(AccountId), Name, ServiceAddress, MailingAddress, Email, Phone, language, channel, Cycle)
            {
                AutoPay = AutoPay,
                StartDate = SqlDialect.ReadDateOrNull(StartDate),
                EndDate = SqlDialect.ReadDateOrNull(EndDate),
            };
        }
    }
}
