namespace UtilityInsights.Storage.Stores;

/// <summary>
/// A run of accounts in id order, as the database orders them: from <see cref="From"/> (included, null: the first) to
/// <see cref="ToExclusive"/> (null: the last). A distributed job works on one such range, read by range in SQL, so no
/// process ever loads every account id.
/// </summary>
public sealed record AccountRange(string? From, string? ToExclusive)
{
    public static AccountRange All { get; } = new(null, null);

    /// <summary>The SQL condition on <paramref name="column"/>, with parameters <c>@RangeFrom</c> and <c>@RangeTo</c> (the query passes <see cref="From"/> and <see cref="ToExclusive"/>).</summary>
    public static string Sql(string column) => $"(@RangeFrom IS NULL OR {column} >= @RangeFrom) AND (@RangeTo IS NULL OR {column} < @RangeTo)";

    public override string ToString() => $"{From ?? "(first)"} to {ToExclusive ?? "(last)"}";
}
