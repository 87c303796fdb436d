using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// Validation of stored interval values: negative consumption (normal, and not flagged, on a
/// meter with on-site generation), spikes above the meter's median + k·IQR, and long runs of
/// zero reads. Findings are flags: the reads stay as they are for an operator to review.
/// </summary>
public static class ReadChecks
{
    public static void Check(IReadOnlyList<MeterDay> days, IEnumerable<MeterDay> history, bool hasGeneration, VeeOptions options, string source,
        ICollection<ReadFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flags);
        var threshold = SpikeThreshold(days.Concat(history ?? []), options.SpikeIqrFactor);
        foreach (var day in days.OrderBy(d => d.Day.Date))
        {
            var zeroRunStart = -1;
            for (var i = 0; i <= day.SlotCount; i++)
            {
                var present = i < day.SlotCount && day.Qualities[i] is not (ReadQuality.Missing or ReadQuality.Estimated);
                var value = present ? day.Values[i] : 0m;
                if (present && value < 0 && !hasGeneration)
                    flags.Add(new ReadFlag(day.MeterId, day.SlotStart(i), VeeRules.Negative, Invariant($"{value} {day.Unit.Symbol()} on a meter without generation"), source));
                if (present && threshold is { } t && value > t)
                    flags.Add(new ReadFlag(day.MeterId, day.SlotStart(i), VeeRules.Spike, Invariant($"{value} {day.Unit.Symbol()} above the spike threshold {t:0.###}"), source));
                if (present && value == 0)
                {
                    if (zeroRunStart < 0)
                        zeroRunStart = i;
                    continue;
                }
                if (zeroRunStart >= 0 && (long)(i - zeroRunStart) * day.IntervalMinutes >= options.ZeroRunMinutes)
                    flags.Add(new ReadFlag(day.MeterId, day.SlotStart(zeroRunStart), VeeRules.ZeroRun, $"{i - zeroRunStart} zero reads in a row", source));
                zeroRunStart = -1;
            }
        }
    }

    /// <summary>
    /// The larger of median + k·IQR and twice the 99.5th percentile of the actual reads, or null with
    /// too few reads (fewer than 48) to judge. The percentile term keeps a home's own regular peaks
    /// (EV charging, electric heat) from being flagged when its base load is small and steady.
    /// </summary>
    public static decimal? SpikeThreshold(IEnumerable<MeterDay> days, decimal factor)
    {
        var values = new List<decimal>();
        foreach (var day in days)
        {
            for (var i = 0; i < day.SlotCount; i++)
            {
                if (day.Qualities[i] is not (ReadQuality.Missing or ReadQuality.Estimated))
                    values.Add(day.Values[i]);
            }
        }
        if (values.Count < 48)
            return null;
        SortValues(values);
        var median = Quantile(values, 0.5m);
        var iqr = Quantile(values, 0.75m) - Quantile(values, 0.25m);
        var tukey = median + factor * iqr;
        var peaks = 2 * Quantile(values, 0.995m);
        var threshold = Math.Max(tukey, peaks);
        return threshold <= 0 ? null : threshold;
    }

    /// <summary>
    /// Sorts reads by their millionths — integers compare far faster than decimals of mixed scales, and a meter's
    /// check sorts every read of its days around the batch — falling back to decimals for a value with more than
    /// six decimal places (none is stored) or too large for them.
    /// </summary>
    private static void SortValues(List<decimal> values)
    {
        var keys = new long[values.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!TryMillionths(values[i], out keys[i]))
            {
                values.Sort();
                return;
            }
        }
        keys.AsSpan().Sort(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
    }

    private static bool TryMillionths(decimal value, out long millionths)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        millionths = 0;
        if (bits[2] != 0 || scale > 6 || magnitude > long.MaxValue / 1_000_000)
            return false;
        var scaled = (long)magnitude * Powers[6 - scale];
        millionths = bits[3] < 0 ? -scaled : scaled;
        return true;
    }

    private static readonly long[] Powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    private static decimal Quantile(List<decimal> sorted, decimal q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
