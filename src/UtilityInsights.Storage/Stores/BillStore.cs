using Dapper;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Stores;

/// <summary>A bill held for review, with its reason.</summary>
public sealed record HeldBill(string BillId, AccountId AccountId, HoldReason Reason, Money.Money Total);

/// <summary>One bill in an account's list of statements.</summary>
public sealed record BillSummary(string BillId, string Cycle, BillStatus Status, Money.Money Total, Quantity Usage, DateOnly? DueDate, DateTimeOffset? IssuedAt);

/// <summary>Which bill an account has for a cycle (its newest revision) and its status: enough to decide who may see it and to find its statement.</summary>
public sealed record BillKey(string BillId, AccountId AccountId, string Cycle, BillStatus Status);

/// <summary>One bill in a page of a cycle's bills (an integration's listing), without lines.</summary>
public sealed record CycleBill(string BillId, AccountId AccountId, int Revision, BillStatus Status, string? HoldReason, Money.Money Total, Quantity Usage,
    DateOnly? DueDate, DateTimeOffset? IssuedAt)
{
    /// <summary>The period billed: the cycle's month, or the account's route's period.</summary>
    public required ServicePeriod Period { get; init; }
}

/// <summary>One bill of a cycle as the run report sees it (newest revision).</summary>
public sealed record BillFigures(BillStatus Status, HoldReason? HoldReason, string? TariffId, decimal Usage, string UsageUnit, decimal Total, string? ComparisonState);

/// <summary>The money a cycle's bills (ready, approved or issued) raise for one tariff and charge category.</summary>
public sealed record RevenueLine(string TariffId, string Category, decimal Amount);

/// <summary>A cycle's bills by status, their totals, and the held bills counted by reason code.</summary>
public sealed record CycleSummary(IReadOnlyDictionary<BillStatus, int> Counts, IReadOnlyDictionary<BillStatus, Money.Money> Totals,
    IReadOnlyDictionary<string, int> HeldByReason);

/// <summary>Bills and their lines.</summary>
public sealed class BillStore(UtilityDatabase database) : Store(database)
{
    /// <summary>The condition that keeps only the newest revision of each account's bill for a cycle (bills aliased <c>b</c>).</summary>
    private const string NewestRevision = "b.revision = (SELECT MAX(r.revision) FROM bills AS r WHERE r.account_id = b.account_id AND r.cycle = b.cycle)";

    /// <summary>
    /// Inserts a bill and its lines in one transaction. Returns false, and writes nothing, when
    /// the account already has this revision for the cycle: a bill is never written twice.
    /// </summary>
    public async Task<bool> InsertAsync(Bill bill, CancellationToken cancellationToken) => (await InsertAllAsync([bill], cancellationToken))[0];

