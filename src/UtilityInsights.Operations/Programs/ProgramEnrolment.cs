using Serilog;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Insights;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Programs;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Programs;

/// <summary>What a program's draw (or import) did: accounts looked at, eligible, left out by reason, and each arm's size.</summary>
public sealed record EnrolmentSummary(string Program, DateOnly Start, int Accounts, int Eligible, IReadOnlyDictionary<string, int> Excluded,
    int Treatment, int Control, int Strata)
{
    /// <summary>The rows an import refused (null for a random draw).</summary>
    public ImportSummary? Rows { get; init; }
}

/// <summary>
/// Who takes part in a randomised program and on which side. <c>program create</c> draws the arms
/// among the accounts eligible on the start date — in service then, with enough usage history in
/// the year before it and not looking vacant (the cohort rules) — stratified so that both arms hold
/// the same mix; <c>program import</c> stores an evaluator's own assignment as given; and each bill
/// run assigns the accounts that became eligible since (<see cref="AssignLateAsync"/>), by a draw of
/// their own, so that a move-in joins the program on the same terms as everyone else.
/// </summary>
public static class ProgramEnrolment
{
    /// <summary>The months of usage the eligibility rules look back over.</summary>
    public const int LookBackMonths = 12;

    public static async Task<EnrolmentSummary> CreateAsync(UtilityDatabase database, UtilityProgram program, TimeProvider clock, ILogger log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(clock);
        if (await database.Programs.GetAsync(program.Name, cancellationToken) is not null)
            throw new UserErrorException($"program '{program.Name}' already exists: an assignment never changes (choose another name).");
        var accounts = await database.Accounts.IdsWithPremisesAsync(cancellationToken);
        var (eligible, excluded) = await EligibleAsync(database, accounts, program.Start, program.Rules, cancellationToken);
        if (eligible.Count == 0)
            throw new UserErrorException($"no account is eligible for program '{program.Name}' on {program.Start:yyyy-MM-dd} " +
                $"({string.Join(", ", excluded.Select(e => $"{e.Key} {e.Value}"))}): load a year of reads before the start first.");
        var strata = Strata(eligible, program.Stratify);
        var drawn = ProgramDraw.Assign(strata.Select(s => (s.Key, s.Value)), program.Holdout, program.Seed!.Value);
        await database.Programs.CreateAsync(program, drawn.Select(d => (d.Account, d.Arm, strata[d.Account])).ToList(), clock.GetUtcNow(), cancellationToken);
        var control = drawn.Count(d => d.Arm == ProgramArm.Control);
        log.Information("Program {Program}: {Treatment} treatment and {Control} control accounts of {Eligible} eligible, {Strata} strata",
            program.Name, drawn.Count - control, control, eligible.Count, strata.Values.Distinct(StringComparer.Ordinal).Count());
        return new EnrolmentSummary(program.Name, program.Start, accounts.Count, eligible.Count, excluded, drawn.Count - control, control,
            strata.Values.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// Stores an evaluator's assignment as given (no eligibility rules: the evaluator applied theirs). A row naming an
    /// account that does not exist, or an account twice, is rejected with its line; the program is created from the rest.
    /// </summary>
    public static async Task<EnrolmentSummary> ImportAsync(UtilityDatabase database, string name, DateOnly start, string path, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var program = new UtilityProgram(name, start, 0.5m, null, [], "import: " + Path.GetFileName(path));
        if (await database.Programs.GetAsync(name, cancellationToken) is not null)
            throw new UserErrorException($"program '{name}' already exists: an assignment never changes (choose another name).");
        CanonicalCsvReader.CheckReadable(path);
        var known = await database.Accounts.ExistingIdsAsync(cancellationToken);
        var assigned = new Dictionary<string, ProgramArm>(StringComparer.Ordinal);
        var rows = await CsvImport.RunAsync(path, ProgramAssignmentCsv.Read(path, cancellationToken), batch =>
        {
            var refused = new List<Rejected>();
            var accepted = 0;
            foreach (var row in batch)
            {
                if (!known.Contains(row.Account))
                    refused.Add(new Rejected(path, row.Line, "account_id", row.Account, "is not a known account (import accounts first)"));
                else if (!assigned.TryAdd(row.Account, row.Arm))
                    refused.Add(new Rejected(path, row.Line, "account_id", row.Account, "is assigned twice in the file"));
                else
                    accepted++;
            }
            return Task.FromResult((new UpsertCounts(accepted, 0), (IReadOnlyList<Rejected>)refused));
        }, cancellationToken);
        if (assigned.Count == 0)
            throw new UserErrorException($"{Path.GetFileName(path)}: no good row ({rows.Rejected} rejected{(rows.RejectsFile is { } f ? ", listed in " + f : "")}): nothing stored.");
        var control = assigned.Count(a => a.Value == ProgramArm.Control);
        if (control == 0 || control == assigned.Count)
            throw new UserErrorException($"{Path.GetFileName(path)}: every account is in the {(control == 0 ? "treatment" : "control")} group: a program needs both.");
        // The holdout recorded is the file's own share of control accounts.
        program = new UtilityProgram(name, start, Math.Round((decimal)control / assigned.Count, 6), null, [], program.Source);
        await database.Programs.CreateAsync(program, assigned.Select(a => (a.Key, a.Value, "imported")).ToList(), clock.GetUtcNow(), cancellationToken);
        return new EnrolmentSummary(name, start, assigned.Count + rows.Rejected, assigned.Count, new Dictionary<string, int>(), assigned.Count - control, control, 1)
        {
            Rows = rows,
        };
    }

    /// <summary>
    /// Assigns, in every drawn program that has started by <paramref name="asOf"/>, the accounts not yet in it that are
    /// eligible now by the program's own rules — each by its own repeatable draw (<see cref="ProgramDraw.Late"/>). Imported programs take no one
    /// late: their evaluator decides. Returns how many were added.
    /// </summary>
    public static async Task<int> AssignLateAsync(UtilityDatabase database, DateOnly asOf, TimeProvider clock, ILogger? log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var added = 0;
        foreach (var program in await database.Programs.ListAsync(cancellationToken))
        {
            if (program.Seed is not { } seed || program.Start > asOf)
                continue;
            var unassigned = await database.Programs.UnassignedAsync(program.Name, cancellationToken);
            if (unassigned.Count == 0)
                continue;
            var (eligible, _) = await EligibleAsync(database, unassigned, asOf, program.Rules, cancellationToken);
            if (eligible.Count == 0)
                continue;
            var late = eligible.Select(e => (e.Account, ProgramDraw.Late(program.Name, seed, program.Holdout, e.Account), "late")).ToList();
            var count = await database.Programs.AddAsync(program.Name, late, clock.GetUtcNow(), cancellationToken);
            log?.Information("Program {Program}: {Count} accounts eligible since its start assigned", program.Name, count);
            added += count;
        }
        return added;
    }

    /// <summary>An eligible account: its home and its usage per day over the look-back year.</summary>
    private sealed record Candidate(string Account, ProgramHome Home, double PerDay);

    private static async Task<(List<Candidate> Eligible, SortedDictionary<string, int> Excluded)> EligibleAsync(UtilityDatabase database,
        IReadOnlyList<string> accounts, DateOnly on, EligibilityRules rules, CancellationToken cancellationToken)
    {
        var month = new DateOnly(on.Year, on.Month, 1);
        var from = month.AddMonths(-LookBackMonths);
        var eligible = new List<Candidate>();
        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Exclude(string reason) => excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
        foreach (var chunk in accounts.Chunk(Store.MaxIds))
        {
            var found = await database.Accounts.GetManyAsync(chunk, cancellationToken);
            var homes = await ProgramUsage.ReadAsync(database, chunk, from, month, cancellationToken);
            foreach (var id in chunk)
            {
                if (!found.TryGetValue(id, out var account) || !homes.TryGetValue(id, out var home))
                {
                    Exclude("no_meter");
                    continue;
                }
                if (account.StartDate > on || account.EndDate <= on)
                {
                    Exclude("not_in_service");
                    continue;
                }
                if (home.Commodity != EligibilityRules.ComparedCommodity)
                {
                    Exclude("not_electricity");
                    continue;
                }
                var (perDay, days) = home.Over(from, month);
                var exclusion = rules.Check((decimal)perDay, (int)days, hasGeneration: false, optedOut: false);
                if (exclusion != Exclusion.None)
                {
                    Exclude(exclusion == Exclusion.VacantLooking ? "vacant_looking" : "too_little_history");
                    continue;
                }
                eligible.Add(new Candidate(id, home, perDay));
            }
        }
        return (eligible, excluded);
    }

    /// <summary>Each eligible account's stratum: the characteristics asked for, joined (<c>region=cold|usage-decile=3</c>).</summary>
    private static Dictionary<string, string> Strata(List<Candidate> eligible, IReadOnlyList<string> stratify)
    {
        var decile = eligible.OrderBy(c => c.PerDay).ThenBy(c => c.Account, StringComparer.Ordinal)
            .Select((c, rank) => (c.Account, Decile: 1 + rank * 10 / eligible.Count)).ToDictionary(d => d.Account, d => d.Decile, StringComparer.Ordinal);
        return eligible.ToDictionary(c => c.Account, c => stratify.Count == 0 ? "all" : string.Join('|', stratify.Select(key => key + "=" + key switch
        {
            "region" => c.Home.Region,
            "usage-decile" => decile[c.Account].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "tariff" => c.Home.Tariff,
            _ => c.Home.MeterKind.ToString().ToLowerInvariant(),
        })), StringComparer.Ordinal);
    }
}
