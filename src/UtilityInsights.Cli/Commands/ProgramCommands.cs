using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Insights;
using UtilityInsights.Operations.Programs;
using UtilityInsights.Operations.Reports;
using UtilityInsights.Programs;

namespace UtilityInsights.Cli.Commands;

/// <summary>
/// <c>program create | import | evaluate | list</c>: randomised programs — who is shown the
/// comparisons and tips and who is held out — and the savings measured against the held-out group.
/// </summary>
public static class ProgramCommands
{
    public static Command Create(CommandFactory factory)
    {
        var name = new Option<string>("--name") { Description = "The program's name (letters, digits, '-', '_', '.')", Required = true };
        var start = new Option<string>("--start") { Description = "First day the treatment group's statements carry the comparison and tips (YYYY-MM-DD)", Required = true };
        var holdout = new Option<decimal>("--holdout") { Description = "Share of eligible accounts held out as the control group", DefaultValueFactory = _ => 0.2m };
        var seed = new Option<int>("--seed") { Description = "Random seed of the draw (the same seed, the same groups)", DefaultValueFactory = _ => 1 };
        var stratify = new Option<string?>("--stratify") { Description = $"Draw within strata of these characteristics, comma-separated: {string.Join(", ", UtilityProgram.StratifyKeys)}" };
        var minHistory = new Option<int>("--min-history-days") { Description = "Eligible only with this many days of reads in the year before the start", DefaultValueFactory = _ => 60 };
        var vacantBelow = new Option<decimal>("--vacant-below") { Description = "Not eligible using less per day than this (looks vacant)", DefaultValueFactory = _ => 1.0m };
        var create = new Command("create", "Draw a program's treatment and control groups among the accounts eligible on its start date (stored once, never changed)")
        {
            name, start, holdout, seed, stratify, minHistory, vacantBelow,
        };
        factory.SetAction(create, async (context, cancellationToken) =>
        {
            var program = new UtilityProgram(context.Get(name), CliContext.Date(context.Get(start), "--start"), context.Get(holdout), context.Get(seed),
                context.Get(stratify)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [], "random",
                new EligibilityRules(context.Get(vacantBelow), context.Get(minHistory)));
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var summary = await context.WithProgressAsync("Drawing the groups", _ => ProgramEnrolment.CreateAsync(database, program, context.Clock, context.Log, cancellationToken));
            return Report(context, summary);
        });

        var assignments = new Option<string>("--assignments") { Description = "The evaluator's assignment: CSV of account_id,group (treatment or control)", Required = true };
        var import = new Command("import", "Store a program whose groups were drawn elsewhere (an evaluator's assignment file)") { name, start, assignments };
        factory.SetAction(import, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var summary = await ProgramEnrolment.ImportAsync(database, CheckedName(context.Get(name)), CliContext.Date(context.Get(start), "--start"),
                context.Get(assignments), context.Clock, cancellationToken);
            return Report(context, summary);
        });

