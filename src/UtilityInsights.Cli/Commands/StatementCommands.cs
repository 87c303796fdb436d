using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Printing;
using UtilityInsights.Statements;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>statements render --account A --cycle YYYY-MM --format html|text|pdf [--out FILE]</c>.</summary>
public static class StatementCommands
{
    public static Command Create(CommandFactory factory)
    {
        var account = new Option<string>("--account") { Description = "Account id", Required = true };
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var format = new Option<string>("--format") { Description = "html, text or pdf", DefaultValueFactory = _ => "html" };
        var output = new Option<string?>("--out") { Description = "Output file (default out/statements/ACCOUNT/CYCLE.html|.txt|.pdf)" };
        var preview = new Option<bool>("--preview")
        {
            Description = "Build the statement from the database as it is now, even for a billed cycle (what a rebill would show); never what was sent",
        };
        var render = new Command("render", "Render one account's statement for a cycle: a billed cycle's bill of record (as sent), else a preview")
        {
            account, cycle, format, output, preview,
        };
        factory.SetAction(render, async (context, cancellationToken) =>
        {
            var kind = context.Get(format);
            if (kind is not ("html" or "text" or "pdf"))
                throw new UserErrorException($"--format '{kind}' is not html, text or pdf.");
            var id = AccountId.ParseOrUserError(context.Get(account));
            _ = BillingCycle.ParseOrUserError(context.Get(cycle));
            var renderer = StatementRenderer.Default();
            var database = await context.OpenDatabaseAsync(cancellationToken);
            // A billed cycle renders its bill of record (the document stored with the bill, as sent); a cycle not
            // billed yet is a preview built from the database as it is now.
            var bill = await database.Bills.GetAsync(id, context.Get(cycle), cancellationToken);
            var stored = bill is null || bill.Status == BillStatus.Cancelled || context.Get(preview)
                ? null
                : await new StatementRecords(database, renderer).LoadAsync(bill.BillId, cancellationToken);
            var model = stored?.Model ?? (await new StatementBuilder(database, TipCatalog.Default(), BrandingConfig.Default()).BuildAsync(id, context.Get(cycle), renderer, cancellationToken)).Model;
            // A bill of record renders with the templates it was sent with.
            renderer = stored?.Renderer ?? renderer;
            var source = stored is not null ? "bill_of_record" : "preview";
            var extension = kind == "text" ? "txt" : kind;
            var path = context.Get(output) ?? StatementFiles.For(Path.Combine("out", "statements"), id, context.Get(cycle), extension);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            switch (kind)
            {
                case "html":
                    await File.WriteAllTextAsync(path, renderer.RenderHtml(model), cancellationToken);
                    break;
                case "text":
                    await File.WriteAllTextAsync(path, renderer.RenderText(model), cancellationToken);
                    break;
                default:
                    await StatementFiles.WriteAtomicallyAsync(path, StatementPdf.Print(model, renderer.Strings(model.Language)), cancellationToken);
                    break;
            }
            context.Log.Information("Rendered the {Format} statement of account {Account} for {Cycle}", kind, context.Get(account), context.Get(cycle));
            if (context.Json)
                CliContext.WriteJson(new { account = context.Get(account), cycle = context.Get(cycle), format = kind, @out = path, template_version = renderer.TemplateVersion, model_version = model.ModelVersion, source, bill_id = bill?.BillId });
            else
                AnsiConsole.MarkupLine(stored is not null ? $"Wrote {Markup.Escape(path)} (bill {Markup.Escape(bill!.BillId)} as it was sent)" : $"Wrote {Markup.Escape(path)} (a preview built from the database as it is now)");
            return ExitCodes.Success;
        });
        return new Command("statements", "Customer statements") { render };
    }
}
