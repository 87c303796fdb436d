using Dapper;

namespace UtilityInsights.Storage.Stores;

/// <summary>One bill-run process over a cycle (or a partition of it) and what it got done.</summary>
public sealed record BillRunRecord(string RunId, string Cycle, int PartitionIndex, int PartitionCount, string Status, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, int AccountsDue, int Billed, int Held);

/// <summary>Bill runs: started, progressed and finished.</summary>
public sealed class BillRunStore(UtilityDatabase database) : Store(database)
{
    public Task<int> StartAsync(BillRunRecord run, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO bill_runs (run_id, cycle, partition_index, partition_count, status, started_at, finished_at, accounts_due, billed, held)
            VALUES (@RunId, @Cycle, @PartitionIndex, @PartitionCount, @Status, @StartedAt, @FinishedAt, @AccountsDue, @Billed, @Held)
            """,
            Parameters(new
            {
                run.RunId,
                run.Cycle,
                run.PartitionIndex,
                run.PartitionCount,
                run.Status,
                StartedAt = Dialect.TimestampValue(run.StartedAt),
                run.AccountsDue,
                run.Billed,
                run.Held,
            }, run.FinishedAt), transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task<int> UpdateAsync(string runId, string status, int billed, int held, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bill_runs SET status = @Status, billed = @Billed, held = @Held, finished_at = @FinishedAt WHERE run_id = @RunId",
            Parameters(new { RunId = runId, Status = status, Billed = billed, Held = held }, finishedAt),
            transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>The row's values and <c>@FinishedAt</c>, typed as a timestamp even while the run is unfinished (null).</summary>
    private DynamicParameters Parameters(object row, DateTimeOffset? finishedAt)
    {
        var parameters = new DynamicParameters(row);
        Dialect.AddTimestamp(parameters, "FinishedAt", finishedAt);
        return parameters;
    }

    public Task<IReadOnlyList<BillRunRecord>> ForCycleAsync(string cycle, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string RunId, string Cycle, int PartitionIndex, int PartitionCount, string Status, object StartedAt,
                object? FinishedAt, int AccountsDue, int Billed, int Held)>(new CommandDefinition(
                """
                SELECT run_id, cycle, partition_index, partition_count, status, started_at, finished_at, accounts_due, billed, held
                FROM bill_runs WHERE cycle = @Cycle ORDER BY started_at, run_id
                """, new { Cycle = cycle }, cancellationToken: cancellationToken));
            return (IReadOnlyList<BillRunRecord>)rows.Select(r => new BillRunRecord(r.RunId, r.Cycle, r.PartitionIndex, r.PartitionCount, r.Status,
                SqlDialect.ReadTimestamp(r.StartedAt), SqlDialect.ReadTimestampOrNull(r.FinishedAt), r.AccountsDue, r.Billed, r.Held)).ToList();
        }, cancellationToken);
}
