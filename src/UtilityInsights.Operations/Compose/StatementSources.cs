using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Insights;
using UtilityInsights.Rating;
using UtilityInsights.Storage;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.Compose;

/// <summary>What an account's statement needs from the database (null where nothing is stored), read for many accounts at once by a bill run.</summary>
internal sealed record AccountSources(AccountId Id, Account? Account, Premise? Premise, Meter? Meter, StoredReads? Reads,
    Bill? LastBill, IReadOnlyList<LedgerEntry> Ledger)
{
    /// <summary>The bill of the same month last year, as stored (null when there is none).</summary>
    public Bill? LastYearBill { get; init; }

    /// <summary>The billing period and the periods it is compared with: calendar months, or the account's route's scheduled reads.</summary>
    public BillPeriods? Periods { get; init; }

    /// <summary>Why the account's billing period could not be worked out (its route has no read scheduled in the cycle's month), or null.</summary>
    public string? PeriodProblem { get; init; }

    /// <summary>The account had no service in the period (it moved in after it or out before it): a bill run leaves it alone.</summary>
    public bool OutOfService { get; init; }

    /// <summary>The export credits of the twelve cycles before this one, by cycle (<c>YYYY-MM</c>), for the bills that had one.</summary>
    public IReadOnlyDictionary<string, Money.Money> EarlierExportCredits { get; init; } = new Dictionary<string, Money.Money>();

    /// <summary>The randomised program the account is in on the statement date, or null.</summary>
    public UtilityInsights.Programs.ProgramMembership? Program { get; init; }
}

/// <summary>The newest cohort model, every premise's cohort in it, and each cohort's members in id order.</summary>
internal sealed record Cohorts(Storage.Stores.CohortModelRecord? Model, IReadOnlyDictionary<string, string> CohortOf, ILookup<string, string> Members);

/// <summary>
/// One cohort's usage per day in one month, by premise, with its distribution sorted once: every
/// statement of the cohort compares with it in O(log n) instead of sorting the cohort again.
/// </summary>
internal sealed class CohortMonth
{
    private readonly IReadOnlyDictionary<string, decimal> perDay;
    private readonly CohortDistribution distribution;

    public CohortMonth(IReadOnlyDictionary<string, decimal> perDay)
    {
        this.perDay = perDay;
        distribution = new CohortDistribution(perDay.Values);
    }

    /// <summary>A member's usage per day this month, or null when it had too few reads to be counted.</summary>
    public decimal? PerDayOf(string premise) => perDay.TryGetValue(premise, out var value) ? value : null;

    /// <summary>A home compared with the cohort; a usage not among the members' (a home counted without its month) joins the distribution for its own comparison.</summary>
    public NeighbourComparison? Compare(decimal youPerDay, string modelVersion) =>
        (distribution.Contains(youPerDay) ? distribution : new CohortDistribution(perDay.Values.Append(youPerDay)))
            .CompareMember(youPerDay, ComparisonOptions.Default, modelVersion);
}