    /// <summary>
    /// Inserts bills in one transaction (a bill run commits them in batches); for each, whether it
    /// was new. A bill whose account already has that revision for the cycle is skipped, so a batch
    /// rolled back by a crash is simply inserted again by the next run.
    /// </summary>
    public Task<IReadOnlyList<bool>> InsertAllAsync(IReadOnlyList<Bill> bills, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(bills);
            // PostgreSQL is a server a round trip away: the batch's bills go in one batch of statements and their
            // documents and lines by COPY (PostgreSqlBillWriter).
            if (Dialect.Provider == DatabaseProvider.PostgreSql)
            {
                return await PostgreSql.PostgreSqlBillWriter.InsertAsync((Npgsql.NpgsqlConnection)connection, (Npgsql.NpgsqlTransaction)transaction, bills,
                    InsertBill, BillParameters, BillValues, (estimate, token) => Database.Reads.UpsertRegisterReadsAsync(connection, transaction, [estimate], token),
                    cancellationToken);
            }
            // Two commands for the whole batch, their parameters set for each bill and line: a bill run
            // stores half a million lines a 100,000-account cycle, and each new command is parsed again.
            await using var billInsert = Command(connection, transaction, InsertBill, BillParameters);
            await using var lineInsert = Command(connection, transaction, InsertLine, LineParameters);
            await using var documentInsert = Command(connection, transaction, InsertDocument, DocumentParameters);
            // Issued-at is null for a new bill: typed, so that SQL Server receives a datetimeoffset null, not an nvarchar one.
            billInsert.Parameters["@IssuedAt"].DbType = Dialect.TimestampDbType;
            var inserted = new List<bool>(bills.Count);
            foreach (var bill in bills)
            {
                ArgumentNullException.ThrowIfNull(bill);
                Set(billInsert, BillValues(bill));
                var isNew = await billInsert.ExecuteNonQueryAsync(cancellationToken) > 0;
                inserted.Add(isNew);
                if (!isNew)
                    continue;
                if (bill.RegisterEstimate is { } estimate)
                    await Database.Reads.UpsertRegisterReadsAsync(connection, transaction, [estimate], cancellationToken);
                if (bill.Document is { } document)
                {
                    Set(documentInsert, bill.BillId, document.FormatVersion, document.TemplateVersion, document.Content);
                    await documentInsert.ExecuteNonQueryAsync(cancellationToken);
                }
                foreach (var line in bill.Lines)
                {
                    Set(lineInsert, bill.BillId, line.LineNo, line.Segment, line.Category, line.Description, Dialect.ScaledValue(line.Quantity), line.Unit,
                        Dialect.ScaledValue(line.Rate), Dialect.MoneyValue(line.Amount), line.Explanation);
                    await lineInsert.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            return (IReadOnlyList<bool>)inserted;
        }, cancellationToken);

    /// <summary>A bill's values for <see cref="InsertBill"/>, in the order of <see cref="BillParameters"/>.</summary>
    private object?[] BillValues(Bill bill) =>
    [
        bill.BillId, bill.AccountId.Value, bill.Cycle, bill.Revision, Dialect.DateValue(bill.Period.Start), Dialect.DateValue(bill.Period.EndExclusive),
        bill.Status.ToString(), bill.HoldReason?.ToString(), bill.Currency.Code, Dialect.MoneyValue(bill.Total), Dialect.ScaledValue(bill.Usage.Value),
        bill.Usage.Unit.Symbol(), bill.TariffId, bill.TariffVersion, bill.ModelVersion, bill.TemplateVersion, bill.RunId, Dialect.DateValue(bill.DueDate),
        Dialect.TimestampValue(bill.CreatedAt), Dialect.TimestampValue(bill.IssuedAt), bill.Tips.Count == 0 ? null : string.Join(',', bill.Tips),
        bill.ComparisonState, bill.Carry is null || bill.Carry.IsEmpty ? null : System.Text.Json.JsonSerializer.Serialize(bill.Carry),
        bill.Determinants is null ? null : System.Text.Json.JsonSerializer.Serialize(bill.Determinants),
        bill.ExportCredit is { } credit ? Dialect.MoneyValue(credit) : null,
    ];

    private static readonly string[] BillParameters =
    [
        "BillId", "AccountId", "Cycle", "Revision", "PeriodStart", "PeriodEnd", "Status", "HoldReason", "Currency", "Total", "UsageQuantity", "UsageUnit",
        "TariffId", "TariffVersion", "ModelVersion", "TemplateVersion", "RunId", "DueDate", "CreatedAt", "IssuedAt", "Tips", "ComparisonState", "Carry", "Determinants",
        "ExportCredit",
    ];

    private const string InsertBill =
        """
        INSERT INTO bills (bill_id, account_id, cycle, revision, period_start, period_end, status, hold_reason, currency, total,
                           usage_quantity, usage_unit, tariff_id, tariff_version, model_version, template_version, run_id, due_date,
                           created_at, issued_at, tips, comparison_state, carry, determinants, export_credit)
        SELECT @BillId, @AccountId, @Cycle, @Revision, @PeriodStart, @PeriodEnd, @Status, @HoldReason, @Currency, @Total,
               @UsageQuantity, @UsageUnit, @TariffId, @TariffVersion, @ModelVersion, @TemplateVersion, @RunId, @DueDate,
               @CreatedAt, @IssuedAt, @Tips, @ComparisonState, @Carry, @Determinants, @ExportCredit
        WHERE NOT EXISTS (SELECT 1 FROM bills WHERE account_id = @AccountId AND cycle = @Cycle AND revision = @Revision)
        """;

    private static readonly string[] DocumentParameters = ["BillId", "FormatVersion", "TemplateVersion", "Content"];

    private const string InsertDocument =
        "INSERT INTO bill_documents (bill_id, format_version, template_version, content) VALUES (@BillId, @FormatVersion, @TemplateVersion, @Content)";

    /// <summary>The statement document stored with a bill, or null for a bill stored before documents were (schema 0011).</summary>
    public Task<BillDocument?> DocumentAsync(string billId, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<(int FormatVersion, string TemplateVersion, byte[] Content)>(new CommandDefinition(
                "SELECT format_version, template_version, content FROM bill_documents WHERE bill_id = @BillId", new { BillId = billId },
                cancellationToken: cancellationToken));
            return row.Content is null ? null : new BillDocument(row.FormatVersion, row.TemplateVersion, row.Content);
        }, cancellationToken);

