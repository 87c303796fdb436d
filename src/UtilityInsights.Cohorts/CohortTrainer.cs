namespace UtilityInsights.Cohorts;

/// <summary>
/// Trains a cohort model on the homes with usage: the ML.NET usage scorer on all of them, then, per
/// region, the homes ordered by score cut into runs of the target cohort size (the last run takes
/// the remainder), whose score boundaries define the cohorts for any premise of the region.
/// </summary>
public static class CohortTrainer
{
    public static CohortModel Train(IReadOnlyList<CohortHome> homes, CohortOptions options, DateTimeOffset trainedAt)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var training = homes.Where(h => h.UsagePerDay is not null).ToList();
        if (training.Count < options.MinCohortSize)
            throw new ArgumentException($"{training.Count} homes with usage cannot make a cohort of {options.MinCohortSize}.", nameof(homes));
        var scorer = UsageScorer.Train(training, options);
        var scores = scorer.Score(training);
        var boundaries = new Dictionary<string, IReadOnlyList<float>>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var region in training.Select((h, i) => (Home: h, Score: scores[i])).GroupBy(x => x.Home.Region, StringComparer.Ordinal))
        {
            var ordered = region.OrderBy(x => x.Score).ThenBy(x => x.Home.Id, StringComparer.Ordinal).ToList();
            var bins = CohortEvaluator.Bins(ordered.Select(x => x.Home).ToList(), options.TargetCohortSize);
            var bounds = new List<float>();
            var position = 0;
            for (var b = 0; b < bins.Count; b++)
            {
                position += bins[b].Count;
                sizes[CohortModel.CohortId(region.Key, b)] = bins[b].Count;
                if (b < bins.Count - 1)
                    bounds.Add((ordered[position - 1].Score + ordered[position].Score) / 2);
            }
            boundaries[region.Key] = bounds;
        }
        var version = $"cohorts-{trainedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-s{options.Seed}";
        return new CohortModel(version, trainedAt, options, scorer, boundaries, sizes);
    }
}