/// <summary>
/// What statements are made from, read from the database in batches and kept for the life of one
/// builder: accounts, premises, meters, reads, bills and ledgers for a share of accounts at once;
/// tariff versions, degree days, the cohort model and each cohort's month once however many
/// statements ask. Safe to share between threads (the portal builds statements for concurrent
/// requests): the month's usage and each cohort's are computed once however many threads ask (see
/// OnceCache); for the small ones, at worst two threads compute the same entry once each.
/// </summary>
internal sealed class StatementSources(UtilityDatabase database)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Model, string Cohort, DateOnly Month), Lazy<Task<CohortMonth>>> cohortMonths = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, Lazy<Task<Dictionary<string, (decimal Total, int Days)>>>> monthUsage = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Region, DateOnly Start, DateOnly End), (decimal Hdd, decimal Cdd)?> weather = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (List<Tariff> Versions, int Newest)> tariffs = new(StringComparer.Ordinal);
    private Task<Cohorts>? cohorts;

    /// <summary>How far from a route's scheduled read date a register read still counts as taken on it.</summary>
    public int ReadToleranceDays { get; set; } = BillPeriods.DefaultReadToleranceDays;

    /// <summary>
    /// What the statements of <paramref name="accounts"/> (at most <see cref="Storage.Stores.Store.MaxIds"/>) need from the
    /// database, in their order: a few queries for all of them instead of several for each — how a bill run reads.
    /// </summary>
    public async Task<IReadOnlyList<AccountSources>> LoadAsync(IReadOnlyList<AccountId> accounts, ServicePeriod period, CancellationToken cancellationToken)
    {
        var basics = await BasicsAsync(accounts, period, cancellationToken);
        var ids = basics.Ids;
        var lastYearBills = await database.Bills.GetManyAsync(ids, CycleCode(period.SamePeriodLastYear()), cancellationToken);
        var exportCredits = await database.Bills.ExportCreditsAsync(ids, CycleCode(period.MonthsBefore(12)), CycleCode(period), cancellationToken);
        var ledger = await database.Ledger.EntriesAsync(ids, cancellationToken);
        // Programs that have started by the statement date (the day after the cycle's month).
        var programs = await database.Programs.MembershipsAsync(ids, period.EndExclusive, cancellationToken);
        var known = basics.Periods.Values.Where(p => p.Periods is not null).Select(p => p.Periods!).ToList();
        var reads = await ReadsAsync(basics.Meters.Values.ToList(), period, known, cancellationToken);
        return basics.Sources(accounts, new History(reads, ledger, lastYearBills, exportCredits, programs)).ToList();
    }

    /// <summary>
    /// Each account's account, premise, meter, last bill and billing period, in their order — no reads, ledger or history (null
    /// or empty): what <c>billrun estimate</c> needs to know which of a meter's days to fill.
    /// </summary>
    public async Task<IReadOnlyList<AccountSources>> LoadPeriodsAsync(IReadOnlyList<AccountId> accounts, ServicePeriod period, CancellationToken cancellationToken) =>
        (await BasicsAsync(accounts, period, cancellationToken)).Sources(accounts, null).ToList();

    /// <summary>What every load reads: the accounts, premises, meters, last bills and each account's billing period.</summary>
    private sealed record Basics(List<string> Ids, Dictionary<string, Account> Found, Dictionary<string, List<Premise>> Premises, Dictionary<string, Meter> Meters,
        Dictionary<string, Bill> LastBills, Dictionary<string, (BillPeriods? Periods, string? Problem, bool OutOfService)> Periods)
    {
        /// <summary>Each account's sources, in their order; with <paramref name="history"/> (a statement's load) its reads, ledger and history too.</summary>
        public IEnumerable<AccountSources> Sources(IReadOnlyList<AccountId> accounts, History? history) =>
            accounts.Select(a =>
            {
                var premise = Premises.GetValueOrDefault(a.Value)?[0];
                var meter = premise is null ? null : Meters.GetValueOrDefault(premise.MeterId.Value);
                var (periods, problem, outOfService) = Periods.GetValueOrDefault(a.Value);
                return new AccountSources(a, Found.GetValueOrDefault(a.Value), premise, meter, meter is null ? null : history?.Reads[meter.Id.Value],
                    LastBills.GetValueOrDefault(a.Value), history?.Ledger.GetValueOrDefault(a.Value) ?? [])
                {
                    Periods = periods,
                    PeriodProblem = problem,
                    OutOfService = outOfService,
                    LastYearBill = history?.LastYearBills.GetValueOrDefault(a.Value),
                    EarlierExportCredits = history?.ExportCredits.GetValueOrDefault(a.Value) ?? [],
                    Program = history?.Programs.GetValueOrDefault(a.Value),
                };
            });
    }

    /// <summary>What a statement's load reads beyond <see cref="Basics"/>: the meters' reads, ledgers, last year's bills, export credits, programs.</summary>
    private sealed record History(IReadOnlyDictionary<string, StoredReads> Reads, IReadOnlyDictionary<string, List<LedgerEntry>> Ledger,
        IReadOnlyDictionary<string, Bill> LastYearBills, IReadOnlyDictionary<string, Dictionary<string, Money.Money>> ExportCredits,
        IReadOnlyDictionary<string, UtilityInsights.Programs.ProgramMembership> Programs);

    private async Task<Basics> BasicsAsync(IReadOnlyList<AccountId> accounts, ServicePeriod period, CancellationToken cancellationToken)
    {
        var ids = accounts.Select(a => a.Value).Distinct(StringComparer.Ordinal).ToList();
        var found = await database.Accounts.GetManyAsync(ids, cancellationToken);
        var premises = await database.Premises.ForAccountsAsync(ids, cancellationToken);
        var lastBills = await database.Bills.GetManyAsync(ids, CycleCode(period.MonthsBefore(1)), cancellationToken);
        var meters = await database.Meters.GetManyAsync(premises.Values.Select(p => p[0].MeterId.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        // Each account's billing period: its route's scheduled reads when the route has a calendar, else the calendar month.
        var cycle = BillingCycle.Containing(period.Start);
        var routes = found.Values.Select(a => a.Cycle).Distinct(StringComparer.Ordinal).ToList();
        var calendars = await database.Routes.CalendarsAsync(routes, cancellationToken);
        var periods = new Dictionary<string, (BillPeriods? Periods, string? Problem, bool OutOfService)>(StringComparer.Ordinal);
        foreach (var (id, account) in found)
        {
            try
            {
                var billed = calendars.TryGetValue(account.Cycle, out var calendar)
                    ? BillPeriods.OnCalendar(calendar, cycle, lastBills.GetValueOrDefault(id), ReadToleranceDays) : BillPeriods.Calendar(cycle);
                // A move-in or move-out inside the period makes it a first or final bill; no service in it at all, no bill.
                periods[id] = billed.Within(account.StartDate, account.EndDate) is { } served
                    ? (served, null, false)
                    : (null, $"account {id} had no service in {billed.Current} (service {account.StartDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…"} to {account.EndDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…"})", true);
            }
            catch (UserErrorException e)
            {
                periods[id] = (null, e.Message, false);
            }
        }
        return new Basics(ids, found, premises, meters, lastBills, periods);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static string CycleCode(ServicePeriod month) => BillingCycle.Containing(month.Start).Code;

    /// <summary>Degree days of a period (a month, or a route's billing period) in a weather region, or null without weather for every day.</summary>
    public async Task<(decimal Hdd, decimal Cdd)?> WeatherAsync(string region, ServicePeriod month, CancellationToken cancellationToken)
    {
        if (weather.TryGetValue((region, month.Start, month.EndExclusive), out var known))
            return known;
        var found = await database.Weather.TotalsAsync(region, month.Start, month.EndExclusive, cancellationToken) is { } w && w.Days == month.Days
            ? ((decimal, decimal)?)(w.Hdd, w.Cdd) : null;
        weather[(region, month.Start, month.EndExclusive)] = found;
        return found;
    }

    /// <summary>Every stored version of the premise's tariff, oldest first, and the newest version number; read once per tariff.</summary>
    public async Task<(List<Tariff> Versions, int Newest)> TariffVersionsAsync(Premise premise, CancellationToken cancellationToken)
    {
        if (premise.TariffId is not { } tariffId)
            throw new UserErrorException($"premise {premise.Id} has no tariff.");
        if (tariffs.TryGetValue(tariffId, out var parsed))
            return parsed;
        var stored = await database.Tariffs.VersionsAsync(tariffId, cancellationToken);
        if (stored.Count == 0)
            throw new UserErrorException($"tariff {tariffId} of premise {premise.Id} is not in the database (tariffs import FILE).");
        parsed = (stored.SelectMany(v => TariffFiles.Parse(v.Document)).OrderBy(v => v.EffectiveFrom).ToList(), stored.Max(v => v.Version));
        tariffs[tariffId] = parsed;
        return parsed;
    }

    /// <summary>The newest cohort model and its assignments, read once for the builder's life.</summary>
    public Task<Cohorts> CohortsAsync(CancellationToken cancellationToken)
    {
        return cohorts ??= LoadAsync();

        async Task<Cohorts> LoadAsync()
        {
            var model = await database.CohortModels.LatestAsync(cancellationToken);
            var cohortOf = model is null ? new Dictionary<string, string>() : await database.CohortModels.AssignmentsAsync(model.ModelVersion, cancellationToken);
            return new Cohorts(model, cohortOf, cohortOf.OrderBy(a => a.Key, StringComparer.Ordinal).ToLookup(a => a.Value, a => a.Key, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// A cohort's month: the usage per day of every member with reads for (nearly) the whole period, and its distribution, built once. Kept for
    /// the builder's life — a bill run asks once per cohort and month, not once per member — as are
    /// the month's usage of every interval meter (one query per month instead of one per statement).
    /// </summary>
    public Task<CohortMonth> CohortMonthAsync(string modelVersion, string cohort, ServicePeriod period, CancellationToken cancellationToken) =>
        OnceCache.GetAsync(cohortMonths, (modelVersion, cohort, period.Start), async () =>
        {
            var usage = await OnceCache.GetAsync(monthUsage, period.Start, () => database.Reads.UsageByMeterAsync(period.Start, period.EndExclusive, cancellationToken));
            var members = (await CohortsAsync(cancellationToken)).Members[cohort].ToList();
            var premises = new Dictionary<string, Premise>(StringComparer.Ordinal);
            foreach (var share in members.Chunk(Storage.Stores.Store.MaxIds))
            {
                foreach (var (id, premise) in await database.Premises.GetManyAsync(share, cancellationToken))
                    premises[id] = premise;
            }
            // Members without interval days this month: register meters, whose usage is the difference of their reads.
            var others = premises.Values.Where(p => !usage.ContainsKey(p.MeterId.Value)).Select(p => p.MeterId.Value).Distinct(StringComparer.Ordinal).ToList();
            var registers = new Dictionary<string, (Meter Meter, StoredReads Reads)>(StringComparer.Ordinal);
            foreach (var share in others.Chunk(Storage.Stores.Store.MaxIds))
            {
                var meters = (await database.Meters.GetManyAsync(share, cancellationToken)).Values.Where(m => m.Kind == MeterKind.Register)
                    .ToDictionary(m => m.Id.Value, StringComparer.Ordinal);
                foreach (var (id, reads) in await ReadsAsync(meters.Values.ToList(), period, [], cancellationToken))
                    registers[id] = (meters[id], reads);
            }
            var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                if (!premises.TryGetValue(member, out var memberPremise))
                    continue;
                if (usage.TryGetValue(memberPremise.MeterId.Value, out var u))
                {
                    if (u.Days >= period.Days - 2)
                        values[member] = Math.Round(u.Total / u.Days, 3);
                }
                else if (registers.TryGetValue(memberPremise.MeterId.Value, out var register)
                         && MeterUsage.Of(register.Meter, TimeZones.Find(register.Meter.TimeZone), period, register.Reads) is { } registerUsage)
                {
                    values[member] = Math.Round(registerUsage.Total / period.Days, 3);
                }
            }
            return new CohortMonth(values);
        });

    /// <summary>
    /// The meters' stored reads for a statement of <paramref name="period"/>, by meter id. Interval meters: the
    /// rated months decoded (this one, the last, the same one last year) and the other ten as day figures — or
    /// all thirteen decoded when some day was stored before the figures were kept; the twelve months before those
    /// by their figures, for the history chart's year-earlier bars. Register meters: the reads around all 25 months.
    /// </summary>
    /// <remarks>
    /// Route periods reach into the months around the cycle's: the days decoded start at the earliest
    /// period the statements speak of (this one and the one before) and, a year earlier, cover the
    /// route's period then — only as far as the share's periods need.
    /// </remarks>
    private async Task<Dictionary<string, StoredReads>> ReadsAsync(IReadOnlyList<Meter> meters, ServicePeriod period, IReadOnlyList<BillPeriods> periods,
        CancellationToken cancellationToken)
    {
        var lastYear = period.SamePeriodLastYear();
        var recentFrom = periods.Select(p => p.PreviousBilled ? p.Current.Start : p.Previous.Start).Append(period.Start.AddMonths(-1)).Min();
        var recentTo = periods.Select(p => p.Current.EndExclusive).Append(period.EndExclusive).Max();
        // A route bill with no reads of its route's period a year earlier is compared with the month it is shown as, a year earlier.
        var yearAgoMonths = periods.Where(p => p.OnRoute).Select(p => p.ShownMonth.SamePeriodLastYear()).ToList();
        var yearAgoFrom = periods.Select(p => p.LastYear.Start).Concat(yearAgoMonths.Select(m => m.Start)).Append(lastYear.Start).Min();
        var yearAgoTo = periods.Select(p => p.LastYear.EndExclusive).Concat(yearAgoMonths.Select(m => m.EndExclusive)).Append(lastYear.EndExclusive).Max();
        // Thirteen months, each beside the same month a year earlier: 25 months in all, and one more for a route bill shown as the
        // month before the cycle's (BillPeriods.ShownMonth).
        var firstMonth = period.Start.AddMonths(-25);
        var stored = new Dictionary<string, StoredReads>(StringComparer.Ordinal);
        var intervalMeters = meters.Where(m => m.Kind == MeterKind.Interval).ToList();
        var interval = intervalMeters.Select(m => m.Id.Value).ToList();
        if (interval.Count > 0)
        {
            var figures = await database.Reads.MonthFiguresAsync(interval, lastYear.EndExclusive, period.Start.AddMonths(-1), cancellationToken);
            var recent = await database.Reads.GetDaysAsync(intervalMeters, recentFrom, recentTo, cancellationToken);
            var yearAgo = await database.Reads.GetDaysAsync(intervalMeters, yearAgoFrom, Min(yearAgoTo, recentFrom), cancellationToken);
            // The twelve months before last year's, for the history chart's year-earlier bars: by their figures only
            // (a month with days stored before the figures were kept is left out of the chart, never decoded).
            var older = await database.Reads.MonthFiguresAsync(interval, firstMonth, lastYear.Start, cancellationToken);
            foreach (var meter in intervalMeters)
            {
                var id = meter.Id.Value;
                var months = figures.GetValueOrDefault(id) ?? [];
                var earlier = (older.GetValueOrDefault(id) ?? []).Where(f => f.DaysWithoutFigures == 0).ToList();
                stored[id] = months.Any(f => f.DaysWithoutFigures > 0)
                    ? new StoredReads(await database.Reads.GetDaysAsync(meter, yearAgoFrom, recentTo, cancellationToken), []) { Figures = earlier }
                    : new StoredReads([.. yearAgo.GetValueOrDefault(id) ?? [], .. recent.GetValueOrDefault(id) ?? []], []) { Figures = [.. earlier, .. months] };
            }
        }
        // An interval meter's own dial reads, when it sends them: those within a day of its billing period's ends (the
        // calendar month's, or its route's: from the share's earliest period start to its latest end).
        if (interval.Count > 0)
        {
            var firstStart = periods.Select(p => p.Current.Start).Append(period.Start).Min();
            var lastEnd = periods.Select(p => p.Current.EndExclusive).Append(period.EndExclusive).Max();
            var dials = await database.Reads.GetRegisterReadsAsync(interval, LocalDay.StartOfDay(firstStart, TimeZoneInfo.Utc).AddDays(-2),
                LocalDay.StartOfDay(lastEnd, TimeZoneInfo.Utc).AddDays(2), cancellationToken);
            foreach (var (meter, reads) in dials)
                stored[meter] = stored[meter] with { Registers = reads };
            // Its period reads (a gas utility's Green Button feed gives a reading a billing period), when it has them: billed on when it has
            // no days, over the same 25 months as a dial meter's reads, and a route's tolerance past this period's end.
            var periodReads = await database.Reads.GetPeriodReadsAsync(interval, LocalDay.StartOfDay(firstMonth, TimeZoneInfo.Utc).AddDays(-MeterUsage.ReadBeforeDays - 1),
                LocalDay.StartOfDay(lastEnd, TimeZoneInfo.Utc).AddDays(ReadToleranceDays + 1), cancellationToken);
            foreach (var (meter, reads) in periodReads)
                stored[meter] = stored[meter] with { Periods = reads };
        }
        // Register reads from MeterUsage.ReadBeforeDays before the first month to the end of this one, in each meter's own zone.
        var register = meters.Where(m => m.Kind != MeterKind.Interval).Select(m =>
        {
            var zone = TimeZones.Find(m.TimeZone);
            return (Meter: m.Id.Value, From: LocalDay.StartOfDay(firstMonth, zone).AddDays(-MeterUsage.ReadBeforeDays), To: LocalDay.StartOfDay(period.EndExclusive, zone).AddDays(ReadToleranceDays).AddSeconds(1));
        }).ToList();
        if (register.Count > 0)
        {
            var reads = await database.Reads.GetRegisterReadsAsync(register.Select(r => r.Meter).ToList(), register.Min(r => r.From), register.Max(r => r.To),
                cancellationToken);
            foreach (var (meter, from, to) in register)
                stored[meter] = new StoredReads([], (reads.GetValueOrDefault(meter) ?? []).Where(r => r.ReadAt >= from && r.ReadAt < to).ToList());
        }
        return stored;
    }
}
