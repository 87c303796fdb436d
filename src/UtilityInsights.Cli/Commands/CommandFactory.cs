using System.CommandLine;
using Serilog;

namespace UtilityInsights.Cli.Commands;

/// <summary>
/// Wraps every command's action with the same outcome handling: exit codes, one-line user errors
/// on stderr (the log file gets the details), clean cancellation on Ctrl+C, and a logged
/// internal error (never shown as a stack trace) for bugs.
/// </summary>
public sealed class CommandFactory(TimeProvider clock, ILogger log)
{
    public void SetAction(Command command, Func<CliContext, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CliContext(parse, clock, log.ForContext("Command", command.Name));
            try
            {
                return await action(context, cancellationToken);
            }
            catch (UserErrorException e)
            {
                log.Information(e, "User error in {Command}: {Reason}", command.Name, e.Message);
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.UserError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                log.Warning("{Command} cancelled", command.Name);
                await Console.Error.WriteLineAsync("cancelled: work committed so far is kept; run the command again to continue.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (Storage.DatabaseErrors.UserReason(e) is { } reason)
            {
                log.Information(e, "Database error in {Command}", command.Name);
                await Console.Error.WriteLineAsync($"error: {reason}");
                return ExitCodes.UserError;
            }
#pragma warning disable CA1031 // The composition root turns any bug into a logged internal error and an exit code.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.Error(e, "Internal error in {Command}", command.Name);
                await Console.Error.WriteLineAsync($"internal error in {command.Name}: {e.GetType().Name}: {e.Message} (details in the log file)");
                return ExitCodes.InternalError;
            }
        });
    }
}
