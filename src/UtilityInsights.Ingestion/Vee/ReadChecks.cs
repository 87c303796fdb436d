using System.Buffers;
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
        ArgumentNullException.ThrowIfNull(days);
        // Counted first, then gathered into arrays lent for the call: a meter's check runs once a batch, over every read of its
        // days around the batch, and a growing list would copy them again and again.
        var count = 0;
        foreach (var day in days)
        {
            foreach (var quality in day.Qualities)
            {
                if (IsActual(quality))
                    count++;
            }
        }
        if (count < 48)
            return null;
        var lent = ArrayPool<decimal>.Shared.Rent(count);
        var keys = ArrayPool<long>.Shared.Rent(count);
        try
        {
            var values = lent.AsSpan(0, count);
            var filled = 0;
            foreach (var day in days)
            {
                var dayValues = day.Values;
                for (var i = 0; i < day.SlotCount; i++)
                {
                    if (IsActual(day.Qualities[i]))
                        values[filled++] = dayValues[i];
                }
            }
            // As millionths — integers compare far faster than decimals of mixed scales — unless a value has more than six decimal
            // places (none is stored) or is too large for them: then as decimals, sorted. Either gives the same quantiles. The
            // millionths are not sorted: only the eight places the quantiles read are found (a meter's check runs over every read
            // of its days around the batch, its last weeks included).
            var millionths = keys.AsSpan(0, count);
            var exact = AllMillionths(values, millionths);
            if (!exact)
                values.Sort();
            var (q1, median, q3, p995) = exact ? Quartiles(millionths) : Quartiles(values);
            var tukey = median + factor * (q3 - q1);
            var peaks = 2 * p995;
            var threshold = Math.Max(tukey, peaks);
            return threshold <= 0 ? null : threshold;
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(lent);
            ArrayPool<long>.Shared.Return(keys);
        }
    }

    private static bool IsActual(ReadQuality quality) => quality is not (ReadQuality.Missing or ReadQuality.Estimated);

    /// <summary>Each value in whole millionths, when every one of them has at most six decimal places and fits.</summary>
    private static bool AllMillionths(ReadOnlySpan<decimal> values, Span<long> millionths)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!MeterDay.TryToMillionths(values[i], out millionths[i]))
                return false;
        }
        return true;
    }

    /// <summary>The first quartile, the median, the third quartile and the 99.5th percentile of sorted reads.</summary>
    private static (decimal Q1, decimal Median, decimal Q3, decimal P995) Quartiles(ReadOnlySpan<decimal> sorted) =>
        (QuantileOf(sorted, 0.25m), QuantileOf(sorted, 0.5m), QuantileOf(sorted, 0.75m), QuantileOf(sorted, 0.995m));

    /// <summary>The same of reads as millionths, in any order: the places each quantile reads are selected, lowest first.</summary>
    private static (decimal Q1, decimal Median, decimal Q3, decimal P995) Quartiles(Span<long> millionths)
    {
        Span<decimal> quantiles = stackalloc decimal[4];
        ReadOnlySpan<decimal> qs = [0.25m, 0.5m, 0.75m, 0.995m];
        var selected = 0;
        for (var i = 0; i < qs.Length; i++)
        {
            var (lower, upper, fraction) = QuantilePlace(millionths.Length, qs[i]);
            selected = Selection.Place(millionths, selected, lower);
            selected = Selection.Place(millionths, selected, upper);
            var low = MeterDay.FromMillionths(millionths[lower]);
            quantiles[i] = low + (MeterDay.FromMillionths(millionths[upper]) - low) * fraction;
        }
        return (quantiles[0], quantiles[1], quantiles[2], quantiles[3]);
    }

    private static decimal QuantileOf(ReadOnlySpan<decimal> sorted, decimal q)
    {
        var (lower, upper, fraction) = QuantilePlace(sorted.Length, q);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    private static (int Lower, int Upper, decimal Fraction) QuantilePlace(int count, decimal q)
    {
        var position = q * (count - 1);
        var lower = (int)Math.Floor(position);
        return (lower, Math.Min(lower + 1, count - 1), position - lower);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
