using System.CommandLine;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>worker</c>: runs jobs of a distributed bill run (and, as they come, other distributed work) until Ctrl+C.</summary>
public static class WorkerCommand
{
    public static Command Create(CommandFactory factory)
    {
        var queues = new Option<string>("--queues") { Description = "Comma-separated queues to take jobs from", DefaultValueFactory = _ => Jobs.BatchJobs.Queue };
        var workers = new Option<int>("--workers") { Description = "Jobs run at once in this process (each job bills its chunk on every core already)", DefaultValueFactory = _ => 1 };
        var worker = new Command("worker", "Run a worker of the distributed bill run, issue and notice run on this machine (a server database shared by the workers) until Ctrl+C") { queues, workers };
        factory.SetAction(worker, async (context, cancellationToken) =>
        {
            if (context.Get(workers) is < 1 or > 64)
                throw new UserErrorException($"--workers {context.Get(workers)} must be between 1 and 64.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            await Jobs.BillingWorker.RunAsync(database, context.Get(queues).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                context.Get(workers), context.Clock, context.Log, cancellationToken);
            // Ctrl+C or SIGTERM (a service manager stopping it) is how a worker ends: exit 0. A job it was running when stopped
            // goes back to the queue for another worker (DESIGN: the runs' guards make a repeat harmless).
            await Console.Error.WriteLineAsync("worker stopped; the jobs it had not finished go back to the queue for the other workers.");
            return ExitCodes.Success;
        });
        return worker;
    }
}
