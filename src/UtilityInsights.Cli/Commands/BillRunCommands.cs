using System.CommandLine;
using Spectre.Console;
using UtilityInsights.Billing;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Operations.Reports;
using UtilityInsights.Printing;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>billrun --cycle YYYY-MM</c>, <c>billrun status</c>, <c>billrun approve</c> and <c>billrun issue</c>.</summary>
public static class BillRunCommands
{
    public static Command Create(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the statements (ACCOUNT/CYCLE.html, .txt and .sms.txt)", DefaultValueFactory = _ => Path.Combine("out", "statements") };
        var ratio = new Option<decimal>("--hold-usage-ratio")
        { Description = "Hold a bill whose usage is above this many times the same month last year or the 12-month average", DefaultValueFactory = _ => 3m };
        var ceiling = new Option<decimal>("--hold-ceiling") { Description = "Hold a bill whose total is above this amount", DefaultValueFactory = _ => 2_000m };
        var estimated = new Option<int>("--hold-estimated-cycles") { Description = "Hold a bill when this many cycles in a row (this one included) were mostly estimated", DefaultValueFactory = _ => 3 };
        var workers = new Option<int>("--workers") { Description = "Accounts billed at once in this process (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var partition = new Option<string>("--partition") { Description = "Bill only share i of n (e.g. 1/2 and 2/2 in two processes on one database)", DefaultValueFactory = _ => "1/1" };
        var tolerance = new Option<int>("--read-tolerance")
        {
            Description = $"Days from a route's scheduled read date within which a register or period read counts as taken on it (0 to {Operations.Compose.BillPeriods.MaxReadToleranceDays})",
            DefaultValueFactory = _ => Operations.Compose.BillPeriods.DefaultReadToleranceDays,
        };
        var distributed = DistributedCommands.DistributedOption("the cycle's bill run");
        var chunk = new Option<int>("--chunk") { Description = "With --distributed: accounts a job", DefaultValueFactory = _ => 1_000 };
        var wait = DistributedCommands.WaitOption();
        var noFiles = new Option<bool>("--no-statement-files")
        {
            Description = "Keep each statement only as the document stored with its bill (what issue, the portal and statements render read), not also as files under --out",
        };
        var billrun = new Command("billrun", "The monthly bill run: rate, compare, render and store every account's bill for a cycle (re-run to resume)")
        {
            cycle, output, ratio, ceiling, estimated, partition, workers, tolerance, distributed, chunk, wait, noFiles,
        };
        factory.SetAction(billrun, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            if (context.Get(ratio) <= 1m)
                throw new UserErrorException($"--hold-usage-ratio {context.Get(ratio)} must be above 1.");
            if (context.Get(ceiling) <= 0m)
                throw new UserErrorException($"--hold-ceiling {context.Get(ceiling)} must be positive.");
            if (context.Get(tolerance) is < 0 or > Operations.Compose.BillPeriods.MaxReadToleranceDays)
                throw new UserErrorException($"--read-tolerance {context.Get(tolerance)}: between 0 and {Operations.Compose.BillPeriods.MaxReadToleranceDays} days.");
            if (context.Get(estimated) < 1)
                throw new UserErrorException($"--hold-estimated-cycles {context.Get(estimated)} must be at least 1.");
            if (context.Get(workers) is < 1 or > 64)
                throw new UserErrorException($"--workers {context.Get(workers)} must be between 1 and 64.");
            var share = Partition.Parse(context.Get(partition));
            var holds = new HoldRules(context.Get(ratio), context.Get(ceiling), context.Get(estimated));
            var database = await context.OpenDatabaseAsync(cancellationToken);
            if (context.Get(distributed))
            {
                var chunks = await Jobs.DistributedRuns.EnqueueBillRunAsync(database, month, context.Get(chunk), context.Get(noFiles) ? null : Path.GetFullPath(context.Get(output)), context.Get(tolerance), holds, cancellationToken);
                return await DistributedCommands.ReportAsync(context, database, Jobs.DistributedWork.BillRun, month, chunks.Count, context.Get(chunk), context.Get(wait), cancellationToken);
            }
            var runner = BillRunner.WithDefaults(database, holds, context.Clock, context.Get(workers), context.Get(tolerance), context.Log, statementFiles: !context.Get(noFiles));
            var result = await context.WithProgressAsync($"Billing {month}", progress => runner.RunAsync(month, share, context.Get(output), progress, cancellationToken));
            context.Log.Information("Bill run {RunId} for {Cycle}: {Due} due, {Billed} ready, {Held} held, {Already} already billed",
                result.RunId, month, result.AccountsDue, result.Billed, result.Held, result.AlreadyBilled);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    run_id = result.RunId,
                    cycle = month,
                    partition = $"{share.Index}/{share.Count}",
                    accounts_due = result.AccountsDue,
                    billed = result.Billed,
                    held = result.Held,
                    already_billed = result.AlreadyBilled,
                    out_of_service = result.OutOfService,
                    @out = context.Get(noFiles) ? null : result.Out,
                    invalid_ids = result.InvalidIds,
                });
            }
            else
            {
                AnsiConsole.MarkupLine($"{month}: [green]{Plural.Of(result.Billed, "bill")}[/] ready, [yellow]{result.Held:N0}[/] held for review, {result.AlreadyBilled:N0} already billed, of {Plural.Of(result.AccountsDue, "account")} due");
                if (result.OutOfService > 0)
                    AnsiConsole.MarkupLine($"{Plural.Of(result.OutOfService, "account")} had no service in the period (moved in after it or out before it): not billed.");
                AnsiConsole.MarkupLine(context.Get(noFiles)
                    ? $"Statements kept with the bills (no files written); `billrun status --cycle {month}` shows why bills are held."
                    : $"Statements in {Markup.Escape(result.Out)} (ACCOUNT/{month}.html, .txt, .sms.txt); `billrun status --cycle {month}` shows why bills are held.");
                if (result.InvalidIds.Count > 0)
                    AnsiConsole.MarkupLine($"[yellow]{Plural.Of(result.InvalidIds.Count, "account")} not billed[/]: their ids break the id rule ({Markup.Escape(Domain.Identifier.Rule)}); `db check` lists them.");
            }
            foreach (var id in result.InvalidIds)
                context.Log.Warning("Account {AccountId} not billed: its id breaks the id rule", id);
            return result.InvalidIds.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });

        var statusCycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var chunks = new Option<bool>("--chunks") { Description = "Also the distributed bill run's chunks and issue's batches: queued, running, done, retrying and failed (a server database)" };
        var status = new Command("status", "Where a cycle stands: bills ready, held (by reason) and issued, and their total") { statusCycle, chunks };
        factory.SetAction(status, async (context, cancellationToken) =>
        {
            var month = context.Get(statusCycle);
            _ = BillingCycle.ParseOrUserError(month);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var cycleStatus = await CycleStatus.LoadAsync(database, month, cancellationToken);
            var chunkStatus = context.Get(chunks) ? Jobs.DistributedRuns.Status(database, Jobs.DistributedWork.BillRun, month, context.Clock) : null;
            var batchStatus = context.Get(chunks) ? Jobs.DistributedRuns.Status(database, Jobs.DistributedWork.Issue, month, context.Clock) : null;
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    cycle = month,
                    accounts_due = cycleStatus.AccountsDue,
                    billed = cycleStatus.Billed,
                    held = cycleStatus.Held,
                    issued = cycleStatus.Issued,
                    total_amount = cycleStatus.TotalAmount,
                    currency = cycleStatus.Currency,
                    held_by_reason = cycleStatus.HeldByReason,
                    chunks = chunkStatus is null ? null : DistributedCommands.Json(chunkStatus),
                    issue_batches = batchStatus is null ? null : DistributedCommands.Json(batchStatus),
                });
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("status", "bills", "total");
            foreach (var (s, n) in cycleStatus.Counts.OrderBy(c => c.Key))
                table.AddRow(s.ToString().ToLowerInvariant(), n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    cycleStatus.Totals[s].Amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Accounts due: {cycleStatus.AccountsDue:N0}; not yet billed: {cycleStatus.NotYetBilled:N0}");
            AnsiConsole.MarkupLine($"Ready or issued: {Plural.Of(cycleStatus.Billed, "bill")}, {cycleStatus.TotalAmount:N2} {cycleStatus.Currency}; held: {cycleStatus.Held:N0}; runs: {cycleStatus.Runs.Count}");
            foreach (var (reason, n) in cycleStatus.HeldByReason)
                AnsiConsole.MarkupLine($"  held, {Markup.Escape(reason)}: {n:N0}");
            if (chunkStatus is not null)
                DistributedCommands.Print("Bill-run chunks", chunkStatus);
            if (batchStatus is { Total: > 0 })
                DistributedCommands.Print("Issue batches", batchStatus);
            return ExitCodes.Success;
        });
        billrun.Subcommands.Add(status);
        billrun.Subcommands.Add(Report(factory));
        billrun.Subcommands.Add(Rebill(factory));
        billrun.Subcommands.Add(Estimate(factory));
        billrun.Subcommands.Add(Reconcile(factory));
        billrun.Subcommands.Add(Approve(factory));
        billrun.Subcommands.Add(Issue(factory));
        return billrun;
    }

    private static Command Report(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var output = new Option<string?>("--out") { Description = "HTML file to write (default out/reports/billrun-CYCLE.html)" };
        var report = new Command("report", "The cycle's run report: billed and held by reason, revenue by tariff and charge type, distributions, comparison states, throughput")
        {
            cycle, output,
        };
        factory.SetAction(report, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var path = context.Get(output) ?? DefaultReportPath(month);
            var data = await WriteReportAsync(database, month, path, cancellationToken);
            context.Log.Information("Run report for {Cycle} written: {Billed} billed, {Held} held", month, data.Billed, data.Held);
            if (context.Json)
            {
                CliContext.WriteJson(new { report = data, @out = path });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"{month}: {data.Billed:N0} billed ({data.TotalAmount:N2} {data.Currency}), {data.Held:N0} held, {data.AccountsDue:N0} accounts due. Report: {Markup.Escape(path)}");
            return ExitCodes.Success;
        });
        return report;
    }

    public static string DefaultReportPath(string cycle) => Path.Combine("out", "reports", $"billrun-{cycle}.html");

    /// <summary>Builds the cycle's run report and writes its HTML (beside, then renamed into place).</summary>
    public static async Task<BillRunReportData> WriteReportAsync(Storage.UtilityDatabase database, string cycle, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var data = await BillRunReport.BuildAsync(database, cycle, await database.Bills.CurrencyOfAsync(cycle, cancellationToken), cancellationToken);
        await StatementFiles.WriteAtomicallyAsync(path, BillRunReport.RenderHtml(data), cancellationToken);
        return data;
    }

    private static Command Rebill(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var account = new Option<string>("--account") { Description = "The account to bill again", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the statements (ACCOUNT/CYCLE.html …)", DefaultValueFactory = _ => Path.Combine("out", "statements") };
        var ratio = new Option<decimal>("--hold-usage-ratio") { Description = "As for billrun", DefaultValueFactory = _ => 3m };
        var ceiling = new Option<decimal>("--hold-ceiling") { Description = "As for billrun", DefaultValueFactory = _ => 2_000m };
        var rebill = new Command("rebill", "Cancel an account's bill for a cycle (reversing an issued charge with a correction line) and bill it again from the corrected reads")
        {
            cycle, account, output, ratio, ceiling,
        };
        factory.SetAction(rebill, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var id = Domain.AccountId.ParseOrUserError(context.Get(account));
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var runner = BillRunner.WithDefaults(database, new HoldRules(context.Get(ratio), context.Get(ceiling)), context.Clock);
            var result = await runner.RebillAsync(id, month, context.Get(output), cancellationToken);
            context.Log.Information("Rebilled {Cycle}: {Cancelled} cancelled, {BillId} {Status}", month, result.CancelledBillId, result.BillId, result.Status);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    cycle = month,
                    cancelled = new { bill_id = result.CancelledBillId, status_was = result.CancelledStatusWas.ToString(), total = result.CancelledTotal },
                    bill = new { bill_id = result.BillId, status = result.Status.ToString(), total = result.Total, hold_reason = result.HoldReason?.ToString() },
                });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"{Markup.Escape(result.CancelledBillId)} ({result.CancelledTotal:N2}) cancelled; {Markup.Escape(result.BillId)} ({result.Total:N2}) is " +
                (result.Status == BillStatus.Held ? $"held: {Markup.Escape(result.HoldReason?.ToString() ?? "")}" : $"ready: `billrun issue --cycle {month}` sends it."));
            return ExitCodes.Success;
        });
        return rebill;
    }

    private static Command Estimate(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var account = new Option<string?>("--account") { Description = "Only this account's bill (waiting for reads)" };
        var estimate = new Command("estimate",
            "Estimate the reads that bills held as reads_missing are waiting for (same weekday and time of the four weeks before), so that the next billrun bills them")
        {
            cycle, account,
        };
        factory.SetAction(estimate, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var one = context.Get(account) is { } given ? Domain.AccountId.ParseOrUserError(given) : (Domain.AccountId?)null;
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var result = await new BillingEstimation(database, context.Clock).EstimateAsync(month, one, cancellationToken);
            context.Log.Information("Estimated {Reads} reads for {Accounts} of {Waiting} accounts waiting in {Cycle}", result.Reads, result.Estimated, result.Waiting, month);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    cycle = month,
                    waiting = result.Waiting,
                    estimated_accounts = result.Estimated,
                    estimated_reads = result.Reads,
                    not_estimated = result.NotEstimated.Select(n => new { account_id = n.Account.Value, reason = n.Reason }),
                });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine(result.Waiting == 0
                ? $"{month}: no bill is waiting for reads."
                : $"{month}: {Plural.Of(result.Waiting, "bill")} waiting for reads; " +
                    (result.Estimated == 0 ? "no reads estimated." : $"{result.Reads:N0} reads estimated for {Plural.Of(result.Estimated, "account")}."));
            foreach (var (waiting, reason) in result.NotEstimated)
                AnsiConsole.MarkupLine($"  {Markup.Escape(waiting.Value)} still waits: {Markup.Escape(reason)}");
            if (result.Waiting > 0 && result.Estimated == 0 && result.NotEstimated.Count == 0)
                AnsiConsole.MarkupLine($"Their periods have a read or an estimate for every interval now: run [bold]billrun --cycle {month}[/] to bill them.");
            if (result.Estimated > 0)
            {
                AnsiConsole.MarkupLine($"Now run [bold]billrun --cycle {month}[/] to bill them on the estimates (each statement counts its estimated reads). " +
                    $"When the actual reads come, ingest them (they replace the estimates) and run [bold]billrun reconcile --cycle {month}[/] for the bills they change.");
            }
            return ExitCodes.Success;
        });
        return estimate;
    }

    private static Command Reconcile(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var rebillAll = new Option<bool>("--rebill") { Description = "Rebill every bill listed whose period is read whole now (as billrun rebill does, one by one)" };
        var output = new Option<string>("--out") { Description = "With --rebill: folder for the statements", DefaultValueFactory = _ => Path.Combine("out", "statements") };
        var reconcile = new Command("reconcile",
            "List the cycle's bills of interval meters whose reads changed since they were billed (estimates replaced by actual reads, corrected reads), to rebill them")
        {
            cycle, rebillAll, output,
        };
        factory.SetAction(reconcile, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var (checkedBills, changed) = await new BillReconciliation(database).FindAsync(month, cancellationToken);
            var rebilled = new Dictionary<string, RebillResult>(StringComparer.Ordinal);
            if (context.Get(rebillAll))
            {
                var runner = BillRunner.WithDefaults(database, new HoldRules(), context.Clock);
                foreach (var bill in changed.Where(c => c.UnreadFrom is null))
                    rebilled[bill.BillId] = await runner.RebillAsync(bill.Account, month, context.Get(output), cancellationToken);
            }
            context.Log.Information("Reconciled {Cycle}: {Changed} of {Checked} interval bills differ from their reads, {Rebilled} rebilled", month, changed.Count, checkedBills, rebilled.Count);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    cycle = month,
                    @checked = checkedBills,
                    changed = changed.Select(c => new
                    {
                        account_id = c.Account.Value,
                        bill_id = c.BillId,
                        status = c.Status.ToString(),
                        billed = c.Billed,
                        now = c.Now,
                        unit = c.Unit,
                        estimated_reads_now = c.EstimatedNow,
                        unread_from = c.UnreadFrom,
                        rebilled = rebilled.TryGetValue(c.BillId, out var r)
                            ? new { bill_id = r.BillId, status = r.Status.ToString(), total = r.Total, hold_reason = r.HoldReason?.ToString() } : null,
                    }),
                });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"{month}: {Plural.Of(checkedBills, "bill")} of interval meters checked against their reads; " +
                (changed.Count == 0 ? "every one agrees." : $"{Plural.Of(changed.Count, "bill")} no longer {(changed.Count == 1 ? "agrees" : "agree")}:"));
            foreach (var c in changed)
            {
                var now = c.UnreadFrom is { } from
                    ? $"its period now has no reads from {from:yyyy-MM-dd HH:mm}: rebilled once they are loaded"
                    : $"its reads now give {c.Now:#,0.###} {c.Unit}{(c.EstimatedNow > 0 ? $" ({c.EstimatedNow:N0} reads still estimated)" : "")}";
                var done = rebilled.TryGetValue(c.BillId, out var r)
                    ? $" — rebilled: {r.BillId} ({r.Total:N2}) {(r.Status == BillStatus.Held ? $"held: {r.HoldReason}" : "ready")}"
                    : c.UnreadFrom is null ? $" — billrun rebill --account {c.Account.Value} --cycle {month}" : "";
                AnsiConsole.MarkupLine(Markup.Escape($"  {c.Account.Value} {c.BillId} ({c.Status}): billed {c.Billed:#,0.###} {c.Unit}, {now}{done}"));
            }
            return ExitCodes.Success;
        });
        return reconcile;
    }

    private static Command Approve(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var account = new Option<string?>("--account") { Description = "Approve this account's held bill" };
        var all = new Option<bool>("--all-held") { Description = "Approve every held bill of the cycle" };
        var approve = new Command("approve", "Approve held bills after review, so that billrun issue sends them") { cycle, account, all };
        factory.SetAction(approve, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var one = context.Get(account);
            if (one is null == !context.Get(all))
                throw new UserErrorException("give either --account A or --all-held.");
            var id = one is null ? (Domain.AccountId?)null : Domain.AccountId.ParseOrUserError(one);
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var approved = await database.Bills.ApproveHeldAsync(month, id, cancellationToken);
            if (one is not null && approved == 0)
            {
                // A bill that could not be billed has no charges to approve: say why, and what to do instead.
                throw new UserErrorException(await database.Bills.GetAsync(new Domain.AccountId(one), month, cancellationToken) is { Status: BillStatus.Held, HoldReason: { IsNotRated: true } reason }
                    ? $"account {one}'s bill for {month} could not be billed, so it cannot be approved: {reason.Detail.TrimEnd('.')}. Fix the cause and run `billrun --cycle {month}` again."
                    : $"account {one} has no held bill with charges for {month} (see billrun status --cycle {month}).");
            }
            context.Log.Information("Held bills of {Cycle} approved: {Count}", month, approved);
            if (context.Json)
                CliContext.WriteJson(new { cycle = month, approved });
            else
                AnsiConsole.MarkupLine($"{Plural.Of(approved, "held bill")} of {month} approved; `billrun issue --cycle {month}` sends them.");
            return ExitCodes.Success;
        });
        return approve;
    }

    private static Command Issue(CommandFactory factory)
    {
        var cycle = new Option<string>("--cycle") { Description = "Billing month (YYYY-MM)", Required = true };
        var statements = new Option<string>("--statements") { Description = "Where billrun wrote the statements", DefaultValueFactory = _ => Path.Combine("out", "statements") };
        var output = new Option<string>("--out") { Description = "Delivery folder (CYCLE/email and CYCLE/print)", DefaultValueFactory = _ => Path.Combine("out", "delivery") };
        var printFormat = new Option<string>("--print-format") { Description = "Paper statements as batch PDFs of up to 500 (laid out for paper, no browser) or as HTML files", DefaultValueFactory = _ => "pdf" };
        var simplex = new Option<bool>("--simplex") { Description = "Batch PDFs printed on one side of the paper (no blank page after a statement with an odd number of pages)" };
        var distributed = DistributedCommands.DistributedOption("the issue, one job per print batch,");
        var batch = new Option<int>("--batch") { Description = "With --distributed: accounts a print batch (a job, with lists of its own: manifest-0001.csv …)", DefaultValueFactory = _ => 500 };
        var wait = DistributedCommands.WaitOption();
        var issue = new Command("issue", "Issue the cycle's ready and approved bills: deliver each statement by the account's channel and post the charge to the ledger")
        {
            cycle, statements, output, printFormat, simplex, distributed, batch, wait,
        };
        factory.SetAction(issue, async (context, cancellationToken) =>
        {
            var month = context.Get(cycle);
            _ = BillingCycle.ParseOrUserError(month);
            var format = context.Get(printFormat);
            if (format is not ("pdf" or "html"))
                throw new UserErrorException($"--print-format '{format}' is not pdf or html.");
            var database = await context.OpenDatabaseAsync(cancellationToken);
            if (context.Get(distributed))
            {
                var batches = await Jobs.DistributedRuns.EnqueueIssueAsync(database, month, context.Get(batch), Path.GetFullPath(context.Get(statements)),
                    Path.GetFullPath(context.Get(output)), format, duplex: !context.Get(simplex), cancellationToken);
                return await DistributedCommands.ReportAsync(context, database, Jobs.DistributedWork.Issue, month, batches.Count, context.Get(batch), context.Get(wait), cancellationToken);
            }
            await using var print = PdfBatches.For(format, "Or issue with --print-format html.", duplex: !context.Get(simplex));
            var result = await new BillIssuer(database).IssueAsync(month, context.Get(statements), context.Get(output), print, cancellationToken);
            context.Log.Information("Bills of {Cycle} issued: {Issued} ({Email} by email, {Paper} on paper, {Failed} not delivered)",
                month, result.Issued, result.Email, result.Paper, result.Failed.Count);
            foreach (var failure in result.Failed)
                context.Log.Warning("Bill {BillId} of account {AccountId} was not delivered: {Reason}", failure.BillId, failure.AccountId, failure.Reason);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    cycle = month,
                    issued = result.Issued,
                    email = result.Email,
                    paper = result.Paper,
                    @out = result.Delivery,
                    failed = result.Failed.Select(f => new { bill_id = f.BillId, account_id = f.AccountId, reason = f.Reason }),
                });
            }
            else
            {
                AnsiConsole.MarkupLine($"{Plural.Of(result.Issued, "bill")} of {month} issued: {result.Email} to the email outbox, {result.Paper} to the print batch, in {Markup.Escape(result.Delivery)}");
                foreach (var failure in result.Failed)
                    AnsiConsole.MarkupLine($"[yellow]not delivered[/] {Markup.Escape(failure.BillId)} ({Markup.Escape(failure.AccountId)}): {Markup.Escape(failure.Reason)}");
                if (result.Failed.Count > 0)
                    AnsiConsole.MarkupLine("Those bills stay ready: fix the cause (db check lists ids that cannot name a file) and run billrun issue again.");
            }
            return result.Failed.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });
        return issue;
    }
}
