using System.Diagnostics;
using System.Globalization;
using UtilityInsights.Cohorts;
using UtilityInsights.Domain;
using UtilityInsights.Insights;

namespace UtilityInsights.Benchmarks;

/// <summary>
/// End-to-end timing of the cohort stage at scale (not a BenchmarkDotNet micro-benchmark: one run of
/// each step on N synthetic premises): training the model, then assigning every premise and computing
/// every comparison. <c>dotnet run -c Release --project benchmarks/UtilityInsights.Benchmarks -- cohorts 1000000</c>.
/// </summary>
public static class CohortTiming
{
    public static void Run(int premises)
    {
        var random = new Random(42);
        string[] regions = ["cold", "mixed-humid", "hot-humid", "hot-dry", "marine"];
        var homes = new List<CohortHome>(premises);
        for (var i = 0; i < premises; i++)
        {
            var area = 600 + random.Next(3400);
            var occupants = 1 + random.Next(6);
            var electric = random.NextDouble() < 0.4;
            var region = random.Next(regions.Length);
            var usage = 5 + area * 0.006 + occupants * 1.8 + (electric ? 9 : 0) + region * 2 + random.NextDouble() * 8;
            homes.Add(new CohortHome($"P-{i:0000000}", regions[region], null, usage)
            {
                FloorArea = area,
                Occupants = occupants,
                HeatingFuel = electric ? HeatingFuel.Electricity : HeatingFuel.NaturalGas,
                HomeType = (HomeType)random.Next(5),
                YearBuilt = 1920 + random.Next(100),
                HasAc = random.NextDouble() < 0.8,
            });
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{premises:N0} premises, {Environment.ProcessorCount} cores"));
        var watch = Stopwatch.StartNew();
        var model = CohortTrainer.Train(homes, new CohortOptions(), DateTimeOffset.UnixEpoch);
        var train = watch.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train: {train.TotalSeconds:0.00} s ({model.CohortSizes.Count:N0} cohorts)"));

        watch.Restart();
        var cohorts = model.CohortsOf(homes);
        var assign = watch.Elapsed;
        var perDay = homes.Select(h => (decimal)h.UsagePerDay!.Value).ToArray();
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < homes.Count; i++)
        {
            if (!members.TryGetValue(cohorts[i]!, out var list))
                members[cohorts[i]!] = list = [];
            list.Add(i);
        }
        var compared = 0;
        foreach (var (_, list) in members)
        {
            var distribution = new CohortDistribution(list.Select(i => perDay[i]));
            foreach (var i in list)
            {
                if (distribution.CompareMember(perDay[i], ComparisonOptions.Default, model.Version) is not null)
                    compared++;
            }
        }
        var total = watch.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assign: {assign.TotalSeconds:0.00} s; assign + {compared:N0} comparisons: {total.TotalSeconds:0.00} s"));
    }
}
