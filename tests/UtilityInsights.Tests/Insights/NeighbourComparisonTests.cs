using UtilityInsights.Insights;

namespace UtilityInsights.Tests.Insights;

public class NeighbourComparisonTests
{
    private static readonly decimal[] Twenty = Enumerable.Range(1, 20).Select(i => (decimal)i).ToArray(); // 1..20 kWh a day

    [Test]
    public void Average_and_efficient_neighbours_are_the_mean_and_the_mean_of_the_lowest_fifth()
    {
        var comparison = NeighbourComparer.Compare(12m, Twenty, ComparisonOptions.Default, "m1")!;

        Assert.Multiple(() =>
        {
            Assert.That(comparison.AveragePerDay, Is.EqualTo(10.5m));
            Assert.That(comparison.EfficientPerDay, Is.EqualTo(2.5m), "mean of 1, 2, 3, 4");
            Assert.That(comparison.State, Is.EqualTo(ComparisonState.UsingMoreThanAverage));
            Assert.That(comparison.Percentile, Is.EqualTo(55m), "11 of 20 neighbours used less");
            Assert.That(comparison.PercentVersusAverage, Is.EqualTo(14m));
            Assert.That(comparison.ModelVersion, Is.EqualTo("m1"));
        });
    }

    [TestCase(2.5, ComparisonState.Great)]
    [TestCase(10.5, ComparisonState.Good)]
    [TestCase(10.6, ComparisonState.UsingMoreThanAverage)]
    public void The_state_follows_the_efficient_and_average_marks(decimal you, ComparisonState state)
    {
        Assert.That(NeighbourComparer.Compare(you, Twenty, ComparisonOptions.Default, "m")!.State, Is.EqualTo(state));
    }

    [Test]
    public void Below_the_minimum_cohort_size_there_is_no_comparison()
    {
        Assert.That(NeighbourComparer.Compare(5m, Twenty[..19], ComparisonOptions.Default, "m"), Is.Null);
    }

    [Test]
    public void The_efficient_mark_can_be_a_quantile_instead()
    {
        var options = ComparisonOptions.Default with { Method = EfficientMethod.Quantile, EfficientShare = 0.25m };

        Assert.That(NeighbourComparer.Compare(5m, Twenty, options, "m")!.EfficientPerDay, Is.EqualTo(5m));
    }

    [TestCase(0.5, 365, false, false, Exclusion.VacantLooking)]
    [TestCase(20, 30, false, false, Exclusion.TooLittleHistory)]
    [TestCase(20, 365, true, false, Exclusion.OnSiteGeneration)]
    [TestCase(20, 365, false, true, Exclusion.OptedOut)]
    [TestCase(20, 365, false, false, Exclusion.None)]
    public void Homes_that_cannot_be_compared_fairly_are_left_out(decimal perDay, int days, bool solar, bool optedOut, Exclusion expected)
    {
        Assert.That(new EligibilityRules().Check(perDay, days, solar, optedOut), Is.EqualTo(expected));
    }
}

public class CohortDistributionTests
{
    [Test]
    public void Comparing_a_member_with_the_distribution_gives_the_same_result_as_comparing_with_the_other_members()
    {
        var random = new Random(3);
        for (var round = 0; round < 50; round++)
        {
            var usage = Enumerable.Range(0, 20 + random.Next(40)).Select(_ => Math.Round((decimal)(random.NextDouble() * 30), random.Next(3))).ToList();
            var distribution = new CohortDistribution(usage);
            var options = random.Next(2) == 0 ? ComparisonOptions.Default : ComparisonOptions.Default with { Method = EfficientMethod.Quantile, EfficientShare = 0.25m };
            for (var i = 0; i < usage.Count; i++)
            {
                var others = usage.Where((_, j) => j != i).ToList();
                Assert.That(distribution.CompareMember(usage[i], options, "m"), Is.EqualTo(NeighbourComparer.Compare(usage[i], others, options, "m")));
            }
        }
    }
}

/// <summary>
/// The comparison written the slow, obvious way, in decimal maths a test can check by hand: the
/// oracle that <see cref="CohortDistribution"/> (sorted once, O(log n) per member) must agree with. Below the minimum cohort
/// size there is no comparison (a privacy floor: a neighbour could otherwise be recognised).
/// </summary>
internal static class NeighbourComparer
{
    /// <param name="youPerDay">The home's usage per day in the period.</param>
    /// <param name="neighboursPerDay">The other cohort members' usage per day (the home itself excluded).</param>
    /// <param name="options">The comparison rules.</param>
    /// <param name="modelVersion">The cohort model that chose the neighbours.</param>
    public static NeighbourComparison? Compare(decimal youPerDay, IReadOnlyList<decimal> neighboursPerDay, ComparisonOptions options, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(neighboursPerDay);
        ArgumentNullException.ThrowIfNull(options);
        if (neighboursPerDay.Count < options.MinCohortSize)
            return null;
        var sorted = neighboursPerDay.Order().ToList();
        var average = sorted.Sum() / sorted.Count;
        var take = Math.Max(1, (int)Math.Ceiling(sorted.Count * options.EfficientShare));
        var efficient = options.Method == EfficientMethod.MeanOfMostEfficient
            ? sorted.Take(take).Sum() / take
            : sorted[take - 1];
        var below = sorted.Count(n => n < youPerDay);
        var percentile = Math.Round(100m * below / sorted.Count, 0, MidpointRounding.AwayFromZero);
        var state = youPerDay <= efficient ? ComparisonState.Great : youPerDay <= average ? ComparisonState.Good : ComparisonState.UsingMoreThanAverage;
        return new NeighbourComparison(youPerDay, Math.Round(average, 3), Math.Round(efficient, 3), sorted.Count, percentile, state, modelVersion);
    }
}
