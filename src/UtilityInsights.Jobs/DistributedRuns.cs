using System.Globalization;
using Hangfire;
using Hangfire.States;
using UtilityInsights.Billing;
using UtilityInsights.Operations.Notices;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Jobs;

/// <summary>
/// How a distributed run's jobs stand in the job store, and how many workers are taking jobs from its queue (those whose
/// heartbeat is less than <see cref="DistributedRuns.WorkerSilence"/> old: a killed worker stays listed until the job store's
/// watchdog removes it).
/// </summary>
public sealed record JobsStatus(int Queued, int Running, int Done, int Failed, int Retrying, IReadOnlyList<string> Errors, int Workers)
{
    public int Total => Queued + Running + Done + Failed + Retrying;

    /// <summary>Whether jobs wait and no worker is taking them (a run enqueued before any worker was started).</summary>
    public bool WaitingForWorker => Pending && Workers == 0;

    /// <summary>Whether any job is still to run (queued, running or waiting to retry).</summary>
    public bool Pending => Queued + Running + Retrying > 0;
}

/// <summary>What a distributed run is made of: a bill run's chunks, an issue's print batches, a notice run's batches.</summary>
public enum DistributedWork
{
    BillRun,
    Issue,
    Notices,
}

/// <summary>
/// <c>billrun --distributed</c>, <c>billrun issue --distributed</c> and <c>notices run --distributed</c>: the accounts cut into
/// ranges in id order (the boundaries found in SQL, so no process loads every id) and one job enqueued per range for the
/// workers; and the jobs' status, read from the job store.
/// </summary>
public static class DistributedRuns
{
    /// <summary>The bill run's chunks; <paramref name="outFolder"/> null writes no statement files (the documents are kept with the bills).</summary>
    public static Task<IReadOnlyList<AccountRange>> EnqueueBillRunAsync(UtilityDatabase database, string cycle, int chunkSize, string? outFolder, int readToleranceDays,
        HoldRules holds, CancellationToken cancellationToken)
    {
        BillingCycle.Parse(cycle);
        return EnqueueAsync(database, chunkSize, "--chunk", (client, n, count, range) =>
            client.Create<BillChunkJob>(job => job.RunAsync(cycle, n, count, range, outFolder, readToleranceDays, holds, CancellationToken.None),
                new EnqueuedState(BatchJobs.Queue)), cancellationToken);
    }

    public static Task<IReadOnlyList<AccountRange>> EnqueueIssueAsync(UtilityDatabase database, string cycle, int batchSize, string statementsFolder, string deliveryFolder,
        string printFormat, bool duplex, CancellationToken cancellationToken)
    {
        BillingCycle.Parse(cycle);
        return EnqueueAsync(database, batchSize, "--batch", (client, n, count, range) =>
            client.Create<IssueBatchJob>(job => job.RunAsync(cycle, n, count, range, statementsFolder, deliveryFolder, printFormat, duplex, CancellationToken.None),
                new EnqueuedState(BatchJobs.Queue)), cancellationToken);
    }

    public static Task<IReadOnlyList<AccountRange>> EnqueueNoticesAsync(UtilityDatabase database, DateOnly asOf, int batchSize, string outFolder, string printFormat,
        NoticeRules rules, CancellationToken cancellationToken)
    {
        var day = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return EnqueueAsync(database, batchSize, "--batch", (client, n, count, range) =>
            client.Create<NoticeBatchJob>(job => job.RunAsync(day, n, count, range, outFolder, printFormat, rules, CancellationToken.None),
                new EnqueuedState(BatchJobs.Queue)), cancellationToken);
    }

    private static async Task<IReadOnlyList<AccountRange>> EnqueueAsync(UtilityDatabase database, int size, string option,
        Action<BackgroundJobClient, int, int, AccountRange> enqueue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (size is < 10 or > 100_000)
            throw new UserErrorException($"{option} {size}: between 10 and 100,000 accounts a job.");
        var client = new BackgroundJobClient(JobStores.For(database));
        var starts = await database.Accounts.ChunkStartsAsync(size, cancellationToken);
        var ranges = starts.Select((from, i) => new AccountRange(from, i + 1 < starts.Count ? starts[i + 1] : null)).ToList();
        for (var i = 0; i < ranges.Count; i++)
            enqueue(client, i + 1, ranges.Count, ranges[i]);
        return ranges;
    }

    /// <summary>The jobs of one run (<paramref name="key"/>: its cycle, or the notices' date) by state, other runs' left out; the errors of failed ones.</summary>
    public static JobsStatus Status(UtilityDatabase database, DistributedWork work, string key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var type = work switch
        {
            DistributedWork.BillRun => typeof(BillChunkJob),
            DistributedWork.Issue => typeof(IssueBatchJob),
            _ => typeof(NoticeBatchJob),
        };
        var monitoring = JobStores.For(database).GetMonitoringApi();
        bool Mine(Hangfire.Common.Job? job) => job is not null && job.Type == type && job.Args.Count > 1 && job.Args[0] as string == key;
        // A job taken from the queue but not yet started is still waiting: its worker may have died between the two, and the job
        // store gives it to another worker after its invisibility timeout. The queue's list leaves such jobs out.
        var queued = monitoring.EnqueuedJobs(BatchJobs.Queue, 0, int.MaxValue).Count(j => Mine(j.Value.Job))
            + monitoring.FetchedJobs(BatchJobs.Queue, 0, int.MaxValue).Count(j => Mine(j.Value.Job) && j.Value.State == Hangfire.States.EnqueuedState.StateName);
        var running = monitoring.ProcessingJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        var done = monitoring.SucceededJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        var failed = monitoring.FailedJobs(0, int.MaxValue).Where(j => Mine(j.Value.Job)).ToList();
        var retrying = monitoring.ScheduledJobs(0, int.MaxValue).Count(j => Mine(j.Value.Job));
        // Workers beat every 30 s; the job store's heartbeat is the database server's UTC time, this machine's clock may differ a little.
        var workers = monitoring.Servers().Count(server => server.Queues.Contains(BatchJobs.Queue, StringComparer.Ordinal)
            && server.Heartbeat is { } beat && DateTime.SpecifyKind(beat, DateTimeKind.Utc) > clock.GetUtcNow().UtcDateTime - WorkerSilence);
        return new JobsStatus(queued, running, done, failed.Count, retrying,
            failed.Select(f => $"{(work == DistributedWork.BillRun ? "chunk" : "batch")} {Convert.ToString(f.Value.Job.Args[1], CultureInfo.InvariantCulture)}: {f.Value.ExceptionMessage}")
                .ToList(), workers);
    }

    /// <summary>How long a worker may go without a heartbeat (sent every 30 s) and still count as taking jobs.</summary>
    public static readonly TimeSpan WorkerSilence = TimeSpan.FromMinutes(2);
}
