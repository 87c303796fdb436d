using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Insights;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Operations.Compose;

/// <summary>
/// Assembles an account's statement for a cycle from the database: the meter's reads (interval days,
/// or the register reads around the period), the premise's tariff versions rated on the calendar month,
/// the ledger, 13 months of history and the same month last year, the neighbour comparison from the
/// newest cohort model, tips for this home and season, and why the bill changed since last month.
/// Money and dates are formatted for the account's language.
/// </summary>
/// <param name="Model">What the templates print.</param>
/// <param name="Bill">The rated bill the statement shows.</param>
/// <param name="Premise">The premise billed.</param>
/// <param name="TariffVersion">The newest stored version of the premise's tariff used in rating.</param>
/// <param name="PriorMonths">Usage of each of the 12 months before the cycle that has reads, oldest first.</param>
/// <param name="LastYear">Usage of the same month last year, when it has reads.</param>
/// <param name="Estimated">Whether the cycle's usage includes estimated reads.</param>
/// <param name="DueDate">When payment is due.</param>
/// <param name="TipIds">The catalog ids of the tips the statement shows (stored with the bill; next month shows others).</param>
/// <param name="EstimatedInARow">How many cycles in a row, ending with this one, were mostly estimated (0 when this one was read).</param>
public sealed record StatementBuild(StatementModel Model, RatedBill Bill, Premise Premise, int TariffVersion, IReadOnlyList<decimal> PriorMonths,
    decimal? LastYear, bool Estimated, DateOnly DueDate, IReadOnlyList<string> TipIds, int EstimatedInARow = 0)
{
    /// <summary>The register read estimated at the period's end because none was taken; stored with the bill.</summary>
    public RegisterRead? RegisterEstimate { get; init; }
}

/// <summary>What a statement compares itself with: an earlier bill's days, usage and total.</summary>
internal sealed record EarlierBill(int Days, decimal Usage, Money.Money Total);

/// <summary>What an account's statement needs from the database (null where nothing is stored), read for many accounts at once by a bill run.</summary>
internal sealed record AccountSources(AccountId Id, Account? Account, Premise? Premise, Meter? Meter, StatementBuilder.StoredReads? Reads,
    Storage.Stores.StoredBill? LastBill, IReadOnlyList<Storage.Stores.LedgerEntry> Ledger)
{
    /// <summary>The bill of the same month last year, as stored (null when there is none).</summary>
    public Storage.Stores.StoredBill? LastYearBill { get; init; }
}

public sealed class StatementBuilder(UtilityDatabase database, TipCatalog tips, BrandingConfig branding)
{
    // Shared by every statement the builder makes, and safe to share between threads (the portal
    // builds statements for concurrent requests). The month's usage and each cohort's are computed
    // once however many threads ask (see Once); for the small ones, at worst two threads compute the
    // same entry once each.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Model, string Cohort, DateOnly Month), Lazy<Task<IReadOnlyList<(string Premise, decimal PerDay)>>>> cohortUsage = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, Lazy<Task<Dictionary<string, (decimal Total, int Days)>>>> monthUsage = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Region, DateOnly Month), (decimal Hdd, decimal Cdd)?> weather = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (List<Tariff> Versions, int Newest)> tariffs = new(StringComparer.Ordinal);
    private Task<Cohorts>? cohorts;

    /// <summary>The newest cohort model, every premise's cohort in it, and each cohort's members in id order.</summary>
    private sealed record Cohorts(Storage.Stores.CohortModelRecord? Model, IReadOnlyDictionary<string, string> CohortOf, ILookup<string, string> Members);

    /// <summary>Payment is due this many days after the end of the billing month.</summary>
    public const int DaysToPay = 21;

    /// <summary>An account's statement for a cycle, everything read from the database for it alone (the portal, <c>statements render</c>).</summary>
    public async Task<StatementBuild> BuildAsync(AccountId accountId, string cycle, StatementRenderer renderer, CancellationToken cancellationToken)
    {
        var sources = await LoadAsync([accountId], ServicePeriod.ParseCycle(cycle), cancellationToken);
        return await BuildAsync(sources[0], cycle, renderer, cancellationToken);
    }

