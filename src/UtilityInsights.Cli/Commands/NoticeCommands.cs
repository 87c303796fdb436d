using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Operations.Notices;
using UtilityInsights.Printing;
using UtilityInsights.Statements;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>notices run --as-of D</c>: courteous reminders for overdue balances.</summary>
public static class NoticeCommands
{
    public static Command Create(CommandFactory factory)
    {
        var asOf = new Option<string>("--as-of") { Description = "The date the balances are looked at (YYYY-MM-DD)", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the notices (ACCOUNT/CYCLE-reminder.html …) and the day's list", DefaultValueFactory = _ => Path.Combine("out", "notices") };
        var firstAfter = new Option<int>("--first-after") { Description = "Days after the due date before a first reminder", DefaultValueFactory = _ => 7 };
        var secondAfter = new Option<int>("--second-after") { Description = "Days after the due date before a second notice (only after a first)", DefaultValueFactory = _ => 21 };
        var minimum = new Option<decimal>("--min-amount") { Description = "Smallest overdue balance worth a reminder", DefaultValueFactory = _ => 5m };
        var lateFee = new Option<decimal>("--late-fee") { Description = "Late payment charge made once per overdue bill with its first reminder, where the utility has one (e.g. 5.00); 0: none", DefaultValueFactory = _ => 0m };
        var lateFeePercent = new Option<decimal>("--late-fee-percent") { Description = "Late payment charge as a percentage of the overdue balance (e.g. 1.5), added to --late-fee; 0: none", DefaultValueFactory = _ => 0m };
        var printFormat = new Option<string>("--print-format") { Description = "Paper customers' notices also as pdf (headless Chromium), or html only", DefaultValueFactory = _ => "pdf" };
        var distributed = DistributedCommands.DistributedOption("the notice run, one job per batch of accounts,");
        var batch = new Option<int>("--batch") { Description = "With --distributed: accounts a job (each lists its notices in notices-DATE-0001.csv …)", DefaultValueFactory = _ => 1_000 };
        var wait = DistributedCommands.WaitOption();
        var run = new Command("run", "Write first reminders and second notices for balances overdue on a date (never twice for the same bill and stage)")
        {
            asOf, output, firstAfter, secondAfter, minimum, lateFee, lateFeePercent, printFormat, distributed, batch, wait,
        };
        factory.SetAction(run, async (context, cancellationToken) =>
        {
            var day = CliContext.Date(context.Get(asOf), "--as-of");
            var rules = new NoticeRules(context.Get(firstAfter), context.Get(secondAfter), context.Get(minimum))
            {
                LateFeeFlat = context.Get(lateFee),
                LateFeePercent = context.Get(lateFeePercent),
            };
            if (rules.LateFeeFlat < 0 || rules.LateFeeFlat != decimal.Round(rules.LateFeeFlat, 2))
                throw new UserErrorException($"--late-fee {rules.LateFeeFlat} must be an amount of at least 0 in whole cents.");
            if (rules.LateFeePercent is < 0 or > 100)
                throw new UserErrorException($"--late-fee-percent {rules.LateFeePercent} must be between 0 and 100.");
            if (rules.FirstAfterDays < 1 || rules.SecondAfterDays <= rules.FirstAfterDays)
                throw new UserErrorException($"--first-after {rules.FirstAfterDays} must be at least 1 and --second-after {rules.SecondAfterDays} later than it.");
            if (rules.MinimumAmount < 0)
                throw new UserErrorException($"--min-amount {rules.MinimumAmount} must not be negative.");
            var format = context.Get(printFormat);
            if (format is not ("pdf" or "html"))
                throw new UserErrorException($"--print-format '{format}' is not pdf or html.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            if (context.Get(distributed))
            {
                var batches = await Jobs.DistributedRuns.EnqueueNoticesAsync(database, day, context.Get(batch), Path.GetFullPath(context.Get(output)), format, rules, cancellationToken);
                return await DistributedCommands.ReportAsync(context, database, Jobs.DistributedWork.Notices, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), batches.Count,
                    context.Get(batch), context.Get(wait), cancellationToken);
            }
            var runner = new NoticeRunner(database, StatementRenderer.Default(), BrandingConfig.Default(), rules, context.Clock);
            await using var print = PdfBatches.For(context.Get(printFormat), "Or run with --print-format html.", htmlDocuments: true);
            var result = await runner.RunAsync(day, context.Get(output), print, cancellationToken);
            context.Log.Information("Notices as of {AsOf}: {Checked} accounts checked, {Overdue} overdue, {First} first reminders, {Second} second notices, {Already} already sent, {LateFees} late payment charges",
                day, result.Checked, result.Overdue, result.FirstReminders, result.SecondNotices, result.AlreadySent, result.LateFees);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    as_of = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    @checked = result.Checked,
                    overdue = result.Overdue,
                    first_reminders = result.FirstReminders,
                    second_notices = result.SecondNotices,
                    already_sent = result.AlreadySent,
                    late_fees = result.LateFees,
                    late_fee_total = result.LateFeeTotal,
                    @out = result.Out,
                    failed = result.Failed.Select(f => new { bill_id = f.BillId, account_id = f.AccountId, reason = f.Reason }),
                });
                return result.Failed.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"As of {day:yyyy-MM-dd}: {Plural.Of(result.Overdue, "overdue balance")} among {Plural.Of(result.Checked, "account")} with a bill past due; " +
                $"[green]{Plural.Of(result.FirstReminders, "first reminder")}[/], [yellow]{Plural.Of(result.SecondNotices, "second notice")}[/] written, {result.AlreadySent:N0} already sent.");
            if (result.LateFees > 0)
                AnsiConsole.MarkupLine($"{Plural.Of(result.LateFees, "late payment charge")} posted to the ledger, {result.LateFeeTotal:N2} in all.");
            if (result.FirstReminders + result.SecondNotices > 0)
                AnsiConsole.MarkupLine($"Notices in {Markup.Escape(result.Out)}, listed in notices-{day:yyyy-MM-dd}.csv.");
            foreach (var failure in result.Failed)
                AnsiConsole.MarkupLine($"[yellow]not written[/] {Markup.Escape(failure.BillId)} ({Markup.Escape(failure.AccountId)}): {Markup.Escape(failure.Reason)}");
            return result.Failed.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });
        return new Command("notices", "Reminders for overdue balances") { run };
    }
}
