using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Storage;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>db migrate</c>: creates the database or brings its schema to the newest version.</summary>
public static class DbCommands
{
    public static Command Create(CommandFactory factory)
    {
        var migrate = new Command("migrate", "Create the database or bring its schema up to date (running it again changes nothing)");
        factory.SetAction(migrate, async (context, cancellationToken) =>
        {
            var database = UtilityDatabase.Open(context.DbArgument);
            MigrationResult result;
            try
            {
                result = await database.MigrateAsync(context.Clock, cancellationToken);
            }
            catch
            {
                database.DeleteIfCreatedByUs();
                throw;
            }
            context.Log.Information("Schema of {Database} at version {Version} ({Applied} applied)", database.Target.Display, result.ToVersion, result.Applied.Count);
            if (context.Json)
            {
                CliContext.WriteJson(new { db = database.Target.Display, provider = database.Provider, from_version = result.FromVersion, to_version = result.ToVersion, applied = result.Applied });
            }
            else if (result.Applied.Count == 0)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(database.Target.Display)} is up to date (schema version {result.ToVersion}).");
            }
            else
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(database.Target.Display)}: schema version {result.FromVersion} → {result.ToVersion} ({Markup.Escape(string.Join(", ", result.Applied))}).");
            }
            return ExitCodes.Success;
        });
        return new Command("db", "Database administration") { migrate };
    }
}