    /// <summary>
    /// What the statements of <paramref name="accounts"/> (at most <see cref="Storage.Stores.Store.MaxIds"/>) need from the
    /// database, in their order: a few queries for all of them instead of several for each — how a bill run reads.
    /// </summary>
    internal async Task<IReadOnlyList<AccountSources>> LoadAsync(IReadOnlyList<AccountId> accounts, ServicePeriod period, CancellationToken cancellationToken)
    {
        var ids = accounts.Select(a => a.Value).Distinct(StringComparer.Ordinal).ToList();
        var found = await database.Accounts.GetManyAsync(ids, cancellationToken);
        var premises = await database.Premises.ForAccountsAsync(ids, cancellationToken);
        var previousCycle = period.Start.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var lastBills = await database.Bills.GetManyAsync(ids, previousCycle, cancellationToken);
        var lastYearBills = await database.Bills.GetManyAsync(ids, period.SamePeriodLastYear().Start.ToString("yyyy-MM", CultureInfo.InvariantCulture), cancellationToken);
        var ledger = await database.Ledger.EntriesAsync(ids, cancellationToken);
        var meters = await database.Meters.GetManyAsync(premises.Values.Select(p => p[0].MeterId.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var reads = await ReadsAsync(meters.Values.ToList(), period, cancellationToken);
        return accounts.Select(a =>
        {
            var premise = premises.GetValueOrDefault(a.Value)?[0];
            var meter = premise is null ? null : meters.GetValueOrDefault(premise.MeterId.Value);
            return new AccountSources(a, found.GetValueOrDefault(a.Value), premise, meter, meter is null ? null : reads[meter.Id.Value],
                lastBills.GetValueOrDefault(a.Value), ledger.GetValueOrDefault(a.Value) ?? [])
            {
                LastYearBill = lastYearBills.GetValueOrDefault(a.Value),
            };
        }).ToList();
    }

    /// <summary>An account's statement for a cycle from what <see cref="LoadAsync"/> read for it.</summary>
    internal async Task<StatementBuild> BuildAsync(AccountSources sources, string cycle, StatementRenderer renderer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(renderer);
        var accountId = sources.Id;
        var period = ServicePeriod.ParseCycle(cycle);
        var account = sources.Account ?? throw new UserErrorException($"account {accountId} is not in {database.Target.Display}.");
        var premise = sources.Premise ?? throw new UserErrorException($"account {accountId} has no premise.");
        var meter = sources.Meter ?? throw new UserErrorException($"meter {premise.MeterId} of account {accountId} has no reads yet (ingest them first).");
        var zone = TimeZones.Find(meter.TimeZone);
        var (versions, tariffVersion) = await TariffVersionsAsync(premise, cancellationToken);
        var language = account.Language.Code();
        var culture = Languages.Culture(language);
        var t = renderer.Strings(language);

        var stored = sources.Reads!;
        var usage = UsageOf(meter, zone, period, stored)
            ?? throw new UserErrorException($"meter {meter.Id} has no reads for {cycle}.");
        // The previous cycle's bill hands on its net-metering credits, dollar credit and recent peaks (ratchets).
        var lastBill = sources.LastBill;
        var carryIn = lastBill is { Status: not Storage.Stores.BillStatus.Cancelled } ? lastBill.Carry : null;
        var bill = CalendarMonthRater.Rate(versions, usage.Intervals, zone, period.Start, period.EndExclusive, carryIn)[0];
        var unit = bill.Usage.Unit.Symbol();

        // Degree days of a whole month in the premise's weather region, or null without weather for every day.
        async Task<(decimal Hdd, decimal Cdd)?> WeatherOf(ServicePeriod month)
        {
            if (weather.TryGetValue((premise.Region, month.Start), out var known))
                return known;
            var found = await database.Weather.TotalsAsync(premise.Region, month.Start, month.EndExclusive, cancellationToken) is { } w && w.Days == month.Days
                ? ((decimal, decimal)?)(w.Hdd, w.Cdd) : null;
            weather[(premise.Region, month.Start)] = found;
            return found;
        }

        var history = new List<(string Month, decimal Usage)>();
        var priorMonths = new List<decimal>();
        var weatherMonths = new List<WeatherMonth>();
        var months = new Dictionary<DateOnly, (Usage Usage, (decimal Hdd, decimal Cdd)? Weather)>();
        for (var m = 12; m >= 0; m--)
        {
            var month = period.MonthsBefore(m);
            var used = m == 0 ? usage : UsageOf(meter, zone, month, stored);
            if (used is null)
                continue;
            var weather = await WeatherOf(month);
            months[month.Start] = (used, weather);
            history.Add((month.Start.ToString("MMM", culture), used.Total));
            if (m > 0)
                priorMonths.Add(used.Total);
            if (weather is { } w)
                weatherMonths.Add(new WeatherMonth(month.Days, used.Total, w.Hdd, w.Cdd));
        }
        var sensitivity = WeatherSensitivity.Fit(weatherMonths);
        // Cycles in a row, up to this one, whose usage was mostly estimated (a meter nobody has read).
        var estimatedInARow = 0;
        for (var m = 0; m <= 12 && months.TryGetValue(period.Start.AddMonths(-m), out var month) && month.Usage.MostlyEstimated; m++)
            estimatedInARow++;
        var current = months[period.Start].Weather;

        // Why the bill differs from an earlier one: days, weather (the home's own use per degree day
        // times the change in degree days), the tariff change (this month's usage priced on the tariff
        // in force then) and the rest of the usage change; the parts add up to the difference exactly.
        StatementChange Explain(ServicePeriod earlierPeriod, EarlierBill earlierBill, (decimal Hdd, decimal Cdd)? earlierWeather, string heading)
        {
            var weatherKnown = current is not null && earlierWeather is not null;
            // With one tariff version there is no rate change to price: the bill is its own repricing.
            var repriced = versions.Count == 1 ? bill
                : CalendarMonthRater.Rate([versions.LastOrDefault(v => v.EffectiveFrom <= earlierPeriod.Start) ?? versions[0]], usage.Intervals, zone,
                    period.Start, period.EndExclusive, carryIn)[0];
            var change = BillChange.Explain(
                new BillSnapshot(period.Days, bill.Usage.Value, weatherKnown ? current!.Value.Hdd : 0, weatherKnown ? current!.Value.Cdd : 0, bill.Total),
                new BillSnapshot(earlierBill.Days, earlierBill.Usage, weatherKnown ? earlierWeather!.Value.Hdd : 0, weatherKnown ? earlierWeather!.Value.Cdd : 0,
                    earlierBill.Total),
                sensitivity.PerHeatingDegreeDay, sensitivity.PerCoolingDegreeDay, repriced.Total);
            var parts = change.Parts.Where(p => p.Amount.Amount != 0)
                .Select(p => $"{FactorText(p.Factor, language, period.Days - earlierPeriod.Days, weatherKnown ? WeatherWords(current!.Value, earlierWeather!.Value, language, culture) : "")}: {Signed(p.Amount.Amount, culture)}")
                .ToList();
            return new StatementChange($"{heading}: {Signed(change.Difference.Amount, culture)}", parts);
        }

        string? lastYear = null;
        decimal? lastYearUsage = null;
        var whyChanged = new List<StatementChange>();
        var previousPeriod = period.MonthsBefore(1);
        // The earlier bill as the customer received it — the stored bill, with its own carry (net-metering
        // credits, ratchet peaks) and the tariff then — or, for months before billing began here, the
        // month's reads rated now.
        EarlierBill Earlier(ServicePeriod earlierPeriod, Usage earlierUsage, Storage.Stores.StoredBill? stored)
        {
            if (stored is { Status: not Storage.Stores.BillStatus.Cancelled, Lines.Count: > 0 } && stored.Usage.Unit == bill.Usage.Unit && stored.Period == earlierPeriod)
                return new EarlierBill(stored.Period.Days, stored.Usage.Value, stored.Total);
            var rated = CalendarMonthRater.Rate(versions, earlierUsage.Intervals, zone, earlierPeriod.Start, earlierPeriod.EndExclusive)[0];
            return new EarlierBill(earlierPeriod.Days, rated.Usage.Value, rated.Total);
        }
        if (months.TryGetValue(previousPeriod.Start, out var previous))
            whyChanged.Add(Explain(previousPeriod, Earlier(previousPeriod, previous.Usage, lastBill), previous.Weather, t["why_vs_last_month"]));
        var lastYearPeriod = period.SamePeriodLastYear();
        if (months.TryGetValue(lastYearPeriod.Start, out var earlier))
        {
            lastYearUsage = earlier.Usage.Total;
            var earlierBill = Earlier(lastYearPeriod, earlier.Usage, sources.LastYearBill);
            lastYear = $"{lastYearPeriod.Start.ToString("MMM yyyy", culture)}: {earlierBill.Usage.ToString("#,0", culture)} {unit}, {Money(earlierBill.Total.Amount, culture)}";
            whyChanged.Add(Explain(lastYearPeriod, earlierBill, earlier.Weather, t["why_vs_last_year"]));
        }

        var (comparison, noComparison, versusAverage) = await CompareAsync(premise, meter, period, bill, unit, t, culture, cancellationToken);
        var chosenTips = tips.Choose(new TipContext(period.Start.Month, premise, comparison is null ? null : comparison.State == "UsingMoreThanAverage",
            PeakShare(bill), bill.Usage.Value, unit, bill.Usage.Value == 0 ? 0 : bill.Total.Amount / bill.Usage.Value,
            new HashSet<string>(lastBill?.Tips ?? [], StringComparer.Ordinal), language, culture));

        var (previousBalance, payments, lateFees) = BalanceBefore(sources.Ledger, cycle, lastBill?.IssuedAt);
        var due = previousBalance + payments + lateFees + bill.Total.Amount;
        var dueDate = period.EndExclusive.AddDays(DaysToPay);

        var model = new StatementModel
        {
            Language = language,
            Utility = branding.For(language),
            Account = new StatementAccount(account.Id.Value, account.Name, account.ServiceAddress, account.MailingAddress),
            Meter = new StatementMeter(meter.Id.Value, meter.Multiplier.ToString("0.###", culture), usage.Previous(culture, t), usage.Current(culture, t)),
            Period = $"{period.Start.ToString(language == "es" ? "d MMM" : "MMM d", culture)} – {period.LastDay.ToString(language == "es" ? "d MMM yyyy" : "MMM d, yyyy", culture)}",
            Days = period.Days,
            Usage = $"{bill.Usage.Value.ToString("#,0", culture)} {unit}",
            UsagePerDay = $"{(bill.Usage.Value / period.Days).ToString("#,0.0", culture)} {unit}",
            RateSchedule = renderer.Wording.Translate(versions[^1].Name, language),
            Lines = bill.Lines.Select(l => new StatementLine(renderer.Wording.Translate(l.Description, language),
                l.Quantity is { } q ? (l.Unit == "$" ? Money(q, culture) : $"{q.ToString("#,0.###", culture)} {LineWording.Unit(l.Unit, language)}") : "",
                l.Rate is { } r ? (l.Unit == "$" ? $"{(r * 100).ToString("0.##", culture)} %" : r.ToString("C4", culture)) : "",
                Money(l.Amount.Amount, culture), renderer.Wording.Translate(l.Explanation, language), l.Unit == "$")).ToList(),
            NewCharges = Money(bill.Total.Amount, culture),
            PreviousBalance = Money(previousBalance, culture),
            Payments = Money(payments, culture),
            LateFees = lateFees == 0 ? null : Money(lateFees, culture),
            AmountDue = Money(due, culture),
            DueDate = dueDate.ToString(language == "es" ? "d MMM yyyy" : "MMM d, yyyy", culture),
            SamePeriodLastYear = lastYear,
            History = Charts.History(history, unit, t, culture),
            // Only when usage fell in two or more periods: a seasonal tariff has one period a month and no time-of-use story.
            TimeOfUse = bill.Determinants.KwhByPeriod.Count(kwh => kwh > 0) < 2 ? null
                : Charts.TimeOfUse(bill.Determinants.KwhByPeriod.Select((kwh, p) => (renderer.Wording.Translate(versions[^1].EnergyPeriods[p].Name, language), kwh)).ToList(),
                    unit, t, culture),
            Month = period.Start.ToString("MMM yyyy", culture),
            ComparisonSummary = versusAverage,
            Comparison = comparison,
            NoComparisonReason = noComparison,
            Tips = chosenTips.Select(c => c.Shown).ToList(),
            WhyChanged = whyChanged,
            ModelVersion = (await CohortsAsync(cancellationToken)).Model?.ModelVersion ?? "none",
        };
        return new StatementBuild(model, bill, premise, tariffVersion, priorMonths, lastYearUsage, usage.Estimated, dueDate,
            chosenTips.Select(c => c.Tip.Id).ToList(), estimatedInARow)
        {
            RegisterEstimate = usage.NewEstimate,
        };
    }

    /// <summary>
    /// Usage per day of every member of a cohort with reads for (nearly) the whole period. Kept for
    /// the builder's life — a bill run asks once per cohort and month, not once per member — as are
    /// the month's usage of every interval meter (one query per month instead of one per statement).
    /// </summary>
    private Task<IReadOnlyList<(string Premise, decimal PerDay)>> CohortUsageAsync(string modelVersion, string cohort, ServicePeriod period,
        CancellationToken cancellationToken) =>
        Once(cohortUsage, (modelVersion, cohort, period.Start), async () =>
        {
            var usage = await Once(monthUsage, period.Start, () => database.Reads.UsageByMeterAsync(period.Start, period.EndExclusive, cancellationToken));
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
                foreach (var (id, reads) in await ReadsAsync(meters.Values.ToList(), period, cancellationToken))
                    registers[id] = (meters[id], reads);
            }
            var values = new List<(string, decimal)>();
            foreach (var member in members)
            {
                if (!premises.TryGetValue(member, out var memberPremise))
                    continue;
                if (usage.TryGetValue(memberPremise.MeterId.Value, out var u))
                {
                    if (u.Days >= period.Days - 2)
                        values.Add((member, Math.Round(u.Total / u.Days, 3)));
                }
                else if (registers.TryGetValue(memberPremise.MeterId.Value, out var register)
                         && UsageOf(register.Meter, TimeZones.Find(register.Meter.TimeZone), period, register.Reads) is { } registerUsage)
                {
                    values.Add((member, Math.Round(registerUsage.Total / period.Days, 3)));
                }
            }
            return (IReadOnlyList<(string Premise, decimal PerDay)>)values;
        });

    /// <summary>
    /// The value cached under <paramref name="key"/>, computed once however many threads ask at the same
    /// time; a computation that fails is forgotten, so the next caller tries again.
    /// </summary>
    private static async Task<T> Once<TKey, T>(System.Collections.Concurrent.ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<Task<T>> compute)
        where TKey : notnull
    {
        var once = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(compute));
        try
        {
            return await once.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, once));
            throw;
        }
    }