    /// <summary>The statement documents of many bills (at most <see cref="Store.MaxIds"/> a call), by bill id; bills without one are left out.</summary>
    public Task<Dictionary<string, BillDocument>> DocumentsAsync(IReadOnlyCollection<string> billIds, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, int FormatVersion, string TemplateVersion, byte[] Content)>(new CommandDefinition(
                $"SELECT bill_id, format_version, template_version, content FROM bill_documents WHERE {Dialect.AnyOf("bill_id", "Ids")}", new { Ids = CheckIds(billIds) },
                cancellationToken: cancellationToken));
            return rows.ToDictionary(r => r.BillId, r => new BillDocument(r.FormatVersion, r.TemplateVersion, r.Content), StringComparer.Ordinal);
        }, cancellationToken);

    private static readonly string[] LineParameters = ["BillId", "LineNo", "Segment", "Category", "Description", "Quantity", "Unit", "Rate", "Amount", "Explanation"];

    private const string InsertLine =
        """
        INSERT INTO bill_lines (bill_id, line_no, segment, category, description, quantity, unit, rate, amount, explanation)
        VALUES (@BillId, @LineNo, @Segment, @Category, @Description, @Quantity, @Unit, @Rate, @Amount, @Explanation)
        """;

    /// <summary>A command with its named parameters, to be given values with <see cref="Set"/> and run many times in one transaction.</summary>
    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql,
        string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>The command's parameter values, in the order they were named (null is SQL NULL).</summary>
    private static void Set(System.Data.Common.DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    /// <summary>
    /// Removes the held bills among <paramref name="billIds"/> that could not be billed at all (reason code <c>cannot_bill</c> or
    /// <c>reads_missing</c>, no lines), so that a later run bills their accounts once the cause is fixed — in one transaction: a
    /// run re-checking a cycle whose routes' reads are still coming holds thousands of them, and a transaction each cost a bill
    /// run as much as billing them. Any other bill is left alone; returns the ids of those removed.
    /// </summary>
    public Task<IReadOnlySet<string>> RemoveUnbillableAsync(IReadOnlyCollection<string> billIds, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            ArgumentNullException.ThrowIfNull(billIds);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var billId in billIds)
            {
                if (await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM bills WHERE bill_id = @BillId AND status = 'Held' AND (hold_reason LIKE @CannotBill OR hold_reason LIKE @ReadsMissing)
                      AND NOT EXISTS (SELECT 1 FROM bill_lines WHERE bill_lines.bill_id = bills.bill_id)
                      AND NOT EXISTS (SELECT 1 FROM bill_documents WHERE bill_documents.bill_id = bills.bill_id)
                    """, new { BillId = billId, CannotBill = HoldReason.CannotBill + ":%", ReadsMissing = HoldReason.ReadsMissing + ":%" }, transaction,
                    cancellationToken: cancellationToken)) == 1)
                {
                    removed.Add(billId);
                }
            }
            return (IReadOnlySet<string>)removed;
        }, cancellationToken);

    /// <summary>
    /// Approves held bills of a cycle after review — one account's, or every held one when
    /// <paramref name="account"/> is null. A bill that could not be billed at all (no lines) is
    /// not approved: it needs its cause fixed and a new run. Returns how many were approved.
    /// </summary>
    public Task<int> ApproveHeldAsync(string cycle, AccountId? account, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE bills SET status = 'Approved'
            WHERE cycle = @Cycle AND status = 'Held' AND (@Account IS NULL OR account_id = @Account)
              AND EXISTS (SELECT 1 FROM bill_lines WHERE bill_lines.bill_id = bills.bill_id)
            """, new { Cycle = cycle, Account = account?.Value }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The bills of a cycle in a status (newest revisions), as (bill id, account) in account order.</summary>
    public Task<IReadOnlyList<(string BillId, AccountId Account, ServicePeriod Period)>> InStatusAsync(string cycle, BillStatus status, CancellationToken cancellationToken) =>
        InStatusAsync(cycle, status, AccountRange.All, cancellationToken);

    /// <summary>The cycle's newest bills in a status whose accounts are in <paramref name="range"/>, with their billing periods, in account order.</summary>
    public Task<IReadOnlyList<(string BillId, AccountId Account, ServicePeriod Period)>> InStatusAsync(string cycle, BillStatus status, AccountRange range,
        CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, string AccountId, object Start, object End)>(new CommandDefinition(
                $"""
                SELECT b.bill_id, b.account_id, b.period_start, b.period_end FROM bills AS b
                WHERE b.cycle = @Cycle AND b.status = @Status AND {AccountRange.Sql("b.account_id")}
                  AND {NewestRevision}
                ORDER BY b.account_id
                """, new { Cycle = cycle, Status = status.ToString(), RangeFrom = range.From, RangeTo = range.ToExclusive }, cancellationToken: cancellationToken));
            return (IReadOnlyList<(string, AccountId, ServicePeriod)>)rows.Select(r => (r.BillId, Domain.AccountId.Stored(r.AccountId),
                new ServicePeriod(SqlDialect.ReadDate(r.Start), SqlDialect.ReadDate(r.End)))).ToList();
        }, cancellationToken);

    /// <summary>
    /// Issues a ready or approved bill: in one transaction its total is posted to the account's
    /// ledger as a charge (reference = bill id) and the bill becomes issued. Returns false, and
    /// changes nothing, when the bill is not ready or approved (already issued, held, cancelled).
    /// </summary>
    public Task<bool> IssueAsync(string billId, DateTimeOffset issuedAt, string description, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE bills SET status = 'Issued', issued_at = @IssuedAt WHERE bill_id = @BillId AND status IN ('Draft', 'Approved')",
                new { BillId = billId, IssuedAt = Dialect.TimestampValue(issuedAt) }, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
                return false;
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO ledger_entries (account_id, posted_at, kind, currency, amount, reference, bill_id, description)
                SELECT b.account_id, @PostedAt, 'Charge', b.currency, b.total, b.bill_id, b.bill_id, @Description
                FROM bills AS b WHERE b.bill_id = @BillId
                  AND NOT EXISTS (SELECT 1 FROM ledger_entries{Dialect.UpdateLockHint} WHERE kind = 'Charge' AND reference = @BillId)
                """,
                new { BillId = billId, PostedAt = Dialect.TimestampValue(issuedAt), Description = description }, transaction, cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    /// <summary>
    /// Cancels a bill so that a corrected revision can replace it. In one transaction the bill
    /// becomes cancelled and, when it had been issued, its charge is reversed on the ledger by an
    /// adjustment of minus its charge (reference <c>BILLID-cancel</c>: the correction line), posted at
    /// the charge's own instant — the bill's statement date, on which its corrected revision is issued
    /// too — never at the wall clock: the ledger is the same whenever the correction is made, and a
    /// reminder or statement drawn as of any date sees the charge and its reversal together. Returns
    /// false, and changes nothing, when the bill is already cancelled or does not exist.
    /// </summary>
    public Task<bool> CancelAsync(string billId, string description, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var issued = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT COUNT(*) FROM bills{Dialect.UpdateLockHint} WHERE bill_id = @BillId AND status = 'Issued'",
                new { BillId = billId }, transaction, cancellationToken: cancellationToken));
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE bills SET status = 'Cancelled' WHERE bill_id = @BillId AND status <> 'Cancelled'",
                new { BillId = billId }, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
                return false;
            if (issued > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    INSERT INTO ledger_entries (account_id, posted_at, kind, currency, amount, reference, bill_id, description)
                    SELECT c.account_id, c.posted_at, 'Adjustment', c.currency, -c.amount, @Reference, c.bill_id, @Description
                    FROM ledger_entries AS c WHERE c.kind = 'Charge' AND c.reference = @BillId
                      AND NOT EXISTS (SELECT 1 FROM ledger_entries{Dialect.UpdateLockHint} WHERE kind = 'Adjustment' AND reference = @Reference)
                    """,
                    new { BillId = billId, Reference = CancellationReference(billId), Description = description },
                    transaction, cancellationToken: cancellationToken));
            }
            return true;
        }, cancellationToken);

    /// <summary>The ledger reference of the adjustment that reverses a cancelled bill's charge.</summary>
    public static string CancellationReference(string billId) => billId + "-cancel";

    /// <summary>
    /// Where each account stands in a cycle (newest revision): its bill id, status, hold reason and
    /// whether it has lines — read once at the start of a bill run instead of once per account.
    /// </summary>
    public Task<IReadOnlyDictionary<string, (string BillId, BillStatus Status, HoldReason? HoldReason, bool HasLines)>> CycleStateAsync(string cycle,
        CancellationToken cancellationToken) => CycleStateAsync(cycle, AccountRange.All, cancellationToken);

    /// <summary>The newest bill of each account in <paramref name="range"/> for the cycle: its id, status, hold reason and whether it has lines.</summary>
    public Task<IReadOnlyDictionary<string, (string BillId, BillStatus Status, HoldReason? HoldReason, bool HasLines)>> CycleStateAsync(string cycle,
        AccountRange range, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string AccountId, string BillId, string Status, string? HoldReason, int HasLines)>(new CommandDefinition(
                $"""
                SELECT b.account_id, b.bill_id, b.status, b.hold_reason,
                       CASE WHEN EXISTS (SELECT 1 FROM bill_lines AS l WHERE l.bill_id = b.bill_id) THEN 1 ELSE 0 END
                FROM bills AS b
                WHERE b.cycle = @Cycle AND {AccountRange.Sql("b.account_id")} AND {NewestRevision}
                """, new { Cycle = cycle, RangeFrom = range.From, RangeTo = range.ToExclusive }, cancellationToken: cancellationToken));
            return (IReadOnlyDictionary<string, (string, BillStatus, HoldReason?, bool)>)rows.ToDictionary(r => r.AccountId,
                r => (r.BillId, Enum.Parse<BillStatus>(r.Status), r.HoldReason is null ? null : HoldReason.Parse(r.HoldReason), r.HasLines == 1), StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// The currency a cycle is billed in: the one most of its bills use (a utility bills in one; USD
    /// when the cycle has no bills yet). Status and reports count the bills in it.
    /// </summary>
    public Task<Currency> CurrencyOfAsync(string cycle, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var code = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT currency FROM bills WHERE cycle = @Cycle GROUP BY currency ORDER BY COUNT(*) DESC, currency",
                new { Cycle = cycle }, cancellationToken: cancellationToken));
            return code is null ? Currency.Usd : Currency.FromCode(code);
        }, cancellationToken);

    /// <summary>The cycles that have bills, newest first.</summary>
    public Task<IReadOnlyList<string>> CyclesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => (IReadOnlyList<string>)(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT cycle FROM bills ORDER BY cycle DESC", cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>A cycle's held bills (newest revisions) with their reasons and totals, in account order.</summary>
    public Task<IReadOnlyList<HeldBill>> HeldAsync(string cycle, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, string AccountId, string? HoldReason, string Currency, object Total)>(new CommandDefinition(
                $"""
                SELECT b.bill_id, b.account_id, b.hold_reason, b.currency, b.total FROM bills AS b
                WHERE b.cycle = @Cycle AND b.status = 'Held'
                  AND {NewestRevision}
                ORDER BY b.account_id
                """, new { Cycle = cycle }, cancellationToken: cancellationToken));
            return (IReadOnlyList<HeldBill>)rows.Select(r => new HeldBill(r.BillId, Domain.AccountId.Stored(r.AccountId), HoldReason.Parse(r.HoldReason ?? ""),
                Dialect.ReadMoney(r.Total, Currency.FromCode(r.Currency)))).ToList();
        }, cancellationToken);

    /// <summary>An account's bills (newest revision of each cycle, cancelled ones left out), newest cycle first, without lines.</summary>
    public Task<IReadOnlyList<BillSummary>> ForAccountAsync(AccountId account, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string BillId, string Cycle, string Status, string Currency, object Total, object UsageQuantity, string UsageUnit, object? DueDate, object? IssuedAt)>(
                new CommandDefinition(
                    $"""
                    SELECT b.bill_id, b.cycle, b.status, b.currency, b.total, b.usage_quantity, b.usage_unit, b.due_date, b.issued_at FROM bills AS b
                    WHERE b.account_id = @Account AND b.status <> 'Cancelled'
                      AND {NewestRevision}
                    ORDER BY b.cycle DESC
                    """, new { Account = account.Value }, cancellationToken: cancellationToken));
            return (IReadOnlyList<BillSummary>)rows.Select(r => new BillSummary(r.BillId, r.Cycle, Enum.Parse<BillStatus>(r.Status),
                Dialect.ReadMoney(r.Total, Currency.FromCode(r.Currency)), new Quantity(Dialect.ReadScaled(r.UsageQuantity), UnitInfo.Parse(r.UsageUnit)),
                SqlDialect.ReadDateOrNull(r.DueDate), SqlDialect.ReadTimestampOrNull(r.IssuedAt))).ToList();
        }, cancellationToken);

    /// <summary>
    /// The cycles with a bill (not cancelled) on one of the meters whose period takes in a day of that meter's <c>[First, Last]</c> (by
    /// meter id): where a bill may have been made on reads of those days — what ingest names when reads already stored change
    /// (<c>billrun reconcile --cycle</c> each). A bill is on the meter of its account's premise. Oldest first, each once.
    /// </summary>
    public async Task<IReadOnlyList<string>> CyclesCoveringAsync(IReadOnlyDictionary<string, (DateOnly First, DateOnly Last)> days,
        CancellationToken cancellationToken)
    {
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var meters in days.Keys.Order(StringComparer.Ordinal).Chunk(MaxIds))
        {
            // One query a thousand meters, over the span of all their days; each bill is then held to its own meter's days.
            var first = meters.Min(m => days[m].First);
            var last = meters.Max(m => days[m].Last);
            var rows = await ReadAsync(connection => connection.QueryAsync<(string Cycle, string MeterId, object Start, object End)>(new CommandDefinition(
                $"""
                SELECT DISTINCT b.cycle, p.meter_id, b.period_start, b.period_end FROM bills AS b
                JOIN premises AS p ON p.account_id = b.account_id
                WHERE {Dialect.AnyOf("p.meter_id", "Meters")} AND b.status <> 'Cancelled' AND b.period_start <= @Last AND b.period_end > @First
                """, new { Meters = CheckIds(meters), First = Dialect.DateValue(first), Last = Dialect.DateValue(last) },
                cancellationToken: cancellationToken)), cancellationToken);
            foreach (var row in rows)
            {
                var (from, to) = days[row.MeterId];
                if (SqlDialect.ReadDate(row.Start) <= to && SqlDialect.ReadDate(row.End) > from)
                    cycles.Add(row.Cycle);
            }
        }
        return [.. cycles];
    }

    /// <summary>
    /// The usage of each account's bills before <paramref name="beforeCycle"/> that were not held or cancelled (newest revisions; at most
    /// <see cref="Store.MaxIds"/> accounts a call), newest first: what a reviewer weighs a held bill against — one query for a page of
    /// held bills instead of one each.
    /// </summary>
    public Task<Dictionary<string, List<Quantity>>> EarlierUsageAsync(IReadOnlyCollection<string> accounts, string beforeCycle,
        CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string AccountId, object UsageQuantity, string UsageUnit)>(new CommandDefinition(
                $"""
                SELECT b.account_id, b.usage_quantity, b.usage_unit FROM bills AS b
                WHERE {Dialect.AnyOf("b.account_id", "Accounts")} AND b.cycle < @Before AND b.status NOT IN ('Held', 'Cancelled')
                  AND {NewestRevision}
                ORDER BY b.account_id, b.cycle DESC
                """, new { Accounts = CheckIds(accounts), Before = beforeCycle }, cancellationToken: cancellationToken));
            var usage = new Dictionary<string, List<Quantity>>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!usage.TryGetValue(row.AccountId, out var list))
                    usage[row.AccountId] = list = [];
                list.Add(new Quantity(Dialect.ReadScaled(row.UsageQuantity), UnitInfo.Parse(row.UsageUnit)));
            }
            return usage;
        }, cancellationToken);

    /// <summary>
    /// The export credits of the accounts' issued bills in cycles <c>[fromCycle, toCycle)</c> (newest
    /// revisions: a cancelled bill's credit is gone with it; at most <see cref="Store.MaxIds"/> accounts
    /// a call): by account, then cycle, for the bills that had one — what a statement of a home with
    /// solar shows month by month, as the customer was sent it.
    /// </summary>
    public Task<Dictionary<string, Dictionary<string, Money.Money>>> ExportCreditsAsync(IReadOnlyCollection<string> accounts, string fromCycle, string toCycle,
        CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string AccountId, string Cycle, string Currency, object ExportCredit)>(new CommandDefinition(
                $"""
                SELECT b.account_id, b.cycle, b.currency, b.export_credit FROM bills AS b
                WHERE {Dialect.AnyOf("b.account_id", "Accounts")} AND b.cycle >= @From AND b.cycle < @To AND b.export_credit IS NOT NULL
                  AND b.status = 'Issued' AND {NewestRevision}
                """, new { Accounts = CheckIds(accounts), From = fromCycle, To = toCycle }, cancellationToken: cancellationToken));
            var credits = new Dictionary<string, Dictionary<string, Money.Money>>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!credits.TryGetValue(row.AccountId, out var byCycle))
                    credits[row.AccountId] = byCycle = new Dictionary<string, Money.Money>(StringComparer.Ordinal);
                byCycle[row.Cycle] = Dialect.ReadMoney(row.ExportCredit, Currency.FromCode(row.Currency));
            }
            return credits;
        }, cancellationToken);

    /// <summary>The newest revision of an account's bill for a cycle, with its lines.</summary>
    public async Task<Bill?> GetAsync(AccountId account, string cycle, CancellationToken cancellationToken) =>
        (await GetManyAsync([account.Value], cycle, cancellationToken)).GetValueOrDefault(account.Value);

    /// <summary>The newest revision of each account's bill for a cycle, with its lines, for the accounts that have one (at most <see cref="Store.MaxIds"/> accounts a call).</summary>
    public Task<Dictionary<string, Bill>> GetManyAsync(IReadOnlyCollection<string> accounts, string cycle, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await LoadAsync(connection, $"{Dialect.AnyOf("b.account_id", "Accounts")} AND b.cycle = @Cycle AND {NewestRevision}",
            new { Accounts = CheckIds(accounts), Cycle = cycle }, cancellationToken)).ToDictionary(b => b.AccountId.Value, StringComparer.Ordinal), cancellationToken);

    /// <summary>The newest revision of an account's bill for a cycle, without its lines or figures (one small query); null when there is none.</summary>
    public Task<BillKey?> NewestAsync(AccountId account, string cycle, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string BillId, string Status)>(new CommandDefinition(
                $"SELECT b.bill_id, b.status FROM bills AS b WHERE b.account_id = @Account AND b.cycle = @Cycle AND {NewestRevision}",
                new { Account = account.Value, Cycle = cycle }, cancellationToken: cancellationToken));
            return row.BillId is null ? null : new BillKey(row.BillId, account, cycle, Enum.Parse<BillStatus>(row.Status));
        }, cancellationToken);

    /// <summary>One bill by its id (whatever its revision or status), with its lines; null when there is none.</summary>
    public Task<Bill?> GetByIdAsync(string billId, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await LoadAsync(connection, "b.bill_id = @BillId", new { BillId = billId }, cancellationToken)).FirstOrDefault(),
            cancellationToken);

    /// <summary>The bills chosen by <paramref name="where"/> (bills aliased <c>b</c>) with their lines, each total checked against the sum of its lines.</summary>
    private async Task<List<Bill>> LoadAsync(System.Data.Common.DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<BillRow>(new CommandDefinition(
            $"""
            SELECT b.bill_id, b.account_id, b.cycle, b.revision, b.period_start, b.period_end, b.status, b.hold_reason, b.currency, b.total, b.usage_quantity,
                   b.usage_unit, b.tariff_id, b.tariff_version, b.model_version, b.template_version, b.run_id, b.due_date, b.created_at, b.issued_at, b.tips,
                   b.comparison_state, b.carry, b.determinants, b.export_credit
            FROM bills AS b WHERE {where}
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var lines = (await connection.QueryAsync<LineRow>(new CommandDefinition(
            $"SELECT bill_id, line_no, segment, category, description, quantity, unit, rate, amount, explanation FROM bill_lines WHERE {Dialect.AnyOf("bill_id", "Bills")} ORDER BY bill_id, line_no",
            new { Bills = Dialect.IdList(rows.Select(r => r.BillId).ToArray()) }, cancellationToken: cancellationToken))).ToLookup(l => l.BillId, StringComparer.Ordinal);
        var bills = new List<Bill>(rows.Count);
        foreach (var row in rows)
        {
            var currency = Currency.FromCode(row.Currency);
            var bill = row.ToDomain(Dialect, lines[row.BillId].Select(l => l.ToDomain(Dialect, currency)).ToList());
            var storedTotal = Dialect.ReadMoney(row.Total, currency);
            if (storedTotal != bill.Total)
                throw new InvalidDataException($"Bill {row.BillId}: stored total {storedTotal} differs from the sum of its lines {bill.Total}.");
            bills.Add(bill);
        }
        return bills;
    }

    /// <summary>
    /// A page of a cycle's bills (newest revision of each account), in account order after
    /// <paramref name="afterAccount"/> (null: from the start), at most <paramref name="limit"/>: an
    /// integration reads a cycle of any size page by page.
    /// </summary>
    public Task<IReadOnlyList<CycleBill>> PageAsync(string cycle, string? afterAccount, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var page = new List<CycleBill>();
            var rows = connection.QueryUnbufferedAsync<(string BillId, string AccountId, int Revision, string Status, string? HoldReason, string Currency, object Total,
                object UsageQuantity, string UsageUnit, object? DueDate, object? IssuedAt, object PeriodStart, object PeriodEnd)>(
                $"""
                SELECT b.bill_id, b.account_id, b.revision, b.status, b.hold_reason, b.currency, b.total, b.usage_quantity, b.usage_unit, b.due_date, b.issued_at,
                       b.period_start, b.period_end
                FROM bills AS b WHERE b.cycle = @Cycle AND b.account_id > @After AND {NewestRevision}
                ORDER BY b.account_id
                """, new { Cycle = cycle, After = afterAccount ?? "" });
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                page.Add(new CycleBill(r.BillId, AccountId.Stored(r.AccountId), r.Revision, Enum.Parse<BillStatus>(r.Status), r.HoldReason,
                    Dialect.ReadMoney(r.Total, Currency.FromCode(r.Currency)), new Quantity(Dialect.ReadScaled(r.UsageQuantity), UnitInfo.Parse(r.UsageUnit)),
                    SqlDialect.ReadDateOrNull(r.DueDate), SqlDialect.ReadTimestampOrNull(r.IssuedAt))
                {
                    Period = new ServicePeriod(SqlDialect.ReadDate(r.PeriodStart), SqlDialect.ReadDate(r.PeriodEnd)),
                });
                if (page.Count >= limit)
                    break;
            }
            return (IReadOnlyList<CycleBill>)page;
        }, cancellationToken);

    /// <summary>
    /// The cycle at a glance (newest revision of each account): bills and total by status, and the
    /// held bills' reasons. A reason is counted by its code, the text before the first colon.
    /// </summary>
    public Task<CycleSummary> SummaryAsync(string cycle, Currency currency, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Status, string? HoldReason, object Total)>(new CommandDefinition(
                $"""
                SELECT b.status, b.hold_reason, b.total FROM bills AS b
                WHERE b.cycle = @Cycle AND b.currency = @Currency
                  AND {NewestRevision}
                """, new { Cycle = cycle, Currency = currency.Code }, cancellationToken: cancellationToken));
            var counts = new Dictionary<BillStatus, int>();
            var totals = new Dictionary<BillStatus, Money.Money>();
            var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var status = Enum.Parse<BillStatus>(row.Status);
                counts[status] = counts.GetValueOrDefault(status) + 1;
                totals[status] = totals.GetValueOrDefault(status, Money.Money.Zero(currency)) + Dialect.ReadMoney(row.Total, currency);
                if (status == BillStatus.Held)
                {
                    var code = HoldReason.Parse(row.HoldReason ?? "").Code;
                    reasons[code] = reasons.GetValueOrDefault(code) + 1;
                }
            }
            return new CycleSummary(counts, totals, reasons);
        }, cancellationToken);

    /// <summary>Every bill of a cycle in one currency (newest revision per account), streamed in account order for the run report.</summary>
    public async IAsyncEnumerable<BillFigures> FiguresAsync(string cycle, Currency currency, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currency);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<(string Status, string? HoldReason, string? TariffId, object Usage, string Unit, object Total, string? State)>(
            $"""
            SELECT b.status, b.hold_reason, b.tariff_id, b.usage_quantity, b.usage_unit, b.total, b.comparison_state FROM bills AS b
            WHERE b.cycle = @Cycle AND b.currency = @Currency
              AND {NewestRevision}
            ORDER BY b.account_id
            """, new { Cycle = cycle, Currency = currency.Code });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return new BillFigures(Enum.Parse<BillStatus>(row.Status), row.HoldReason is null ? null : HoldReason.Parse(row.HoldReason), row.TariffId, Dialect.ReadScaled(row.Usage), row.Unit,
                Dialect.ReadMoney(row.Total, currency).Amount, row.State);
        }
    }

    /// <summary>What the cycle's ready, approved and issued bills (newest revision) raise, by tariff and charge category.</summary>
    public Task<IReadOnlyList<RevenueLine>> RevenueAsync(string cycle, Currency currency, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            ArgumentNullException.ThrowIfNull(currency);
            var rows = await connection.QueryAsync<(string? TariffId, string Category, object Amount)>(new CommandDefinition(
                $"""
                SELECT b.tariff_id, l.category, SUM(l.amount) FROM bills AS b JOIN bill_lines AS l ON l.bill_id = b.bill_id
                WHERE b.cycle = @Cycle AND b.currency = @Currency AND b.status IN ('Draft', 'Approved', 'Issued')
                  AND {NewestRevision}
                GROUP BY b.tariff_id, l.category
                ORDER BY b.tariff_id, l.category
                """, new { Cycle = cycle, Currency = currency.Code }, cancellationToken: cancellationToken));
            return (IReadOnlyList<RevenueLine>)rows.Select(r => new RevenueLine(r.TariffId ?? "(none)", r.Category, Dialect.ReadMoney(r.Amount, currency).Amount)).ToList();
        }, cancellationToken);

    private sealed class BillRow
    {
        public string BillId { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string Cycle { get; set; } = "";
        public int Revision { get; set; }
        public object PeriodStart { get; set; } = "";
        public object PeriodEnd { get; set; } = "";
        public string Status { get; set; } = "";
        public string? HoldReason { get; set; }
        public string Currency { get; set; } = "";
        public object Total { get; set; } = 0L;
        public object UsageQuantity { get; set; } = 0L;
        public string UsageUnit { get; set; } = "";
        public string? TariffId { get; set; }
        public int? TariffVersion { get; set; }
        public string? ModelVersion { get; set; }
        public string? TemplateVersion { get; set; }
        public string? RunId { get; set; }
        public object? DueDate { get; set; }
        public object CreatedAt { get; set; } = "";
        public object? IssuedAt { get; set; }
        public string? Tips { get; set; }
        public string? ComparisonState { get; set; }
        public string? Carry { get; set; }

        public string? Determinants { get; set; }

        public object? ExportCredit { get; set; }

        public Bill ToDomain(SqlDialect dialect, IReadOnlyList<PrintedLine> lines) => new(
            BillId, Domain.AccountId.Stored(AccountId), Cycle, Revision,
            new ServicePeriod(SqlDialect.ReadDate(PeriodStart), SqlDialect.ReadDate(PeriodEnd)),
            Enum.Parse<BillStatus>(Status), HoldReason is null ? null : Billing.HoldReason.Parse(HoldReason),
            new Quantity(dialect.ReadScaled(UsageQuantity), UnitInfo.Parse(UsageUnit)),
            TariffId, TariffVersion, ModelVersion, TemplateVersion, RunId, SqlDialect.ReadDateOrNull(DueDate),
            SqlDialect.ReadTimestamp(CreatedAt), SqlDialect.ReadTimestampOrNull(IssuedAt), lines)
        {
            Tips = string.IsNullOrEmpty(Tips) ? [] : Tips.Split(','),
            ComparisonState = ComparisonState,
            Carry = Carry is null ? null : System.Text.Json.JsonSerializer.Deserialize<Rating.RatingCarry>(Carry),
            Determinants = Determinants is null ? null : System.Text.Json.JsonSerializer.Deserialize<Rating.BillDeterminants>(Determinants),
            ExportCredit = ExportCredit is null ? null : dialect.ReadMoney(ExportCredit, UtilityInsights.Money.Currency.FromCode(Currency)),
        };
    }

    private sealed class LineRow
    {
        public string BillId { get; set; } = "";
        public int LineNo { get; set; }
        public string? Segment { get; set; }
        public string Category { get; set; } = "";
        public string Description { get; set; } = "";
        public object? Quantity { get; set; }
        public string? Unit { get; set; }
        public object? Rate { get; set; }
        public object Amount { get; set; } = 0L;
        public string? Explanation { get; set; }

        public PrintedLine ToDomain(SqlDialect dialect, Currency currency) => new(
            LineNo, Segment, Category, Description,
            dialect.ReadScaledOrNull(Quantity), Unit, dialect.ReadScaledOrNull(Rate), dialect.ReadMoney(Amount, currency), Explanation);
    }
}
