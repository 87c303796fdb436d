namespace UtilityInsights.Insights;

/// <summary>Where a home stands against its neighbours (DESIGN §6).</summary>
public enum ComparisonState
{
    /// <summary>At or below the efficient neighbours.</summary>
    Great,

    /// <summary>Below the average neighbours, above the efficient ones.</summary>
    Good,

    /// <summary>Above the average neighbours.</summary>
    UsingMoreThanAverage,
}

/// <summary>How "efficient neighbours" are measured: the mean of the lowest share, or the usage at that quantile.</summary>
public enum EfficientMethod
{
    MeanOfMostEfficient,
    Quantile,
}

/// <summary>The comparison rules: the privacy floor, and what efficient means.</summary>
public sealed record ComparisonOptions(int MinCohortSize = 20, decimal EfficientShare = 0.20m, EfficientMethod Method = EfficientMethod.MeanOfMostEfficient)
{
    public static ComparisonOptions Default { get; } = new();
}

/// <summary>
/// A home's usage per day against its cohort's: the average neighbours (mean), the efficient
/// neighbours, the home's percentile (the share of neighbours who used less), the state, and the
/// model version that chose the cohort. Nothing about an individual neighbour is kept.
/// </summary>
public sealed record NeighbourComparison(decimal YouPerDay, decimal AveragePerDay, decimal EfficientPerDay, int CohortSize, decimal Percentile,
    ComparisonState State, string ModelVersion)
{
    /// <summary>How much more (positive) or less (negative) than the average neighbours, in percent, rounded to whole percent.</summary>
    public decimal PercentVersusAverage => AveragePerDay == 0 ? 0 : Math.Round((YouPerDay - AveragePerDay) / AveragePerDay * 100m, 0, MidpointRounding.AwayFromZero);

    /// <summary>How much more (positive) or less (negative) than the efficient neighbours, in percent.</summary>
    public decimal PercentVersusEfficient => EfficientPerDay == 0 ? 0 : Math.Round((YouPerDay - EfficientPerDay) / EfficientPerDay * 100m, 0, MidpointRounding.AwayFromZero);
}

/// <summary>Why a home is left out of cohorts and comparisons.</summary>
public enum Exclusion
{
    None,
    VacantLooking,
    TooLittleHistory,
    OnSiteGeneration,
    OptedOut,

    /// <summary>A gas or water meter: homes are compared by their electricity use.</summary>
    NotElectricity,
}

/// <summary>
/// Who takes part in comparisons: not homes that look vacant (under <see cref="MinUsagePerDay"/>), with
/// less than <see cref="MinHistoryDays"/> of reads, with on-site generation (unless the whole cohort
/// has it), or that opted out.
/// </summary>
public sealed record EligibilityRules(decimal MinUsagePerDay = 1.0m, int MinHistoryDays = 60)
{
    /// <summary>
    /// What homes are compared by — cohorts, statements' comparisons, program draws: their electricity use. A home on a gas or water
    /// meter takes no part (<see cref="Exclusion.NotElectricity"/>): a therm or a gallon a day is not a kWh a day.
    /// </summary>
    public const Units.Commodity ComparedCommodity = Units.Commodity.Electricity;

    /// <summary>The unit of what homes are compared by: cohorts' figures are this a day.</summary>
    public const Units.Unit ComparedUnit = Units.Unit.KWh;

    public Exclusion Check(decimal usagePerDay, int historyDays, bool hasGeneration, bool optedOut, bool cohortAllGenerate = false) =>
        optedOut ? Exclusion.OptedOut
        : hasGeneration && !cohortAllGenerate ? Exclusion.OnSiteGeneration
        : historyDays < MinHistoryDays ? Exclusion.TooLittleHistory
        : usagePerDay < MinUsagePerDay ? Exclusion.VacantLooking
        : Exclusion.None;
}
