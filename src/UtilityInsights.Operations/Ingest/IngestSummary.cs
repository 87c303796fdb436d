namespace UtilityInsights.Operations.Ingest;

/// <summary>Total consumption of one meter in an imported file.</summary>
public sealed record QuantityTotal(decimal Quantity, string Unit);

/// <summary>One meter's reads in an imported file (DESIGN §4).</summary>
public sealed record MeterReadSummary(string MeterId, long Reads, QuantityTotal Total, DateTimeOffset FirstStart, DateTimeOffset LastEnd);

/// <summary>
/// The outcome of <c>ingest</c> (DESIGN §4). <see cref="Accepted"/> counts reads newly stored (0 on a
/// re-import), <see cref="Duplicates"/> reads already stored (or repeated in the file),
/// <see cref="Estimated"/> gap slots filled with estimates, <see cref="Flags"/> the validation
/// findings by rule.
/// </summary>
public sealed record IngestSummary(
    IReadOnlyList<string> Files,
    long Accepted,
    long Rejected,
    long Duplicates,
    long Estimated,
    long Conflicts,
    long SkippedBatches,
    IReadOnlyDictionary<string, long> Flags,
    IReadOnlyList<MeterReadSummary> Meters,
    IReadOnlyList<string> RejectsFiles,
    IReadOnlyList<string> Rejections)
{
    /// <summary>
    /// Estimated reads (ingestion's or <c>billrun estimate</c>'s) replaced by the actual ones: with <see cref="Conflicts"/>, reads that
    /// changed where a bill may already have been made on them (<c>billrun reconcile</c> finds those bills).
    /// </summary>
    public long ReplacedEstimates { get; init; }

    /// <summary>
    /// When reads already stored changed (<see cref="Conflicts"/>, <see cref="ReplacedEstimates"/>): the cycles with a bill whose period
    /// takes in a day they changed on, oldest first — each one to check with <c>billrun reconcile --cycle</c>. Empty when none.
    /// </summary>
    public IReadOnlyList<string> ReconcileCycles { get; init; } = [];
}
