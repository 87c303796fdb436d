using UtilityInsights.Domain;

namespace UtilityInsights.Cohorts;

/// <summary>
/// How well one way of forming cohorts predicts usage: leave-one-out R² of the cohort mean and coverage. R² is null when there is nothing
/// to measure it on: no cohort reaches the minimum size (too few homes for the folds and regions), or every covered home uses the same.
/// </summary>
public sealed record CohortScore(double? R2Loo, double Coverage, int Cohorts, int MinCohortSize, double MedianCohortSize);

/// <summary>The outcome of <c>cohorts evaluate</c>: the model's score, the rule-based baseline's, and the cohort each home was evaluated in.</summary>
public sealed record CohortEvaluation(CohortScore Model, CohortScore Baseline, IReadOnlyList<(string PremiseId, string CohortId)> Assignments)
{
    /// <summary>What each feature contributes: its share of the split gains (a categorical column's levels together), averaged over the folds' models.</summary>
    public IReadOnlyList<(string Feature, double Share)> Importance { get; init; } = [];
}

/// <summary>
/// Evaluates cohorts honestly (DESIGN §6): the homes are split into folds; the homes of each fold are
/// scored by a usage scorer trained on the other folds, so a home's own usage never shapes its own
/// cohort, and each fold's homes of a region, ordered by score, are cut into cohorts of the target
/// size. A home's prediction is the mean usage of the other members of its cohort (leave-one-out). The rule-based baseline groups homes by region ×
/// electric heat × housing type × floor-area quintile × household size, and covers only the homes whose
/// group reaches the minimum size.
/// </summary>
public static class CohortEvaluator
{
    public static CohortEvaluation Evaluate(IReadOnlyList<CohortHome> homes, CohortOptions options)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var scored = homes.Where(h => h.UsagePerDay is not null).ToList();
        var assignments = new List<(CohortHome Home, string Cohort)>();
        var importance = new Dictionary<string, double>(StringComparer.Ordinal);
        var random = new Random(options.Seed);
        var folds = scored.OrderBy(h => h.Id, StringComparer.Ordinal).Select(h => (Home: h, Key: random.Next())).OrderBy(x => x.Key)
            .Select((x, i) => (x.Home, Fold: i % options.Folds)).ToList();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var training = folds.Where(f => f.Fold != fold).Select(f => f.Home).ToList();
            var held = folds.Where(f => f.Fold == fold).Select(f => f.Home).ToList();
            var scorer = UsageScorer.Train(training, options);
            foreach (var (feature, share) in scorer.ImportanceByFeature())
                importance[feature] = importance.GetValueOrDefault(feature) + share / options.Folds;
            var scores = scorer.Score(held);
            foreach (var region in held.Select((h, i) => (Home: h, Score: scores[i])).GroupBy(x => x.Home.Region, StringComparer.Ordinal))
            {
                var ordered = region.OrderBy(x => x.Score).ThenBy(x => x.Home.Id, StringComparer.Ordinal).Select(x => x.Home).ToList();
                var cohortNo = 0;
                foreach (var group in Bins(ordered, options.TargetCohortSize))
                {
                    var id = $"{region.Key}#f{fold}c{cohortNo++}";
                    assignments.AddRange(group.Select(h => (h, id)));
                }
            }
        }
        var model = Score(assignments, scored.Count, options.MinCohortSize);
        var baseline = Score(scored.Select(h => (h, BaselineCohort(h, scored))).ToList(), scored.Count, options.MinCohortSize);
        return new CohortEvaluation(model, baseline, assignments.Select(a => (a.Home.Id, a.Cohort)).OrderBy(a => a.Id, StringComparer.Ordinal).ToList())
        {
            Importance = importance.OrderByDescending(i => i.Value).ThenBy(i => i.Key, StringComparer.Ordinal).Select(i => (i.Key, i.Value)).ToList(),
        };
    }

    /// <summary>Cuts homes ordered by score into consecutive runs of <paramref name="size"/> (the last run takes the remainder).</summary>
    public static List<List<CohortHome>> Bins(List<CohortHome> ordered, int size)
    {
        var bins = new List<List<CohortHome>>();
        for (var i = 0; i < ordered.Count; i += size)
            bins.Add(ordered.Skip(i).Take(size).ToList());
        if (bins.Count > 1 && bins[^1].Count < size)
        {
            bins[^2].AddRange(bins[^1]);
            bins.RemoveAt(bins.Count - 1);
        }
        return bins;
    }

    /// <summary>Leave-one-out R² of the cohort mean over the covered homes (cohorts of at least the minimum size), coverage over all homes.</summary>
    public static CohortScore Score(IReadOnlyList<(CohortHome Home, string Cohort)> assignments, int homes, int minimum)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var cohorts = assignments.GroupBy(a => a.Cohort, StringComparer.Ordinal).Where(g => g.Count() >= minimum).ToList();
        var covered = cohorts.SelectMany(c => c).ToList();
        if (covered.Count == 0)
            return new CohortScore(null, 0, 0, 0, 0);
        var mean = covered.Average(a => a.Home.UsagePerDay!.Value);
        double sse = 0, sst = 0;
        foreach (var cohort in cohorts)
        {
            var sum = cohort.Sum(a => a.Home.UsagePerDay!.Value);
            var count = cohort.Count();
            foreach (var (home, _) in cohort)
            {
                var y = home.UsagePerDay!.Value;
                var predicted = (sum - y) / (count - 1);
                sse += (y - predicted) * (y - predicted);
                sst += (y - mean) * (y - mean);
            }
        }
        var sizes = cohorts.Select(c => c.Count()).Order().ToList();
        return new CohortScore(sst == 0 ? null : 1 - sse / sst, (double)covered.Count / homes, cohorts.Count, sizes[0], sizes[sizes.Count / 2]);
    }

    /// <summary>The rule-based cohort: region × electric heat × housing type × floor-area quintile (within the region) × household size (1–5+).</summary>
    public static string BaselineCohort(CohortHome home, IReadOnlyList<CohortHome> all)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(all);
        var quintile = Quintiles.For(home.Region, all).Of(home.FloorArea);
        var size = Math.Min(home.Occupants ?? 0, 5);
        return $"{home.Region}|{(home.HeatingFuel == HeatingFuel.Electricity ? "elec" : "other")}|{home.HomeType?.ToText() ?? "unknown"}|q{quintile}|n{size}";
    }

    private sealed class Quintiles
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<CohortHome>, Dictionary<string, Quintiles>> Cache = new();
        private readonly int[] cuts;

        private Quintiles(int[] cuts) => this.cuts = cuts;

        public static Quintiles For(string region, IReadOnlyList<CohortHome> all)
        {
            var perRegion = Cache.GetOrCreateValue(all);
            lock (perRegion)
            {
                if (!perRegion.TryGetValue(region, out var quintiles))
                {
                    var areas = all.Where(h => h.Region == region && h.FloorArea is not null).Select(h => h.FloorArea!.Value).Order().ToList();
                    quintiles = new Quintiles(areas.Count == 0 ? [] : Enumerable.Range(1, 4).Select(q => areas[q * areas.Count / 5]).ToArray());
                    perRegion[region] = quintiles;
                }
                return quintiles;
            }
        }

        public int Of(int? area) => area is null ? -1 : cuts.Count(c => area.Value >= c);
    }
}
