namespace UtilityInsights.Insights;

/// <summary>
/// A cohort's usage per day, sorted once with prefix sums, so that every member can be compared with
/// the others (the member itself left out) in O(log n), for a bill run of a million homes. Below the
/// minimum cohort size there is no comparison (a privacy floor: a neighbour could otherwise be recognised).
/// </summary>
public sealed class CohortDistribution
{
    private readonly decimal[] sorted;
    private readonly decimal[] prefix;

    public CohortDistribution(IEnumerable<decimal> usagePerDay)
    {
        ArgumentNullException.ThrowIfNull(usagePerDay);
        sorted = usagePerDay.Order().ToArray();
        prefix = new decimal[sorted.Length + 1];
        for (var i = 0; i < sorted.Length; i++)
            prefix[i + 1] = prefix[i] + sorted[i];
    }

    public int Count => sorted.Length;

    /// <summary>Whether some member's usage per day is exactly this value.</summary>
    public bool Contains(decimal usagePerDay) => Array.BinarySearch(sorted, usagePerDay) >= 0;

    /// <summary>Compares a member (whose usage is in the distribution) with the other members.</summary>
    public NeighbourComparison? CompareMember(decimal youPerDay, ComparisonOptions options, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(options);
        var others = sorted.Length - 1;
        if (others < options.MinCohortSize)
            return null;
        var self = Array.BinarySearch(sorted, youPerDay);
        if (self < 0)
            throw new ArgumentException("The member's usage is not in the cohort's distribution.", nameof(youPerDay));
        var first = self;
        while (first > 0 && sorted[first - 1] == youPerDay)
            first--;
        decimal Other(int i) => i < first ? sorted[i] : sorted[i + 1];
        decimal SumOfLowest(int k) => k <= first ? prefix[k] : prefix[k + 1] - youPerDay;

        var average = (prefix[sorted.Length] - youPerDay) / others;
        var take = Math.Max(1, (int)Math.Ceiling(others * options.EfficientShare));
        var efficient = options.Method == EfficientMethod.MeanOfMostEfficient ? SumOfLowest(take) / take : Other(take - 1);
        var below = first;
        var percentile = Math.Round(100m * below / others, 0, MidpointRounding.AwayFromZero);
        var state = youPerDay <= efficient ? ComparisonState.Great : youPerDay <= average ? ComparisonState.Good : ComparisonState.UsingMoreThanAverage;
        return new NeighbourComparison(youPerDay, Math.Round(average, 3), Math.Round(efficient, 3), others, percentile, state, modelVersion);
    }
}
