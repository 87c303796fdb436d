using UtilityInsights.Domain;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// Everything one batch of one file changes, committed in one transaction together with the
/// record that the batch is in: a crash leaves whole batches or none, and a re-import skips
/// the batches already recorded.
/// </summary>
public sealed record IngestBatch(string FileHash, string FileName, int BatchNo, int Reads)
{
    public List<Meter> NewMeters { get; } = [];

    public List<MeterDay> Days { get; } = [];

    public List<ReadRevision> Revisions { get; } = [];

    public List<ReadFlag> Flags { get; } = [];

    public List<RegisterRead> RegisterReads { get; } = [];

    public List<PeriodRead> PeriodReads { get; } = [];
}
