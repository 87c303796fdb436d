using System.Globalization;
using Hangfire;
using UtilityInsights.Billing;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Operations.Notices;
using UtilityInsights.Printing;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Jobs;

/// <summary>
/// The jobs a worker runs, each one batch of accounts (a range in id order) of a bill run, an issue or a notice run, done
/// by the same code as the single-process command. A job's first argument is what it belongs to (the cycle, or the notices'
/// date) and its second the batch number: <see cref="DistributedRuns.Status"/> reads them. Failures are retried with
/// back-off (10 s, 1 min, 5 min), then the job shows as failed with its error.
/// </summary>
public static class BatchJobs
{
    public const string Queue = "billing";
}

/// <summary>One chunk of a cycle's bill run: the accounts of the range billed by the usual bill runner in this process.</summary>
public sealed class BillChunkJob(UtilityDatabase database, TimeProvider clock, Serilog.ILogger log)
{
    [Queue(BatchJobs.Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Bill run {0}: chunk {1} of {2}, accounts {3}")]
    public async Task RunAsync(string cycle, int chunk, int chunks, AccountRange accounts, string? outFolder, int readToleranceDays, HoldRules holds,
        CancellationToken cancellationToken)
    {
        // No folder: the statements are kept only as the bills' documents (billrun --no-statement-files).
        var runner = BillRunner.WithDefaults(database, holds, clock, readToleranceDays: readToleranceDays, log: log, statementFiles: outFolder is not null);
        var result = await runner.RunChunkAsync(cycle, new Partition(chunk, chunks), accounts, outFolder ?? "", cancellationToken);
        log.Information("Chunk {Chunk} of {Chunks} for {Cycle}: {Due} due, {Billed} ready, {Held} held, {Already} already billed",
            chunk, chunks, cycle, result.AccountsDue, result.Billed, result.Held, result.AlreadyBilled);
    }
}

/// <summary>One print batch of a cycle's issue: its ready and approved bills delivered, listed in the batch's own lists, and issued.</summary>
public sealed class IssueBatchJob(UtilityDatabase database, Serilog.ILogger log)
{
    [Queue(BatchJobs.Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Issue {0}: print batch {1} of {2}, accounts {3}")]
    public async Task RunAsync(string cycle, int batch, int batches, AccountRange accounts, string statementsFolder, string deliveryFolder, string printFormat,
        bool duplex, CancellationToken cancellationToken)
    {
        await using var print = PdfBatches.For(printFormat, "Or issue with --print-format html.", duplex);
        var result = await new BillIssuer(database).IssueAsync(cycle, statementsFolder, deliveryFolder, print, new DeliveryBatch(batch, accounts), cancellationToken);
        log.Information("Issue batch {Batch} of {Batches} for {Cycle}: {Issued} issued, {Email} by email, {Paper} on paper, {Failed} not delivered",
            batch, batches, cycle, result.Issued, result.Email, result.Paper, result.Failed.Count);
        foreach (var failure in result.Failed)
            log.Warning("Bill {BillId} of account {AccountId} was not delivered: {Reason}", failure.BillId, failure.AccountId, failure.Reason);
    }
}

/// <summary>One batch of a day's notice run: the reminders and second notices due on the date for the accounts of the range.</summary>
public sealed class NoticeBatchJob(UtilityDatabase database, TimeProvider clock, Serilog.ILogger log)
{
    [Queue(BatchJobs.Queue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Notices as of {0}: batch {1} of {2}, accounts {3}")]
    public async Task RunAsync(string asOf, int batch, int batches, AccountRange accounts, string outFolder, string printFormat, NoticeRules rules,
        CancellationToken cancellationToken)
    {
        var day = DateOnly.ParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var print = PdfBatches.For(printFormat, "Install Chromium on every worker, or run with --print-format html.", htmlDocuments: true);
        var runner = new NoticeRunner(database, StatementRenderer.Default(), BrandingConfig.Default(), rules, clock);
        var result = await runner.RunAsync(day, outFolder, print, new DeliveryBatch(batch, accounts), cancellationToken);
        log.Information("Notice batch {Batch} of {Batches} for {AsOf}: {First} first reminders, {Second} second notices, {Already} already sent, {Failed} not written",
            batch, batches, asOf, result.FirstReminders, result.SecondNotices, result.AlreadySent, result.Failed.Count);
    }
}
