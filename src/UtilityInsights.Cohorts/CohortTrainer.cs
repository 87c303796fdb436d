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
            // Runs of the target size, never splitting homes with the same score (a boundary must fall
            // between two different scores, or homes scored alike later would land in a different cohort).
            var ends = new List<int>();
            var start = 0;
            for (var i = 1; i <= ordered.Count; i++)
            {
                if (i - start >= options.TargetCohortSize && (i == ordered.Count || ordered[i].Score > ordered[i - 1].Score))
                {
                    ends.Add(i);
                    start = i;
                }
            }
            if (ends.Count == 0 || ends[^1] != ordered.Count)
            {
                if (ends.Count > 0 && ordered.Count - ends[^1] < options.MinCohortSize)
                    ends[^1] = ordered.Count;
                else
                    ends.Add(ordered.Count);
            }
            var bounds = new List<float>();
            var previous = 0;
            for (var b = 0; b < ends.Count; b++)
            {
                sizes[CohortModel.CohortId(region.Key, b)] = ends[b] - previous;
                if (b < ends.Count - 1)
                    bounds.Add((ordered[ends[b] - 1].Score + ordered[ends[b]].Score) / 2);
                previous = ends[b];
            }
            boundaries[region.Key] = bounds;
        }
        var version = $"cohorts-{trainedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-s{options.Seed}";
        return new CohortModel(version, trainedAt, options, scorer, boundaries, sizes);
    }
}
