using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.Compose;

/// <summary>An account's statement for a cycle and what the bill run stores and checks with it.</summary>
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

    /// <summary>The average daily usage of the home's cohort this month (what the comparison shows), or null without one.</summary>
    public decimal? CohortAveragePerDay { get; init; }
}

/// <summary>
/// Makes an account's statement for a cycle: reads what it needs (<see cref="StatementSources"/>:
/// reads, tariff versions, ledger, earlier bills, degree days, the cohort's month) and composes it
/// (<see cref="StatementComposer"/>, a pure function of what was read).
/// </summary>
public sealed class StatementBuilder(UtilityDatabase database, TipCatalog tips, BrandingConfig branding)
{
    private readonly StatementSources sources = new(database);

    /// <summary>How far from a route's scheduled read date a register read still counts as taken on it (days; default 2).</summary>
    public int ReadToleranceDays
    {
        get => sources.ReadToleranceDays;
        init => sources.ReadToleranceDays = value is >= 0 and <= BillPeriods.MaxReadToleranceDays ? value
            : throw new UserErrorException($"--read-tolerance {value}: between 0 and {BillPeriods.MaxReadToleranceDays} days.");
    }

    /// <summary>Payment is due this many days after the end of the billing month.</summary>
    public const int DaysToPay = 21;

    /// <summary>An account's statement for a cycle, everything read from the database for it alone (the portal, <c>statements render</c>).</summary>
    public async Task<StatementBuild> BuildAsync(AccountId accountId, string cycle, StatementRenderer renderer, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync([accountId], BillingCycle.Parse(cycle).Period, cancellationToken);
        return await BuildAsync(loaded[0], cycle, renderer, cancellationToken);
    }

    /// <summary>
    /// What the statements of <paramref name="accounts"/> (at most <see cref="Storage.Stores.Store.MaxIds"/>) need from the
    /// database, in their order: a few queries for all of them instead of several for each — how a bill run reads.
    /// </summary>
    internal Task<IReadOnlyList<AccountSources>> LoadAsync(IReadOnlyList<AccountId> accounts, ServicePeriod period, CancellationToken cancellationToken) =>
        sources.LoadAsync(accounts, period, cancellationToken);

    /// <summary>An account's statement for a cycle from what <see cref="LoadAsync"/> read for it.</summary>
    internal async Task<StatementBuild> BuildAsync(AccountSources account, string cycle, StatementRenderer renderer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(renderer);
        var found = account.Account ?? throw new UserErrorException($"account {account.Id} is not in {database.Target.Display}.");
        var periods = account.Periods ?? throw new UserErrorException(account.PeriodProblem ?? $"account {account.Id} has no billing period for {cycle}.");
        var period = BillingCycle.Parse(cycle).Period;
        var premise = account.Premise ?? throw new UserErrorException($"account {account.Id} has no premise.");
        var meter = account.Meter ?? throw new UserErrorException($"meter {premise.MeterId} of account {account.Id} has no reads yet (ingest them first).");
        var (versions, tariffVersion) = await sources.TariffVersionsAsync(premise, cancellationToken);
        // Degree days of the twelve months of history and of each period the statement compares (route periods are not months).
        var weather = new Dictionary<ServicePeriod, (decimal Hdd, decimal Cdd)?>();
        foreach (var shown in Enumerable.Range(1, 12).Select(periods.ShownMonth.MonthsBefore).Concat([periods.Current, periods.Previous, periods.LastYear]).Distinct())
            weather[shown] = await sources.WeatherAsync(premise.Region, shown, cancellationToken);
        // Homes with solar panels are compared only with each other: training gives them cohorts of their own.
        var (model, cohortOf, _) = await sources.CohortsAsync(cancellationToken);
        var cohort = model is null ? null : cohortOf.GetValueOrDefault(premise.Id.Value);
        var cohortMonth = cohort is null ? null : await sources.CohortMonthAsync(model!.ModelVersion, cohort, period, cancellationToken);
        return StatementComposer.Compose(new StatementInputs(account, found, premise, meter, versions, tariffVersion, weather, model?.ModelVersion, cohortMonth)
        {
            SolarCohort = cohort?.Contains(CohortModels.CohortTraining.SolarGroup + "#", StringComparison.Ordinal) == true,
        }, cycle, renderer, tips, branding);
    }
}
