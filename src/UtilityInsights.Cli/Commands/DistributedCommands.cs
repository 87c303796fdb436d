using Spectre.Console;
using UtilityInsights.Jobs;

namespace UtilityInsights.Cli.Commands;

/// <summary>What the <c>--distributed</c> forms of <c>billrun</c>, <c>billrun issue</c> and <c>notices run</c> share: the options, and the report of the enqueued jobs, with progress until they are done when <c>--wait</c> is given.</summary>
public static class DistributedCommands
{
    public static System.CommandLine.Option<bool> DistributedOption(string what) =>
        new("--distributed") { Description = $"Enqueue {what} as jobs for the workers (utility-insights worker) sharing this database server" };

    public static System.CommandLine.Option<bool> WaitOption() => new("--wait") { Description = "With --distributed: show progress until every job is done or failed" };

    /// <summary>Reports <paramref name="jobs"/> jobs enqueued for <paramref name="key"/>; with <paramref name="wait"/>, progress until none is left to run. Exit 2 when any failed.</summary>
    public static async Task<int> ReportAsync(CliContext context, Storage.UtilityDatabase database, DistributedWork work, string key, int jobs, int size, bool wait,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var noun = work == DistributedWork.BillRun ? "chunk" : "batch";
        context.Log.Information("{Work} for {Key} enqueued as {Jobs} jobs of up to {Size} accounts", work, key, jobs, size);
        if (!context.Json)
            AnsiConsole.MarkupLine($"{key}: {Plural.Of(jobs, noun)} of up to {size:N0} accounts enqueued for the workers (utility-insights worker).");
        var status = DistributedRuns.Status(database, work, key, context.Clock);
        if (!context.Json && status.WaitingForWorker)
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(NoWorker)}[/]");
        while (wait && status.Pending)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            status = DistributedRuns.Status(database, work, key, context.Clock);
            if (!context.Json)
                AnsiConsole.MarkupLine($"  {status.Done}/{status.Total} done, {status.Running} running, {status.Queued} queued, {status.Retrying} retrying, {status.Failed} failed; " +
                    (status.Workers == 0 ? "[yellow]no worker is taking jobs[/]" : Plural.Of(status.Workers, "worker")));
        }
        if (context.Json)
        {
            CliContext.WriteJson(new
            {
                key,
                jobs,
                size,
                status = Json(status),
            });
        }
        else
        {
            foreach (var error in status.Errors)
                AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(error)}");
        }
        return status.Failed > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
    }

    /// <summary>What to say when jobs wait and no worker takes them (an operator who enqueued a run and started none).</summary>
    public const string NoWorker = "No worker is taking jobs from this database: the jobs wait until one is started (utility-insights worker --db … on a machine that reaches it).";

    public static object Json(JobsStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new
        {
            queued = status.Queued,
            running = status.Running,
            done = status.Done,
            retrying = status.Retrying,
            failed = status.Failed,
            errors = status.Errors,
            workers = status.Workers,
        };
    }

    public static void Print(string what, JobsStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        AnsiConsole.MarkupLine($"{what}: {status.Done} done, {status.Running} running, {status.Queued} queued, {status.Retrying} retrying, {status.Failed} failed");
        if (status.WaitingForWorker)
            AnsiConsole.MarkupLine($"  [yellow]{Markup.Escape(NoWorker)}[/]");
        foreach (var error in status.Errors)
            AnsiConsole.MarkupLine($"  [red]failed[/] {Markup.Escape(error)}");
    }
}
