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

public class BillChangeTests
{
    private static BillSnapshot Bill(int days, decimal usage, decimal hdd, decimal total) =>
        new(days, usage, hdd, 0m, UtilityInsights.Money.Money.Usd(total));

    [Test]
    public void The_parts_of_a_bill_change_add_up_exactly_to_the_difference()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var earlier = Bill(28 + random.Next(4), 300m + random.Next(900), random.Next(900), Math.Round(40m + random.Next(20000) / 100m, 2));
            var current = Bill(28 + random.Next(4), 300m + random.Next(900), random.Next(900), Math.Round(40m + random.Next(20000) / 100m, 2));

            var change = BillChange.Explain(current, earlier, 0.8m, 1.1m);

            Assert.That(UtilityInsights.Money.MoneyEnumerableExtensions.Sum(change.Parts.Select(p => p.Amount), UtilityInsights.Money.Currency.Usd), Is.EqualTo(change.Difference));
            Assert.That(change.Parts.All(p => p.Amount.IsRounded), Is.True);
        }
    }

    [Test]
    public void Three_more_days_at_the_same_usage_per_day_and_price_are_all_days()
    {
        var earlier = Bill(28, 560m, 0m, 70.00m);   // 20 kWh a day at $0.125
        var current = Bill(31, 620m, 0m, 77.50m);

        var change = BillChange.Explain(current, earlier, 0m, 0m);

        Assert.That(change.Parts.Select(p => (p.Factor, p.Amount.Amount)), Is.EqualTo(new[]
        {
            (ChangeFactor.Days, 7.50m), (ChangeFactor.Weather, 0m), (ChangeFactor.Rate, 0m), (ChangeFactor.Usage, 0m),
        }));
    }

    [Test]
    public void Colder_weather_is_priced_at_the_earlier_average_price()
    {
        var earlier = Bill(30, 600m, 300m, 60.00m);  // $0.10
        var current = Bill(30, 680m, 400m, 68.00m);  // 100 more HDD × 0.8 kWh = 80 kWh

        var change = BillChange.Explain(current, earlier, 0.8m, 0m);

        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Weather).Amount.Amount, Is.EqualTo(8.00m));
        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Usage).Amount.Amount, Is.EqualTo(0m));
    }
}

public class BillChangeRateTests
{
    [Test]
    public void With_the_same_tariff_a_different_mix_of_tiers_is_usage_not_rate()
    {
        var earlier = new BillSnapshot(31, 500m, 0, 0, UtilityInsights.Money.Money.Usd(50.00m));
        var current = new BillSnapshot(31, 800m, 0, 0, UtilityInsights.Money.Money.Usd(92.00m));

        var change = BillChange.Explain(current, earlier, 0, 0, currentAtEarlierRates: UtilityInsights.Money.Money.Usd(92.00m));

        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Rate).Amount.Amount, Is.EqualTo(0m));
        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Usage).Amount.Amount, Is.EqualTo(42.00m));
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
