using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace UtilityInsights.Cohorts;

/// <summary>
/// The ML.NET model behind the cohorts: a boosted regression-tree ensemble (FastTree) that scores how
/// much a home of these attributes in this region uses per day. Homes with close scores in the same
/// region are similar homes; cohorts are runs of them. Deterministic for a seed.
/// </summary>
public sealed class UsageScorer
{
    internal sealed class Row
    {
        [VectorType(0)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    internal sealed class Prediction
    {
        public float Score { get; set; }
    }

    private readonly MLContext context;
    private readonly RegressionPredictionTransformer<FastTreeRegressionModelParameters> model;
    private readonly DataViewSchema schema;
    private readonly IReadOnlyList<string> regions;
    private readonly IReadOnlyDictionary<string, CohortFeatures.Medians> medians;
    private readonly FeatureSet features;

    private UsageScorer(MLContext context, RegressionPredictionTransformer<FastTreeRegressionModelParameters> model, DataViewSchema schema, IReadOnlyList<string> regions,
        IReadOnlyDictionary<string, CohortFeatures.Medians> medians, FeatureSet features)
    {
        this.features = features;
        this.context = context;
        this.model = model;
        this.schema = schema;
        this.regions = regions;
        this.medians = medians;
    }

    public IReadOnlyList<string> Regions => regions;

    /// <summary>The features the scorer reads, region indicators aside.</summary>
    public FeatureSet Features => features;

    public static UsageScorer Train(IReadOnlyList<CohortHome> homes, CohortOptions options)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(options);
        var regions = homes.Select(h => h.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var medians = homes.GroupBy(h => h.Region, StringComparer.Ordinal).ToDictionary(g => g.Key, g => CohortFeatures.Medians.Of(g), StringComparer.Ordinal);
        var context = new MLContext(options.Seed);
        var training = homes.Where(h => h.UsagePerDay is not null).ToList();
        var selected = FeatureSet.For(homes, options.Features);
        var width = selected.Names.Count + regions.Count;
        var definition = SchemaDefinition.Create(typeof(Row));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = context.Data.LoadFromEnumerable(training.Select(h => new Row { Features = Vector(h, regions, medians, selected), Label = (float)h.UsagePerDay!.Value }), definition);
        var trainer = context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.LeavesPerTree,
            MinimumExampleCountPerLeaf = options.MinHomesPerLeaf,
            LearningRate = 0.08,
            NumberOfThreads = 1,
            Seed = options.Seed,
        });
        var model = trainer.Fit(data);
        return new UsageScorer(context, model, data.Schema, regions, medians, selected);
    }

    /// <summary>The model's score of each home (usage per day it expects of such a home there).</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<CohortHome> homes)
    {
        ArgumentNullException.ThrowIfNull(homes);
        var width = features.Names.Count + regions.Count;
        var definition = SchemaDefinition.Create(typeof(Row));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = context.Data.LoadFromEnumerable(homes.Select(h => new Row { Features = Vector(h, regions, medians, features), Label = 0 }), definition);
        return context.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Score).ToList();
    }

    public void Save(string path) => context.Model.Save(model, schema, path);

    /// <summary>What drives the scores, and so cohort membership: each feature's share of the ensemble's split gains, largest first.</summary>
    public IReadOnlyList<(string Feature, double Share)> FeatureImportance()
    {
        VBuffer<float> weights = default;
        model.Model.GetFeatureWeights(ref weights);
        var names = features.Names.Concat(regions.Select(r => $"region={r}")).ToList();
        var values = weights.DenseValues().ToArray();
        var total = values.Sum();
        return names.Select((n, i) => (n, total == 0 || i >= values.Length ? 0 : values[i] / (double)total)).OrderByDescending(x => x.Item2).ToList();
    }

    /// <summary>Each feature's share of the split gains with a categorical column's levels (and the regions) added up: what each column contributes.</summary>
    public IReadOnlyList<(string Feature, double Share)> ImportanceByFeature()
    {
        var columnOf = features.Names.Zip(features.Columns).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return FeatureImportance().GroupBy(f => columnOf.GetValueOrDefault(f.Feature) ?? "region", StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(f => f.Share))).OrderByDescending(f => f.Item2).ToList();
    }

    private static float[] Vector(CohortHome home, IReadOnlyList<string> regions, IReadOnlyDictionary<string, CohortFeatures.Medians> medians, FeatureSet features)
    {
        var own = features.Of(home, medians.GetValueOrDefault(home.Region) ?? new CohortFeatures.Medians(1800, 2, 1980));
        var vector = new float[own.Length + regions.Count];
        own.CopyTo(vector, 0);
        for (var r = 0; r < regions.Count; r++)
            vector[own.Length + r] = regions[r] == home.Region ? 1 : 0;
        return vector;
    }
}
