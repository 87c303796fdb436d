using Hangfire;
using UtilityInsights.Storage;

namespace UtilityInsights.Jobs;

/// <summary>
/// <c>worker</c>: a Hangfire server on this machine taking the distributed runs' jobs (bill-run chunks, issue batches,
/// notice batches) from the shared database until Ctrl+C. Any number of workers on any machines that reach the database
/// (and the shared statement and delivery folders) share the queue.
/// </summary>
public static class BillingWorker
{
    /// <summary>
    /// Runs the worker until <paramref name="cancellationToken"/> is cancelled (Ctrl+C, or SIGTERM from a service manager): then it
    /// stops taking jobs, lets the running ones stop, unregisters, and returns — stopping is a worker's normal end, not a failure.
    /// </summary>
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
            log.Information("Worker {Server} stopped", options.ServerName);
        }
    }

    private sealed class Activator(UtilityDatabase database, TimeProvider clock, Serilog.ILogger log) : JobActivator
    {
        public override object ActivateJob(Type jobType) =>
            jobType == typeof(BillChunkJob) ? new BillChunkJob(database, clock, log)
            : jobType == typeof(IssueBatchJob) ? new IssueBatchJob(database, log)
            : jobType == typeof(NoticeBatchJob) ? new NoticeBatchJob(database, clock, log)
            : base.ActivateJob(jobType);
    }
}