    /// <summary>
    /// The statement's previous balance and payments: payments are those posted since the last
    /// cycle's bill was issued (all of them when there is none), and the previous balance is
    /// everything else on the ledger except this cycle's own charge — so previous balance +
    /// payments + new charges is what the customer owes once this bill is issued, whether the
    /// statement is drawn before or after that.
    /// </summary>
    private static (decimal PreviousBalance, decimal Payments, decimal LateFees) BalanceBefore(IReadOnlyList<Storage.Stores.LedgerEntry> entries, string cycle,
        DateTimeOffset? lastIssued)
    {
        var thisCycle = BillIds.CyclePrefix(cycle);
        // This cycle's own charges, and the reversals of this cycle's cancelled bills, belong to this statement, not to the previous balance.
        var counted = entries.Where(e => !(e.Kind is Storage.Stores.LedgerEntryKind.Charge or Storage.Stores.LedgerEntryKind.Adjustment
            && e.Reference.StartsWith(thisCycle, StringComparison.Ordinal))).ToList();
        // Payments and late payment charges since the last bill went out are shown on their own lines.
        decimal Since(Storage.Stores.LedgerEntryKind kind) =>
            counted.Where(e => e.Kind == kind && (lastIssued is null || e.PostedAt >= lastIssued)).Sum(e => e.Amount.Amount);
        var payments = Since(Storage.Stores.LedgerEntryKind.Payment);
        var lateFees = Since(Storage.Stores.LedgerEntryKind.LateFee);
        return (counted.Sum(e => e.Amount.Amount) - payments - lateFees, payments, lateFees);
    }

