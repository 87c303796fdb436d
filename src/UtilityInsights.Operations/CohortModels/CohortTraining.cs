using System.Text.Json;
using Serilog;
using UtilityInsights.Cohorts;
using UtilityInsights.Insights;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.CohortModels;

/// <summary>One cohort as the model metadata records it: size and the distribution of its usage per day.</summary>
public sealed record CohortStats(string CohortId, string Region, int Homes, decimal Mean, decimal Efficient, decimal P10, decimal P25, decimal Median, decimal P75, decimal P90);

/// <summary>What <c>cohorts train</c> did and the metadata saved beside the model.</summary>
public sealed record CohortTrainingResult(
    string ModelVersion,
    DateOnly TrainingFrom,
    DateOnly TrainingTo,
    int Premises,
    int Trained,
    IReadOnlyDictionary<string, int> Excluded,
    int Cohorts,
    double? R2Loo,
    double Coverage,
    double? BaselineR2Loo,
    double BaselineCoverage,
    string ModelPath,
    string MetadataPath,
    IReadOnlyList<(string Feature, double Share)> FeatureImportance,
    IReadOnlyList<CohortStats> CohortStatistics);

/// <summary>
/// Trains and registers a cohort model from the database: usage per day of each premise over the
/// training window (interval reads), the eligibility rules (no vacant-looking homes, too little
/// history, on-site generation), a cross-fitted evaluation for the metrics, the model on all eligible
/// homes, and the cohort of each. The ML.NET model is saved with its schema (.zip) and a metadata file
/// (.json: features, parameters, window, metrics, cohorts, version); both are registered with the
/// assignments in the database.
/// </summary>
public static class CohortTraining
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, IncludeFields = true };

    /// <summary>What a region's name is followed by for its homes with solar panels, which form cohorts of their own.</summary>
    public const string SolarGroup = "-solar";

    public static async Task<CohortTrainingResult> TrainAsync(UtilityDatabase database, CohortOptions options, EligibilityRules rules, bool includeSolar, bool byRegion,
        DateOnly? from, DateOnly? to, string modelsDirectory, TimeProvider clock, ILogger log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var range = await database.Reads.IntervalDateRangeAsync(cancellationToken)
            ?? throw new UserErrorException($"{database.Target.Display}: no interval reads to train cohorts on (ingest reads first).");
        var end = to ?? range.Last.AddDays(1);
        var start = from ?? (end.AddYears(-1) > range.First ? end.AddYears(-1) : range.First);
        if (end <= start)
            throw new UserErrorException($"--to {end:yyyy-MM-dd} must come after --from {start:yyyy-MM-dd}.");
        var usage = await database.Reads.UsageByMeterAsync(start, end, cancellationToken);
        var otherCommodities = await database.Meters.OfOtherCommoditiesAsync(EligibilityRules.ComparedCommodity, cancellationToken);
        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var homes = new List<CohortHome>();
        var premises = 0;
        await foreach (var premise in database.Premises.ListAsync(cancellationToken))
        {
            premises++;
            if (otherCommodities.Contains(premise.MeterId.Value))
            {
                Exclude(Exclusion.NotElectricity);
                continue;
            }
            var (total, days) = usage.TryGetValue(premise.MeterId.Value, out var interval) ? interval
                : await RegisterUsageAsync(database, premise, start, end, cancellationToken);
            var perDay = days > 0 ? total / days : 0m;
            // Homes with solar panels are compared with each other: a group of their own in each region
            // (with --include-solar, with every home instead).
            var solar = premise.HasSolar == true;
            var exclusion = rules.Check(perDay, days, solar, optedOut: false, cohortAllGenerate: true);
            if (exclusion != Exclusion.None)
            {
                Exclude(exclusion);
                continue;
            }
            var group = byRegion ? premise.Region : "all";
            homes.Add(new CohortHome(premise.Id.Value, solar && !includeSolar ? group + SolarGroup : group, premise, (double)perDay));
        }
        // Snake case, as every code in the model file and the command's JSON (vacant_looking, too_little_history …).
        void Exclude(Exclusion why)
        {
            var key = JsonNamingPolicy.SnakeCaseLower.ConvertName(why.ToString());
            excluded[key] = excluded.GetValueOrDefault(key) + 1;
        }

        // A region with fewer homes with solar panels than the privacy floor pools them with the other such regions'
        // (compared with solar homes farther away rather than with none).
        var smallSolar = homes.Where(h => h.Region.EndsWith(SolarGroup, StringComparison.Ordinal)).GroupBy(h => h.Region, StringComparer.Ordinal)
            .Where(g => g.Count() < options.MinCohortSize).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        if (smallSolar.Count > 1)
            homes = homes.Select(h => smallSolar.Contains(h.Region) ? h with { Region = "all" + SolarGroup } : h).ToList();
        if (homes.Count < options.TargetCohortSize)
            throw new UserErrorException($"only {homes.Count} eligible homes with usage in {start:yyyy-MM-dd}..{end:yyyy-MM-dd}: fewer than one cohort of {options.TargetCohortSize}.");

        var evaluation = CohortEvaluator.Evaluate(homes, options);
        var model = CohortTrainer.Train(homes, options, clock.GetUtcNow());
        var cohorts = model.CohortsOf(homes);
        var assignments = homes.Select((h, i) => (h.Id, Cohort: cohorts[i]!)).ToList();
        var usagePerDay = homes.ToDictionary(h => h.Id, h => (decimal)h.UsagePerDay!.Value, StringComparer.Ordinal);
        var groups = assignments.GroupBy(a => a.Cohort, StringComparer.Ordinal).ToList();
        // The privacy floor: a cohort smaller than the minimum is counted, never described (no mean, no quantile
        // of a handful of neighbours reaches the model file, the report or a statement).
        var stats = groups.Where(g => g.Count() >= options.MinCohortSize)
            .Select(g => Stats(g.Key, g.Select(a => usagePerDay[a.Id]).ToList()))
            .OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Mean).ToList();
        var small = groups.Where(g => g.Count() < options.MinCohortSize)
            .Select(g => new { cohort_id = g.Key, homes = g.Count() }).OrderBy(c => c.cohort_id, StringComparer.Ordinal).ToList();

        Directory.CreateDirectory(modelsDirectory);
        var modelPath = Path.GetFullPath(Path.Combine(modelsDirectory, model.Version + ".zip"));
        var metadataPath = Path.ChangeExtension(modelPath, ".json");
        model.Scorer.Save(modelPath);
        var importance = model.Scorer.FeatureImportance();
        var metrics = new
        {
            r2_loo = evaluation.Model.R2Loo,
            coverage = evaluation.Model.Coverage,
            cohorts = evaluation.Model.Cohorts,
            baseline = new { r2_loo = evaluation.Baseline.R2Loo, coverage = evaluation.Baseline.Coverage },
        };
        var metadata = new
        {
            version = model.Version,
            trained_at = model.TrainedAt,
            training_from = start,
            training_to = end,
            features = model.Scorer.Features.Names,
            parameters = options,
            metrics,
            premises,
            trained = homes.Count,
            excluded,
            feature_importance = importance.Select(f => new { feature = f.Feature, share = Math.Round(f.Share, 4) }),
            boundaries = model.Boundaries,
            cohorts = stats,
            small_cohorts = small,
            privacy_floor = options.MinCohortSize,
        };
        await File.WriteAllTextAsync(metadataPath, JsonSerializer.Serialize(metadata, Json), cancellationToken);
        await database.CohortModels.RegisterAsync(
            new CohortModelRecord(model.Version, model.TrainedAt, start, end, homes.Count, JsonSerializer.Serialize(model.Scorer.Features.Names),
                JsonSerializer.Serialize(options, Json), JsonSerializer.Serialize(metrics, Json), modelPath),
            assignments.Select(a => (a.Id, a.Cohort)), cancellationToken);
        log.Information("Trained cohort model {Version} on {Homes} homes ({Cohorts} cohorts), R2 {R2}", model.Version, homes.Count, groups.Count,
            evaluation.Model.R2Loo?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "not measured");
        return new CohortTrainingResult(model.Version, start, end, premises, homes.Count, excluded, groups.Count, evaluation.Model.R2Loo, evaluation.Model.Coverage,
            evaluation.Baseline.R2Loo, evaluation.Baseline.Coverage, modelPath, metadataPath, importance, stats);
    }

    /// <summary>Usage between the first and last register reads inside the window, and the days between them.</summary>
    private static async Task<(decimal Total, int Days)> RegisterUsageAsync(UtilityDatabase database, Domain.Premise premise, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var meter = await database.Meters.GetAsync(premise.MeterId, cancellationToken);
        if (meter is null || meter.Kind != Domain.MeterKind.Register)
            return (0, 0);
        var zone = Time.TimeZones.Find(meter.TimeZone);
        var reads = await database.Reads.GetRegisterReadsAsync(meter.Id, Time.LocalDay.StartOfDay(from, zone), Time.LocalDay.StartOfDay(to, zone).AddSeconds(1), cancellationToken);
        if (reads.Count < 2)
            return (0, 0);
        var total = 0m;
        for (var i = 1; i < reads.Count; i++)
            total += reads[i].ReadType == Domain.RegisterReadType.MeterExchangeIn ? 0 : reads[i].UsageSince(reads[i - 1], meter.RolloverAt).Value;
        return (total, (int)Math.Round((reads[^1].ReadAt - reads[0].ReadAt).TotalDays));
    }

    private static CohortStats Stats(string cohort, List<decimal> usage)
    {
        usage.Sort();
        decimal Q(decimal q) => usage[(int)Math.Min(usage.Count - 1, Math.Floor(q * (usage.Count - 1)))];
        var efficientCount = Math.Max(1, (int)Math.Ceiling(usage.Count * 0.2m));
        return new CohortStats(cohort, cohort[..cohort.LastIndexOf('#')], usage.Count, Math.Round(usage.Average(), 3), Math.Round(usage.Take(efficientCount).Average(), 3),
            Math.Round(Q(0.1m), 3), Math.Round(Q(0.25m), 3), Math.Round(Q(0.5m), 3), Math.Round(Q(0.75m), 3), Math.Round(Q(0.9m), 3));
    }
}
