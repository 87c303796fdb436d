using UtilityInsights.Insights;
using UtilityInsights.Programs;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Programs;

/// <summary>Homes of one arm that dropped out of the estimate, by reason, and those that left during the window.</summary>
public sealed record Attrition(int Assigned, int Analysed, int NoUsageBefore, int MovedOutBefore, int NoUsageAfter, int MovedOutDuring)
{
    /// <summary>Homes on a gas or water meter (an imported assignment may hold them): left out, their use not averaged with kWh.</summary>
    public int NotElectricity { get; init; }
}

/// <summary><c>program evaluate</c>: the program, its windows, the estimate, and each arm's attrition.</summary>
public sealed record ProgramEvaluationResult(UtilityProgram Program, DateOnly BeforeFrom, DateOnly From, DateOnly To, ProgramEstimate Estimate,
    Attrition Treatment, Attrition Control)
{
    public const string Method =
        "Regression on pre-period usage (lagged dependent variable, ANCOVA): for each month after the start, each home's usage per day is regressed on its " +
        "group and on its usage per day in each month of the year before the start; the effect is the treatment coefficient, averaged over the months by " +
        "their days, with standard errors clustered by home. Chosen over difference in differences because, with random assignment, both are unbiased " +
        "but the regression estimates how much of a home's past usage carries over instead of assuming all of it does, so it is at least as precise " +
        "(McKenzie 2012; Uniform Methods Project, chapter 17).";
}

/// <summary>
/// Reads what a program's evaluation needs — its assignments, every assigned home's usage by month
/// from a year before the start to the end of the window, and which accounts closed — and
/// estimates the savings (<see cref="ProgramStatistics"/>). A program starting on the 1st
/// is evaluated from its start; one starting mid-month from the next month (the month it started
/// in is part before, part after).
/// </summary>
public static class ProgramEvaluation
{
    public static async Task<ProgramEvaluationResult> EvaluateAsync(UtilityDatabase database, string name, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var program = await database.Programs.GetAsync(name, cancellationToken)
            ?? throw new UserErrorException($"no program named '{name}' (program create or program import first).");
        var startMonth = new DateOnly(program.Start.Year, program.Start.Month, 1);
        var firstAfter = program.Start.Day == 1 ? startMonth : startMonth.AddMonths(1);
        var windowFrom = from is { } f ? new DateOnly(f.Year, f.Month, 1) : firstAfter;
        if (windowFrom < firstAfter)
            throw new UserErrorException($"--from {from:yyyy-MM-dd} is before the program's first whole month ({firstAfter:yyyy-MM-dd}): only usage after the start can show its effect.");
        var lastRead = await database.Reads.IntervalDateRangeAsync(cancellationToken);
        var windowTo = to ?? (lastRead is { } range ? range.Last.AddDays(1) : throw new UserErrorException("no interval reads: nothing to evaluate (ingest reads, or give --to)."));
        if (windowTo <= windowFrom)
            throw new UserErrorException($"no usage after the start to evaluate: the window {windowFrom:yyyy-MM-dd} to {windowTo:yyyy-MM-dd} is empty (--to, or reads after the start).");
        var beforeFrom = startMonth.AddMonths(-ProgramEnrolment.LookBackMonths);

        var assignments = await database.Programs.AssignmentsAsync(name, cancellationToken);
        var accounts = assignments.Keys.ToList();
        var homes = await ProgramUsage.ReadAsync(database, accounts, beforeFrom, windowTo, cancellationToken);
        var endDates = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
        foreach (var chunk in accounts.Chunk(Store.MaxIds))
        {
            foreach (var (id, account) in await database.Accounts.GetManyAsync(chunk, cancellationToken))
                endDates[id] = account.EndDate;
        }

        var window = new List<(DateOnly Month, double Days)>();
        for (var month = windowFrom; month < windowTo; month = month.AddMonths(1))
            window.Add((month, (Min(month.AddMonths(1), windowTo).DayNumber - month.DayNumber)));
        var evaluated = new List<EvaluationHome>();
        var noBefore = new HashSet<string>(StringComparer.Ordinal);
        var otherCommodity = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (account, assignment) in assignments)
        {
            var home = homes.GetValueOrDefault(account);
            if (home is not null && home.Commodity != EligibilityRules.ComparedCommodity)
            {
                otherCommodity.Add(account);
                continue;
            }
            var months = home?.Months ?? new Dictionary<DateOnly, MonthUsage>();
            var before = months.Where(m => m.Key >= beforeFrom && m.Key < startMonth && m.Value.Days > 0).ToDictionary(m => m.Key, m => m.Value.PerDay);
            var after = months.Where(m => m.Key >= windowFrom && m.Key < windowTo && m.Value.Days > 0)
                .ToDictionary(m => m.Key, m => (m.Value.PerDay, (double)m.Value.Days));
            if (before.Count == 0)
            {
                noBefore.Add(account);
                continue;
            }
            evaluated.Add(new EvaluationHome(account, assignment.Arm, before, after));
        }
        var estimate = ProgramStatistics.Estimate(evaluated, window);
        var analysed = evaluated.Where(h => estimate.Months.Any(m => h.After.ContainsKey(m.Month))).Select(h => h.Account).ToHashSet(StringComparer.Ordinal);

        Attrition Of(ProgramArm arm)
        {
            var mine = assignments.Values.Where(a => a.Arm == arm).Select(a => a.Account).ToList();
            bool MovedOutBefore(string a) => endDates.GetValueOrDefault(a) is { } end && end <= windowFrom;
            var dropped = mine.Where(a => !analysed.Contains(a) && !otherCommodity.Contains(a)).ToList();
            return new Attrition(mine.Count, mine.Count(analysed.Contains),
                dropped.Count(noBefore.Contains),
                dropped.Count(a => !noBefore.Contains(a) && MovedOutBefore(a)),
                dropped.Count(a => !noBefore.Contains(a) && !MovedOutBefore(a)),
                mine.Count(a => analysed.Contains(a) && endDates.GetValueOrDefault(a) is { } end && end > windowFrom && end < windowTo))
            {
                NotElectricity = mine.Count(otherCommodity.Contains),
            };
        }

        return new ProgramEvaluationResult(program, beforeFrom, windowFrom, windowTo, estimate, Of(ProgramArm.Treatment), Of(ProgramArm.Control));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
