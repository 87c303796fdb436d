using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>Counts of what a merge did with the incoming reads.</summary>
public sealed class MergeCounts
{
    public long Accepted { get; set; }

    public long Duplicates { get; set; }

    public long Conflicts { get; set; }

    public long ReplacedEstimates { get; set; }
}

/// <summary>
/// Merges incoming reads into a stored meter-day, slot by slot (reads merge by meter and interval
/// start): a new slot is accepted; the same value and quality is a duplicate; an actual read
/// replaces an estimate; an estimate never replaces an actual read; a different actual value
/// wins over the stored one (latest wins) and both are kept as a <see cref="ReadRevision"/>.
/// </summary>
public static class DayMerge
{
    /// <summary>Merges <paramref name="incoming"/> into <paramref name="target"/>; returns whether the target changed.</summary>
    public static bool Merge(MeterDay target, MeterDay incoming, string source, MergeCounts counts, ICollection<ReadRevision> revisions)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(revisions);
        if (target.SlotCount != incoming.SlotCount || target.IntervalMinutes != incoming.IntervalMinutes)
            throw new ArgumentException("Days of different shapes cannot merge.", nameof(incoming));
        var changed = false;
        for (var i = 0; i < incoming.SlotCount; i++)
        {
            var newQuality = incoming.Qualities[i];
            if (newQuality == ReadQuality.Missing)
                continue;
            var newValue = incoming.Values[i];
            var oldQuality = target.Qualities[i];
            var oldValue = target.Values[i];
            if (oldQuality == ReadQuality.Missing)
            {
                counts.Accepted++;
            }
            else if (oldValue == newValue && oldQuality == newQuality)
            {
                counts.Duplicates++;
                continue;
            }
            else if (oldQuality == ReadQuality.Estimated && newQuality != ReadQuality.Estimated)
            {
                counts.Accepted++;
                counts.ReplacedEstimates++;
            }
            else if (newQuality == ReadQuality.Estimated)
            {
                counts.Duplicates++;
                continue;
            }
            else
            {
                counts.Accepted++;
                counts.Conflicts++;
                revisions.Add(new ReadRevision(target.MeterId, target.SlotStart(i), oldValue, oldQuality, newValue, newQuality, source));
            }
            target.SetSlot(i, newValue, newQuality);
            changed = true;
        }
        return changed;
    }
}
