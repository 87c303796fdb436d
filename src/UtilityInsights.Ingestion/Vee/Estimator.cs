using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// Fills gaps in a meter's consecutive days with estimates (quality E): a gap no longer than
/// <see cref="VeeOptions.MaxLinearGapMinutes"/> by linear interpolation between the reads on
/// either side; a longer one with the mean of the same slot on the same weekday of up to
/// <see cref="VeeOptions.ProfileWeeks"/> earlier weeks (actual reads only). Gaps open at either end
/// (no read after them yet) are left for bill-time estimation. Returns one flag per gap.
/// </summary>
public static class Estimator
{
    public static int FillGaps(IReadOnlyList<MeterDay> days, Func<DateOnly, MeterDay?> dayOn, VeeOptions options, string source, ICollection<ReadFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(dayOn);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flags);
        var estimated = 0;
        // Walk the slots of the days as one timeline; consecutive dates only.
        var timeline = new List<(MeterDay Day, int Slot)>();
        void Close()
        {
            estimated += FillTimeline(timeline, dayOn, options, source, flags);
            timeline.Clear();
        }

        MeterDay? previous = null;
        foreach (var day in days.OrderBy(d => d.Day.Date))
        {
            if (previous is not null && (day.Day.Date != previous.Day.Date.AddDays(1) || day.IntervalMinutes != previous.IntervalMinutes))
                Close();
            for (var i = 0; i < day.SlotCount; i++)
                timeline.Add((day, i));
            previous = day;
        }
        Close();
        return estimated;
    }

    private static int FillTimeline(List<(MeterDay Day, int Slot)> timeline, Func<DateOnly, MeterDay?> dayOn, VeeOptions options, string source,
        ICollection<ReadFlag> flags)
    {
        var estimated = 0;
        var lastPresent = -1;
        for (var i = 0; i < timeline.Count; i++)
        {
            var (day, slot) = timeline[i];
            if (day.Qualities[slot] == ReadQuality.Missing)
                continue;
            var gap = i - lastPresent - 1;
            if (lastPresent >= 0 && gap > 0)
                estimated += FillGap(timeline, lastPresent, i, dayOn, options, source, flags);
            lastPresent = i;
        }
        return estimated;
    }

    private static int FillGap(List<(MeterDay Day, int Slot)> timeline, int before, int after, Func<DateOnly, MeterDay?> dayOn, VeeOptions options,
        string source, ICollection<ReadFlag> flags)
    {
        var length = after - before - 1;
        var interval = timeline[before].Day.IntervalMinutes;
        var first = timeline[before + 1];
        var filled = 0;
        string method;
        if (!options.Estimate)
        {
            method = "left empty (estimation off)";
        }
        else if ((long)length * interval <= options.MaxLinearGapMinutes)
        {
            var left = timeline[before].Day.Values[timeline[before].Slot];
            var right = timeline[after].Day.Values[timeline[after].Slot];
            for (var k = 1; k <= length; k++)
            {
                var (day, slot) = timeline[before + k];
                day.SetSlot(slot, Math.Round(left + (right - left) * k / (length + 1), 6, MidpointRounding.AwayFromZero), ReadQuality.Estimated);
                filled++;
            }
            method = "linear interpolation";
        }
        else
        {
            for (var k = 1; k <= length; k++)
            {
                var (day, slot) = timeline[before + k];
                var sum = 0m;
                var count = 0;
                for (var week = 1; week <= options.ProfileWeeks; week++)
                {
                    var earlier = dayOn(day.Day.Date.AddDays(-7 * week));
                    if (earlier is null || earlier.SlotCount != day.SlotCount || earlier.Qualities[slot] is ReadQuality.Missing or ReadQuality.Estimated)
                        continue;
                    sum += earlier.Values[slot];
                    count++;
                }
                if (count == 0)
                    continue;
                day.SetSlot(slot, Math.Round(sum / count, 6, MidpointRounding.AwayFromZero), ReadQuality.Estimated);
                filled++;
            }
            method = filled == length ? "same-weekday profile" : $"same-weekday profile ({length - filled} slots without history left empty)";
        }
        flags.Add(new ReadFlag(first.Day.MeterId, first.Day.SlotStart(first.Slot), VeeRules.Gap, $"{length} missing reads: {method}", source));
        return filled;
    }
}