        var from = new Option<string?>("--from") { Description = "First day evaluated (default: the program's first whole month)" };
        var to = new Option<string?>("--to") { Description = "Day after the last day evaluated (default: the day after the last read)" };
        var reportOut = new Option<string?>("--out") { Description = "Write an HTML report with plots to this file" };
        var evaluate = new Command("evaluate", "Savings of the treatment group against the control group, adjusted for usage before the start, with 95 % intervals")
        {
            name, from, to, reportOut,
        };
        factory.SetAction(evaluate, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var result = await context.WithProgressAsync("Evaluating", _ => ProgramEvaluation.EvaluateAsync(database, CheckedName(context.Get(name)),
                context.Get(from) is { } f ? CliContext.Date(f, "--from") : null, context.Get(to) is { } t ? CliContext.Date(t, "--to") : null, cancellationToken));
            if (context.Get(reportOut) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, ProgramReport.Render(result), cancellationToken);
            }
            var overall = result.Estimate.Overall;
            var (low, high) = overall.SavingsPercentInterval;
            context.Log.Information("Evaluated program {Program}: savings {Savings:0.00} % ({Low:0.00} to {High:0.00}), {Treatment} treatment and {Control} control homes",
                result.Program.Name, overall.SavingsPercent, low, high, overall.Treatment, overall.Control);
            if (context.Json)
            {
                CliContext.WriteJson(Json(result, context.Get(reportOut)));
                return ExitCodes.Success;
            }
            AnsiConsole.WriteLine(ProgramReport.Headline(result));
            if (low <= 0 && high >= 0)
                AnsiConsole.MarkupLine("[yellow]The 95 % interval includes zero: no saving can be claimed at that confidence.[/]");
            var table = new Table().AddColumns("Month", "Treatment", "Control", "Control kWh/day", "Saved kWh/day", "Savings", "95 % interval");
            foreach (var month in result.Estimate.Months)
            {
                var (lo, hi) = month.Effect.SavingsPercentInterval;
                table.AddRow(month.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), N(month.Effect.Treatment), N(month.Effect.Control),
                    F(month.Effect.ControlPerDay, "0.00"), F(-month.Effect.KwhPerDay, "0.000"), F(month.Effect.SavingsPercent, "0.00") + " %", $"{F(lo, "0.00")} to {F(hi, "0.00")} %");
            }
            AnsiConsole.Write(table);
            var balance = result.Estimate.Balance;
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Before the start: treatment {balance.TreatmentPerDay:0.00}, control {balance.ControlPerDay:0.00} kWh/day (p = {balance.PValue:0.00}): {(balance.Balanced ? "balanced" : "NOT balanced")}.")));
            // The control group's counts follow the treatment's in the same order: a gas or water count in either group is given in both.
            var otherMeters = result.Treatment.NotElectricity > 0 || result.Control.NotElectricity > 0;
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Left out — treatment: {result.Treatment.NoUsageBefore} no usage before, {result.Treatment.MovedOutBefore} moved out, {result.Treatment.NoUsageAfter} no usage after" +
                $"{(otherMeters ? $", {result.Treatment.NotElectricity} not on an electricity meter" : "")}; " +
                $"control: {result.Control.NoUsageBefore}, {result.Control.MovedOutBefore}, {result.Control.NoUsageAfter}" +
                $"{(otherMeters ? $", {result.Control.NotElectricity}" : "")}.")));
            if (context.Get(reportOut) is { } written)
                AnsiConsole.MarkupLine($"Report: {Markup.Escape(written)}");
            return ExitCodes.Success;
        });

        var list = new Command("list", "The programs: start, groups and how they were drawn");
        factory.SetAction(list, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var rows = new List<(UtilityProgram Program, int Treatment, int Control)>();
            foreach (var program in await database.Programs.ListAsync(cancellationToken))
            {
                var assigned = await database.Programs.AssignmentsAsync(program.Name, cancellationToken);
                var control = assigned.Values.Count(a => a.Arm == ProgramArm.Control);
                rows.Add((program, assigned.Count - control, control));
            }
            if (context.Json)
            {
                CliContext.WriteJson(rows.Select(r => new
                {
                    name = r.Program.Name,
                    start = r.Program.Start,
                    holdout = r.Program.Holdout,
                    seed = r.Program.Seed,
                    stratify = r.Program.Stratify,
                    source = r.Program.Source,
                    homes = new { treatment = r.Treatment, control = r.Control },
                }));
                return ExitCodes.Success;
            }
            if (rows.Count == 0)
            {
                AnsiConsole.WriteLine("No programs yet (program create or program import).");
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("Program", "Start", "Treatment", "Control", "Assignment");
            foreach (var (program, treatment, control) in rows)
                table.AddRow(Markup.Escape(program.Name), program.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(treatment), N(control), Markup.Escape(program.Source));
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return new Command("program", "Randomised programs: treatment and control groups, and the savings measured between them") { create, import, evaluate, list };
    }

    private static string CheckedName(string name) =>
        Domain.Identifier.Problem(name) is { } problem ? throw new UserErrorException($"--name '{name}' {problem}.") : name;

    private static int Report(CliContext context, EnrolmentSummary summary)
    {
        context.Log.Information("Program {Program}: {Treatment} treatment, {Control} control", summary.Program, summary.Treatment, summary.Control);
        var rejected = summary.Rows?.Rejected ?? 0;
        if (context.Json)
        {
            CliContext.WriteJson(new
            {
                program = summary.Program,
                start = summary.Start,
                accounts = summary.Accounts,
                eligible = summary.Eligible,
                excluded = summary.Excluded,
                homes = new { treatment = summary.Treatment, control = summary.Control },
                strata = summary.Strata,
                rejected,
                rejects_file = summary.Rows?.RejectsFile,
            });
            return ExitCodes.ForRejected(rejected);
        }
        AnsiConsole.MarkupLine($"Program [green]{Markup.Escape(summary.Program)}[/] from {summary.Start:MMM d, yyyy}: {summary.Treatment:N0} accounts in treatment, " +
            $"{summary.Control:N0} in control ({Plural.Of(summary.Strata, "stratum", "strata")}), of {summary.Eligible:N0} eligible.");
        if (summary.Excluded.Count > 0)
            AnsiConsole.MarkupLine("Not eligible: " + Markup.Escape(string.Join(", ", summary.Excluded.Select(e => $"{e.Key.Replace('_', ' ')} {e.Value:N0}"))));
        if (rejected > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]{Plural.Of(rejected, "row")} rejected[/], listed in {Markup.Escape(summary.Rows!.RejectsFile ?? "")}:");
            foreach (var line in summary.Rows.Rejections)
                AnsiConsole.WriteLine("  " + line);
        }
        return ExitCodes.ForRejected(rejected);
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static object Json(ProgramEvaluationResult result, string? report)
    {
        var (estimate, overall) = (result.Estimate, result.Estimate.Overall);
        var (low, high) = overall.SavingsPercentInterval;
        static double R(double v, int digits = 3) => Math.Round(v, digits);
        return new
        {
            program = result.Program.Name,
            start = result.Program.Start,
            from = result.From,
            to = result.To,
            method = ProgramEvaluationResult.Method,
            savings_percent = R(overall.SavingsPercent),
            ci95 = new[] { R(low), R(high) },
            savings_kwh_per_home_per_day = R(-overall.KwhPerDay, 4),
            savings_kwh_per_home = R(-overall.KwhPerDay * estimate.WindowDays, 1),
            control_kwh_per_day = R(overall.ControlPerDay),
            days = estimate.WindowDays,
            homes = new { treatment = overall.Treatment, control = overall.Control },
            months = estimate.Months.Select(m =>
            {
                var (lo, hi) = m.Effect.SavingsPercentInterval;
                return new
                {
                    month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    savings_percent = R(m.Effect.SavingsPercent),
                    ci95 = new[] { R(lo), R(hi) },
                    savings_kwh_per_home_per_day = R(-m.Effect.KwhPerDay, 4),
                    control_kwh_per_day = R(m.Effect.ControlPerDay),
                    homes = new { treatment = m.Effect.Treatment, control = m.Effect.Control },
                };
            }),
            balance = new
            {
                treatment_kwh_per_day = R(estimate.Balance.TreatmentPerDay),
                control_kwh_per_day = R(estimate.Balance.ControlPerDay),
                difference = R(estimate.Balance.Difference, 4),
                ci95 = new[] { R(estimate.Balance.Low, 4), R(estimate.Balance.High, 4) },
                p_value = R(estimate.Balance.PValue),
                standardized_difference = R(estimate.Balance.StandardizedDifference, 4),
                balanced = estimate.Balance.Balanced,
            },
            attrition = new
            {
                treatment = Attrition(result.Treatment),
                control = Attrition(result.Control),
            },
            covariate_months = estimate.CovariateMonths.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            report,
        };
    }

    private static object Attrition(Attrition a) => new
    {
        assigned = a.Assigned,
        analysed = a.Analysed,
        no_usage_before = a.NoUsageBefore,
        moved_out_before = a.MovedOutBefore,
        no_usage_after = a.NoUsageAfter,
        moved_out_during = a.MovedOutDuring,
        not_electricity = a.NotElectricity,
    };
}
