using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Operations.Tariffs;
using UtilityInsights.Rating;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>tariffs import FILE</c>, <c>tariffs list</c>, <c>tariffs show ID</c>: effective-dated tariff versions in the database.</summary>
public static class TariffCommands
{
    public static Command Create(CommandFactory factory)
    {
        var file = new Argument<string>("file") { Description = "Tariff JSON (the project's format or an OpenEI URDB response)" };
        var import = new Command("import", "Import a tariff (a new version when it changed; refused with the reason when it cannot be billed)") { file, RateCommand.TextCharge };
        factory.SetAction(import, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var imported = await TariffImport.ImportFileAsync(database, context.Get(file), context.Clock, context.Log, cancellationToken, context.Get(RateCommand.TextCharge));
            if (context.Json)
            {
                CliContext.WriteJson(new { imported = imported.Select(t => new { id = t.Id, name = t.Name, version = t.Version, added = t.Added }) });
                return ExitCodes.Success;
            }
            foreach (var t in imported)
                AnsiConsole.MarkupLine($"{Markup.Escape(t.Id)} ({Markup.Escape(t.Name)}): version {t.Version} {(t.Added ? "[green]added[/]" : "unchanged")}");
            return ExitCodes.Success;
        });

        var list = new Command("list", "List the tariffs in the database");
        factory.SetAction(list, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var tariffs = await database.Tariffs.ListAsync(cancellationToken);
            if (context.Json)
            {
                CliContext.WriteJson(new { tariffs });
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("Id", "Name", "Utility", "Source");
            foreach (var t in tariffs)
                table.AddRow(Markup.Escape(t.TariffId), Markup.Escape(t.Name), Markup.Escape(t.Utility), t.Source);
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });

        var id = new Argument<string>("id") { Description = "Tariff id" };
        var show = new Command("show", "Show a tariff's versions and what the newest one charges") { id };
        factory.SetAction(show, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var versions = await database.Tariffs.VersionsAsync(context.Get(id), cancellationToken);
            if (versions.Count == 0)
                throw new UserErrorException($"tariff '{context.Get(id)}' is not in {database.Target.Display}.");
            var newest = TariffFiles.Parse(versions[^1].Document).Single();
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    id = newest.Id,
                    name = newest.Name,
                    utility = newest.Utility,
                    versions = versions.Select(v => new { v.Version, effective_from = v.EffectiveFrom, imported_at = v.ImportedAt }),
                    energy_periods = newest.EnergyPeriods.Select(p => new { p.Name, tiers = p.Tiers.Select(t => new { up_to = t.UpTo, limit_unit = t.LimitUnit.ToString(), rate = t.BilledRate }) }),
                    fixed_charges = newest.FixedCharges,
                    minimum_charge = newest.MinimumCharge,
                    dgrules = newest.DistributedGenerationRules,
                });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(newest.Name)}[/] ({Markup.Escape(newest.Id)}), {Markup.Escape(newest.Utility)}; {Plural.Of(versions.Count, "version")}, newest effective {newest.EffectiveFrom:yyyy-MM-dd}");
            foreach (var period in newest.EnergyPeriods)
                AnsiConsole.MarkupLine($"  Energy {Markup.Escape(period.Name)}: " + Markup.Escape(string.Join("; ", period.Tiers.Select(t => $"{(t.UpTo is { } u ? $"up to {u} {t.LimitUnit}" : "rest")} at ${t.BilledRate}/kWh"))));
            foreach (var charge in newest.FixedCharges)
                AnsiConsole.MarkupLine($"  {Markup.Escape(charge.Description)}: ${charge.Amount} per {(charge.Per == ChargeBasis.PerDay ? "day" : "month")}");
            if (newest.MinimumCharge is { } min)
                AnsiConsole.MarkupLine($"  Minimum charge: ${min} per {(newest.MinimumBasis == ChargeBasis.PerDay ? "day" : "month")}");
            return ExitCodes.Success;
        });
        return new Command("tariffs", "Tariffs and their versions") { import, list, show };
    }
}
