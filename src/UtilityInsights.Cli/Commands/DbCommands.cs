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
        var check = new Command("check", "List stored ids that break the id rule (databases made before it); exit 2 when there are any");
        factory.SetAction(check, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var invalid = await database.IdCheck.InvalidAsync(cancellationToken);
            if (context.Json)
            {
                CliContext.WriteJson(new { rule = Domain.Identifier.Rule, invalid = invalid.Select(i => new { table = i.Table, column = i.Column, id = i.Id, reason = i.Reason }) });
            }
            else if (invalid.Count == 0)
            {
                AnsiConsole.MarkupLine($"Every stored id follows the id rule ({Markup.Escape(Domain.Identifier.Rule)}).");
            }
            else
            {
                var table = new Table().AddColumns("table", "column", "id", "reason");
                foreach (var i in invalid)
                    table.AddRow(Markup.Escape(i.Table), Markup.Escape(i.Column), Markup.Escape(new string(i.Id.Select(c => char.IsControl(c) ? '?' : c).ToArray())), Markup.Escape(i.Reason));
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"{Plural.Of(invalid.Count, "stored id")} break the id rule: their accounts are not billed or issued until they are renamed or removed.");
            }
            return invalid.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });
        return new Command("db", "Database administration") { migrate, check };
    }
}
