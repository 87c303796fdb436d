using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.States;
using UtilityInsights.Billing;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Storage;

namespace UtilityInsights.Jobs;

/// <summary>
/// Hangfire's job store in the same database server as the bills: PostgreSQL (Hangfire.PostgreSql, schema
/// <c>hangfire</c>) or SQL Server (Hangfire.SqlServer). A SQLite file is one machine's: a distributed run on it is a
/// user error that says so. A job a killed worker was running becomes visible again after
/// <see cref="InvisibilityTimeout"/> and another worker runs it; the bills' once-per-account guard makes the repeat harmless.
/// </summary>
public static class JobStores
{
    /// <summary>How long a fetched job stays invisible to other workers: the time after which a dead worker's chunk is run again.</summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(60);

    public static JobStorage For(UtilityDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Provider switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, PostgresOptions), PostgresOptions),
            DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
            {
                SlidingInvisibilityTimeout = InvisibilityTimeout,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                PrepareSchemaIfNecessary = true,
            }),
            _ => throw new UserErrorException(
                $"{database.Target.Display} is a SQLite file: a distributed bill run needs a database server its workers share (PostgreSQL: --db \"Host=…;Database=…;Username=…\", " +
                "or SQL Server). On one machine, billrun --workers N uses every core."),
        };
    }

    private static readonly PostgreSqlStorageOptions PostgresOptions = new()
    {
        InvisibilityTimeout = InvisibilityTimeout,
        QueuePollInterval = TimeSpan.FromSeconds(1),
        PrepareSchemaIfNecessary = true,
        SchemaName = "hangfire",
    };
}

/// <summary>
/// One chunk of a cycle's bill run, as a worker runs it: the accounts from <c>from</c> to <c>to</c> billed by the
/// usual bill runner in this process. Failures are retried with back-off, then the chunk shows as failed with its error.
/// </summary>
public sealed class BillChunkJob(UtilityDatabase database, TimeProvider clock, Serilog.ILogger log)
{
    public const string Queue = "billing";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string cycle, int chunk, int chunks, string from, string? to, string outFolder, int readToleranceDays, CancellationToken cancellationToken)
    {
        var runner = BillRunner.WithDefaults(database, new HoldRules(), clock, readToleranceDays: readToleranceDays, log: log);
        var result = await runner.RunChunkAsync(cycle, new Partition(chunk, chunks), from, to, outFolder, cancellationToken);
        log.Information("Chunk {Chunk} of {Chunks} for {Cycle}: {Due} due, {Billed} ready, {Held} held, {Already} already billed",
            chunk, chunks, cycle, result.AccountsDue, result.Billed, result.Held, result.AlreadyBilled);
    }
}

/// <summary>How a distributed cycle's chunks stand in the job store.</summary>
public sealed record ChunkStatus(int Queued, int Running, int Done, int Failed, int Retrying, IReadOnlyList<string> Errors)
{
    public int Total => Queued + Running + Done + Failed + Retrying;
}

/// <summary>
/// <c>billrun --distributed</c>: the cycle cut into chunks of accounts in id order (the boundaries found in SQL) and one job
/// enqueued per chunk for the workers; and the chunks' status from the job store.
/// </summary>
public static class DistributedBillRun
{
    public static async Task<int> EnqueueAsync(UtilityDatabase database, string cycle, int chunkSize, string outFolder, int readToleranceDays,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        BillingCycle.Parse(cycle);
        if (chunkSize is < 10 or > 100_000)
            throw new UserErrorException($"--chunk {chunkSize}: between 10 and 100,000 accounts a job.");
        var storage = JobStores.For(database);
        var starts = await database.Accounts.ChunkStartsAsync(chunkSize, cancellationToken);
        var client = new BackgroundJobClient(storage);
        for (var i = 0; i < starts.Count; i++)
        {
            var (chunk, from, to) = (i + 1, starts[i], i + 1 < starts.Count ? starts[i + 1] : null);
            client.Create<BillChunkJob>(job => job.RunAsync(cycle, chunk, starts.Count, from, to, outFolder, readToleranceDays, CancellationToken.None),
                new EnqueuedState(BillChunkJob.Queue));
        }
        return starts.Count;
    }

    /// <summary>The cycle's chunks by state (jobs of other cycles left out); the errors of failed ones.</summary>
    public static ChunkStatus Status(UtilityDatabase database, string cycle)
    {
        var monitoring = JobStores.For(database).GetMonitoringApi();
        bool Mine(Hangfire.Common.Job? job) => job is { Method.Name: nameof(BillChunkJob.RunAsync) } && job.Args.Count > 0 && job.Args[0] as string == cycle;
        var queued = monitoring.EnqueuedJobs(BillChunkJob.Queue, 0, int.MaxValue).Count(j => Mine(j.Value.Job));
        var running = monitoring.ProcessingJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        var done = monitoring.SucceededJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        var failed = monitoring.FailedJobs(0, int.MaxValue).Where(j => Mine(j.Value.Job)).ToList();
        var retrying = monitoring.ScheduledJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        return new ChunkStatus(queued, running, done, failed.Count, retrying,
            failed.Select(f => $"chunk {Convert.ToString(f.Value.Job.Args[1], CultureInfo.InvariantCulture)}: {f.Value.ExceptionMessage}").ToList());
    }
}

/// <summary>
/// <c>worker</c>: a Hangfire server on this machine taking the bill run's chunks from the shared database until Ctrl+C.
/// Any number of workers on any machines that reach the database share the queue.
/// </summary>
public static class BillingWorker
{
    public static async Task RunAsync(UtilityDatabase database, string[] queues, int workers, TimeProvider clock, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var storage = JobStores.For(database);
        var options = new BackgroundJobServerOptions
        {
            Queues = queues,
            WorkerCount = workers,
            ServerName = $"{Environment.MachineName}:{Environment.ProcessId}",
            Activator = new Activator(database, clock, log),
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
        };
        using var server = new BackgroundJobServer(options, storage);
        log.Information("Worker {Server} taking queues {Queues} with {Workers} workers", options.ServerName, string.Join(",", queues), workers);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed class Activator(UtilityDatabase database, TimeProvider clock, Serilog.ILogger log) : JobActivator
    {
        public override object ActivateJob(Type jobType) =>
            jobType == typeof(BillChunkJob) ? new BillChunkJob(database, clock, log) : base.ActivateJob(jobType);
    }
}
