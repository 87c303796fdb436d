namespace UtilityInsights.Cohorts;

/// <summary>
/// A trained cohort model: the ML.NET usage scorer and, per region, the score boundaries between
/// consecutive cohorts (each cohort held <see cref="CohortOptions.TargetCohortSize"/> training homes).
/// A premise's cohort is its region and the run of scores it falls in; the comparison itself is
/// decimal maths elsewhere.
/// </summary>
public sealed class CohortModel(string version, DateTimeOffset trainedAt, CohortOptions options, UsageScorer scorer,
    IReadOnlyDictionary<string, IReadOnlyList<float>> boundaries, IReadOnlyDictionary<string, int> cohortSizes)
{
    public string Version { get; } = version;

    public DateTimeOffset TrainedAt { get; } = trainedAt;

    public CohortOptions Options { get; } = options;

    public UsageScorer Scorer { get; } = scorer;

    /// <summary>Per region, the upper score bound of each cohort but the last, ascending.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<float>> Boundaries { get; } = boundaries;

    /// <summary>Training homes in each cohort.</summary>
    public IReadOnlyDictionary<string, int> CohortSizes { get; } = cohortSizes;

    /// <summary>The cohort of each home (<c>region#cN</c>), or null for a home whose region was not in training.</summary>
    public IReadOnlyList<string?> CohortsOf(IReadOnlyList<CohortHome> homes)
    {
        ArgumentNullException.ThrowIfNull(homes);
        var scores = Scorer.Score(homes);
        return homes.Select((h, i) => Boundaries.TryGetValue(h.Region, out var bounds) ? CohortId(h.Region, CohortIndex(bounds, scores[i])) : null).ToList();
    }

    public static string CohortId(string region, int index) => $"{region}#c{index}";

    private static int CohortIndex(IReadOnlyList<float> bounds, float score)
    {
        var index = 0;
        while (index < bounds.Count && score > bounds[index])
            index++;
        return index;
    }
}

/// <summary>
/// What an analyst tunes: the minimum cohort size (a privacy floor: no comparison below it), the
/// target cohort size (homes per cohort; larger is steadier, smaller is more alike), the seed, the
/// folds of cross-fitted evaluation, and the size of the ML.NET tree ensemble.
/// </summary>
public sealed record CohortOptions(int MinCohortSize = 20, int TargetCohortSize = 25, int Seed = 1, int Folds = 3, int Trees = 60, int LeavesPerTree = 8,
    int MinHomesPerLeaf = 10, int MaxCohortsPerRegion = 64)
{
    /// <summary>The features to build cohorts from (names of <see cref="CohortFeatures.Names"/> or the homes' extra columns, checked by <see cref="FeatureSet.For"/>); all when null or empty.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    public void Validate()
    {
        if (TargetCohortSize < MinCohortSize)
            throw new ArgumentOutOfRangeException(nameof(TargetCohortSize), TargetCohortSize, "The target cohort size cannot be below the minimum.");
        if (Trees < 1 || LeavesPerTree < 2 || MinHomesPerLeaf < 1)
            throw new ArgumentOutOfRangeException(nameof(Trees), "The ensemble needs at least one tree of two leaves, with at least one home per leaf.");
        if (MinCohortSize < 2)
            throw new ArgumentOutOfRangeException(nameof(MinCohortSize), MinCohortSize, "A cohort needs at least 2 members.");
        if (MaxCohortsPerRegion < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxCohortsPerRegion), MaxCohortsPerRegion, "At least one cohort per region.");
        if (Folds < 2)
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Evaluation needs at least 2 folds.");
    }
}