    private async Task<(List<Tariff> Versions, int Newest)> TariffVersionsAsync(Premise premise, CancellationToken cancellationToken)
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

    /// <summary>A period's usage as the statement and the hold rules see it.</summary>
    /// <param name="LazyIntervals">What is rated: the interval reads, or one interval spanning the register reads (made when first rated).</param>
    /// <param name="Total">What the grid delivered.</param>
    /// <param name="PreviousRead">The register read at the period's start (register meters).</param>
    /// <param name="CurrentRead">The register read at its end.</param>
    /// <param name="Estimated">Whether any of the period's usage was estimated (the statement marks it).</param>
    /// <param name="First">Start of the period.</param>
    /// <param name="Last">End of the period.</param>
    /// <param name="MostlyEstimated">Whether the period was, in effect, not read: more than half its intervals estimated, or an estimated register read.</param>
    private sealed record Usage(Lazy<List<UsageInterval>> LazyIntervals, decimal Total, RegisterRead? PreviousRead, RegisterRead? CurrentRead, bool Estimated, DateTimeOffset First, DateTimeOffset Last,
        bool MostlyEstimated)
    {
        public List<UsageInterval> Intervals => LazyIntervals.Value;

        /// <summary>A register read estimated for this bill (none was taken at the period's end), to be stored with it.</summary>
        public RegisterRead? NewEstimate { get; init; }

        public StatementRead Previous(CultureInfo culture, IReadOnlyDictionary<string, string> t) => PreviousRead is { } read
            ? new StatementRead(read.Register.ToString("#,0", culture), read.ReadAt.ToString("d", culture), ReadType(read.ReadType, culture), read.ReadType == RegisterReadType.Estimated)
            : new StatementRead("—", First.ToString("d", culture), culture.TwoLetterISOLanguageName == "es" ? "medidor de intervalos" : "interval meter", false);

        public StatementRead Current(CultureInfo culture, IReadOnlyDictionary<string, string> t) => CurrentRead is { } read
            ? new StatementRead(read.Register.ToString("#,0", culture), read.ReadAt.ToString("d", culture), ReadType(read.ReadType, culture), read.ReadType == RegisterReadType.Estimated)
            : new StatementRead("—", Last.ToString("d", culture), Estimated ? t["estimated"] : culture.TwoLetterISOLanguageName == "es" ? "real" : "actual", Estimated);

        private static string ReadType(RegisterReadType type, CultureInfo culture) => culture.TwoLetterISOLanguageName == "es"
            ? type switch { RegisterReadType.Estimated => "estimada según su consumo diario promedio", RegisterReadType.Customer => "del cliente", _ => "real" }
            : type switch { RegisterReadType.Estimated => "estimated from your average daily use", RegisterReadType.Customer => "customer", _ => "actual" };
    }

    /// <summary>
    /// A meter's stored reads over whole months: interval days (decoded), or the register reads
    /// around them; and, for months not decoded, each day's figures.
    /// </summary>
    internal sealed record StoredReads(IReadOnlyList<MeterDay> Days, IReadOnlyList<RegisterRead> Registers)
    {
        public IReadOnlyList<Storage.Stores.MonthFigures> Figures { get; init; } = [];
    }

    /// <summary>
    /// The meters' stored reads for a statement of <paramref name="period"/>, by meter id. Interval meters: the
    /// rated months decoded (this one, the last, the same one last year) and the other ten as day figures — or
    /// all thirteen decoded when some day was stored before the figures were kept. Register meters: the reads
    /// around the thirteen months.
    /// </summary>
    private async Task<Dictionary<string, StoredReads>> ReadsAsync(IReadOnlyList<Meter> meters, ServicePeriod period, CancellationToken cancellationToken)
    {
        var lastYear = period.SamePeriodLastYear();
        var firstMonth = period.Start.AddMonths(-12);
        var stored = new Dictionary<string, StoredReads>(StringComparer.Ordinal);
        var interval = meters.Where(m => m.Kind == MeterKind.Interval).Select(m => m.Id.Value).ToList();
        if (interval.Count > 0)
        {
            var figures = await database.Reads.MonthFiguresAsync(interval, lastYear.EndExclusive, period.Start.AddMonths(-1), cancellationToken);
            var recent = await database.Reads.GetDaysAsync(interval, period.Start.AddMonths(-1), period.EndExclusive, cancellationToken);
            var yearAgo = await database.Reads.GetDaysAsync(interval, lastYear.Start, lastYear.EndExclusive, cancellationToken);
            foreach (var meter in interval)
            {
                var months = figures.GetValueOrDefault(meter) ?? [];
                stored[meter] = months.Any(f => f.DaysWithoutFigures > 0)
                    ? new StoredReads(await database.Reads.GetDaysAsync(new MeterId(meter), lastYear.Start, period.EndExclusive, cancellationToken), [])
                    : new StoredReads([.. yearAgo.GetValueOrDefault(meter) ?? [], .. recent.GetValueOrDefault(meter) ?? []], []) { Figures = months };
            }
        }
        // Register reads from 45 days before the first month to the end of this one, in each meter's own zone.
        var register = meters.Where(m => m.Kind != MeterKind.Interval).Select(m =>
        {
            var zone = TimeZones.Find(m.TimeZone);
            return (Meter: m.Id.Value, From: LocalDay.StartOfDay(firstMonth, zone).AddDays(-45), To: LocalDay.StartOfDay(period.EndExclusive, zone).AddSeconds(1));
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

    /// <summary>The period's usage: the interval days' reads, or the register difference between the reads at the period's ends.</summary>
    private static Usage? UsageOf(Meter meter, TimeZoneInfo zone, ServicePeriod period, StoredReads stored)
    {
        var start = LocalDay.StartOfDay(period.Start, zone);
        var end = LocalDay.StartOfDay(period.EndExclusive, zone);
        if (meter.Kind == MeterKind.Interval && stored.Figures.FirstOrDefault(f => f.Month == period.Start) is { Present: > 0 } figures)
        {
            // A history month known by its days' figures (never rated, so its intervals are never needed).
            return new Usage(new Lazy<List<UsageInterval>>(() => throw new InvalidOperationException("a history month known by its figures is never rated")),
                figures.Delivered, null, null, figures.Estimated > 0, start, end, figures.Estimated * 2 > figures.Present);
        }
        if (meter.Kind == MeterKind.Interval)
        {
            var days = stored.Days.Where(d => d.Day.Date >= period.Start && d.Day.Date < period.EndExclusive).ToList();
            // Totals straight from the packed days; the intervals themselves only when the month is rated.
            decimal delivered = 0;
            int present = 0, estimated = 0;
            foreach (var day in days)
            {
                var values = day.Values;
                var qualities = day.Qualities;
                for (var i = 0; i < values.Length; i++)
                {
                    if (qualities[i] == ReadQuality.Missing)
                        continue;
                    present++;
                    if (qualities[i] == ReadQuality.Estimated)
                        estimated++;
                    // Usage is what the grid delivered, as the rated bill counts it (exports are credited on their own line),
                    // so history, last year and the hold rules compare like with like for homes with solar.
                    if (values[i] > 0)
                        delivered += values[i];
                }
            }
            if (present == 0)
                return null;
            return new Usage(new Lazy<List<UsageInterval>>(() => Intervals(days)),
                delivered, null, null, estimated > 0, start, end, estimated * 2 > present);
        }
        var registers = stored.Registers.Where(r => r.ReadAt > start.AddDays(-45) && r.ReadAt < end.AddSeconds(1)).ToList();
        var previous = registers.Where(r => r.ReadAt <= start).Cast<RegisterRead?>().LastOrDefault();
        var current = registers.Where(r => r.ReadAt <= end && r.ReadAt > start).Cast<RegisterRead?>().LastOrDefault();
        if (previous is not { } p)
            return null;
        // No read at the end of the period: estimated from the meter's own average daily use (the last
        // year's actual reads), stored with the bill, and trued up by the next actual read, since the
        // next period starts from the dial this one was billed to.
        RegisterRead? newEstimate = null;
        if (current is not { } c)
        {
            if (RegisterEstimator.Estimate(stored.Registers.Where(r => r.ReadAt <= end).ToList(), end, meter.RolloverAt) is not { } estimate)
                return null;
            (c, newEstimate) = (estimate, estimate);
        }
        var used = c.UsageSince(p, meter.RolloverAt).Value;
        var registerEstimated = c.ReadType == RegisterReadType.Estimated;
        return new Usage(new Lazy<List<UsageInterval>>(() => [new UsageInterval(start, (int)(end - start).TotalMinutes, used)]), used, p, c, registerEstimated, start, end,
            registerEstimated)
        { NewEstimate = newEstimate };
    }

    /// <summary>The days' reads as the rating engine takes them (slots without a read left out).</summary>
    private static List<UsageInterval> Intervals(List<MeterDay> days)
    {
        var intervals = new List<UsageInterval>(days.Sum(d => d.SlotCount));
        foreach (var day in days)
        {
            var values = day.Values;
            var qualities = day.Qualities;
            for (var slot = 0; slot < values.Length; slot++)
            {
                if (qualities[slot] != ReadQuality.Missing)
                    intervals.Add(new UsageInterval(day.SlotStart(slot), day.IntervalMinutes, values[slot]));
            }
        }
        return intervals;
    }

    /// <summary>The newest cohort model and its assignments, read once for the builder's life.</summary>
    private Task<Cohorts> CohortsAsync(CancellationToken cancellationToken)
    {
        return cohorts ??= LoadAsync();

        async Task<Cohorts> LoadAsync()
        {
            var model = await database.CohortModels.LatestAsync(cancellationToken);
            var cohortOf = model is null ? new Dictionary<string, string>() : await database.CohortModels.AssignmentsAsync(model.ModelVersion, cancellationToken);
            return new Cohorts(model, cohortOf, cohortOf.OrderBy(a => a.Key, StringComparer.Ordinal).ToLookup(a => a.Value, a => a.Key, StringComparer.Ordinal));
        }
    }

    private async Task<(StatementComparison? Comparison, string? Reason, string? Summary)> CompareAsync(Premise premise, Meter meter, ServicePeriod period, RatedBill bill, string unit,
        IReadOnlyDictionary<string, string> t, CultureInfo culture, CancellationToken cancellationToken)
    {
        var spanish = culture.TwoLetterISOLanguageName == "es";
        if (premise.HasSolar == true)
            return (null, spanish ? "los hogares con paneles solares se comparan solo entre sí" : "homes with solar panels are compared only with each other", null);
        var (model, cohortOf, _) = await CohortsAsync(cancellationToken);
        var cohort = model is null ? null : cohortOf.GetValueOrDefault(premise.Id.Value);
        if (model is null || cohort is null)
            return (null, spanish ? "todavía no tenemos un grupo de hogares similares para su casa" : "we do not have a group of similar homes for yours yet", null);
        var members = await CohortUsageAsync(model.ModelVersion, cohort, period, cancellationToken);
        var perDay = members.Select(m => m.PerDay).ToList();
        decimal? you = members.Where(m => m.Premise == premise.Id.Value).Select(m => (decimal?)m.PerDay).FirstOrDefault();
        you ??= Math.Round(bill.Usage.Value / period.Days, 3);
        if (!perDay.Contains(you.Value))
            perDay.Add(you.Value);
        var result = new CohortDistribution(perDay).CompareMember(you.Value, ComparisonOptions.Default, model.ModelVersion);
        if (result is null)
            return (null, spanish ? "no hay suficientes hogares similares con lecturas este mes" : "too few similar homes had reads this month", null);
        var cue = (result.State, spanish) switch
        {
            (ComparisonState.Great, false) => "Great — you used less than your efficient neighbours. Thank you, and keep it up!",
            (ComparisonState.Good, false) => "Good — you used less than your average neighbours. The tips below can take you to the efficient homes.",
            (_, false) => $"You used more than your average neighbours ({result.PercentVersusAverage:+0;-0} %). The tips below can help you use less.",
            (ComparisonState.Great, true) => "¡Excelente! Usó menos que sus vecinos eficientes. Gracias, siga así.",
            (ComparisonState.Good, true) => "Bien: usó menos que sus vecinos promedio. Los consejos de abajo le acercan a los hogares eficientes.",
            _ => $"Usó más que sus vecinos promedio ({result.PercentVersusAverage:+0;-0} %). Los consejos de abajo le ayudan a consumir menos.",
        };
        var chart = Charts.Neighbours(result.YouPerDay, result.AveragePerDay, result.EfficientPerDay, unit, t, culture);
        return (new StatementComparison(result.State.ToString(), cue, $"{result.YouPerDay.ToString("#,0.0", culture)} {unit}",
            $"{result.AveragePerDay.ToString("#,0.0", culture)} {unit}", $"{result.EfficientPerDay.ToString("#,0.0", culture)} {unit}", chart), null,
            Summary(result.PercentVersusAverage, spanish));
    }

    /// <summary>The comparison in a few words for an SMS ("12 % less than similar homes").</summary>
    private static string Summary(decimal percentVersusAverage, bool spanish)
    {
        var percent = Math.Abs(Math.Round(percentVersusAverage, 0));
        return (percent == 0, percentVersusAverage < 0, spanish) switch
        {
            (true, _, false) => "about the same as similar homes",
            (true, _, true) => "casi igual que hogares similares",
            (false, true, false) => $"{percent} % less than similar homes",
            (false, true, true) => $"{percent} % menos que hogares similares",
            (false, false, false) => $"{percent} % more than similar homes",
            _ => $"{percent} % más que hogares similares",
        };
    }

    /// <summary>The weather in words: "3 colder days' worth (112 more heating degree days)".</summary>
    private static string WeatherWords((decimal Hdd, decimal Cdd) now, (decimal Hdd, decimal Cdd) then, string language, CultureInfo culture)
    {
        var hdd = now.Hdd - then.Hdd;
        var cdd = now.Cdd - then.Cdd;
        var (amount, kind) = Math.Abs(hdd) >= Math.Abs(cdd) ? (hdd, "heating") : (cdd, "cooling");
        var number = Math.Abs(Math.Round(amount, 0)).ToString("#,0", culture);
        return (language, kind, amount >= 0) switch
        {
            ("es", "heating", true) => $" (más frío: {number} grados-día de calefacción más)",
            ("es", "heating", false) => $" (menos frío: {number} grados-día de calefacción menos)",
            ("es", _, true) => $" (más calor: {number} grados-día de refrigeración más)",
            ("es", _, false) => $" (menos calor: {number} grados-día de refrigeración menos)",
            (_, "heating", true) => $" (colder: {number} more heating degree days)",
            (_, "heating", false) => $" (milder: {number} fewer heating degree days)",
            (_, _, true) => $" (hotter: {number} more cooling degree days)",
            _ => $" (cooler: {number} fewer cooling degree days)",
        };
    }

    private static decimal PeakShare(RatedBill bill)
    {
        var byPeriod = bill.Determinants.KwhByPeriod;
        return byPeriod.Count < 2 || bill.Usage.Value == 0 ? 0 : byPeriod.Skip(1).Sum() / bill.Usage.Value;
    }

    private static string FactorText(ChangeFactor factor, string language, int dayDifference, string weatherWords) => (factor, language) switch
    {
        (ChangeFactor.Days, "es") => $"{Math.Abs(dayDifference)} días {(dayDifference >= 0 ? "más" : "menos")} en el período",
        (ChangeFactor.Days, _) => $"{Math.Abs(dayDifference)} {(dayDifference >= 0 ? "more" : "fewer")} days in the period",
        (ChangeFactor.Weather, "es") => "El clima" + weatherWords,
        (ChangeFactor.Weather, _) => "Weather" + weatherWords,
        (ChangeFactor.Rate, "es") => "Cambios de precio",
        (ChangeFactor.Rate, _) => "Price changes",
        (_, "es") => "Su consumo",
        _ => "Your use",
    };

    private static string Money(decimal amount, CultureInfo culture) => amount.ToString("C2", culture);

    private static string Signed(decimal amount, CultureInfo culture) => (amount >= 0 ? "+" : "−") + Math.Abs(amount).ToString("C2", culture);
}
