using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// Fills gaps in a meter's consecutive days with estimates (quality E): a gap no longer than
/// <see cref="VeeOptions.MaxLinearGapMinutes"/> by linear interpolation between the reads on
/// either side; a longer one with the mean of the same slot on the same weekday of up to
/// <see cref="VeeOptions.ProfileWeeks"/> earlier weeks (actual reads only). Gaps open at either end
/// (no read after them yet) are left open: a bill whose period they fall in waits for the reads (the bill
/// run holds it as reads_missing until they are loaded). Returns one flag per gap.
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
        // Walk the slots of each run of consecutive days as one timeline, by place (day, slot): a list of every slot made a
        // meter's month of hourly reads copy 700 entries a few times over, for every meter of every batch.
        var run = new List<MeterDay>();
        foreach (var day in days.OrderBy(d => d.Day.Date))
        {
            var previous = run.Count > 0 ? run[^1] : null;
            if (previous is not null && (day.Day.Date != previous.Day.Date.AddDays(1) || day.IntervalMinutes != previous.IntervalMinutes))
            {
                estimated += FillRun(run, dayOn, options, source, flags);
                run.Clear();
            }
            run.Add(day);
        }
        estimated += FillRun(run, dayOn, options, source, flags);
        return estimated;
    }

    /// <summary>A slot of a run of consecutive days: the day's place in the run and the slot's in the day.</summary>
    private readonly record struct Place(int Day, int Slot)
    {
        public Place Next(List<MeterDay> run) => Slot + 1 < run[Day].SlotCount ? this with { Slot = Slot + 1 } : new Place(Day + 1, 0);

        public MeterDay DayIn(List<MeterDay> run) => run[Day];
    }

    private static int FillRun(List<MeterDay> run, Func<DateOnly, MeterDay?> dayOn, VeeOptions options, string source, ICollection<ReadFlag> flags)
    {
        var estimated = 0;
        Place? lastPresent = null;
        var emptySince = 0;
        for (var d = 0; d < run.Count; d++)
        {
            for (var slot = 0; slot < run[d].SlotCount; slot++)
            {
                if (run[d].Qualities[slot] == ReadQuality.Missing)
                {
                    emptySince++;
                    continue;
                }
                if (lastPresent is { } before && emptySince > 0)
                    estimated += FillGap(run, before, new Place(d, slot), emptySince, dayOn, options, source, flags);
                lastPresent = new Place(d, slot);
                emptySince = 0;
            }
        }
        return estimated;
    }

    /// <summary>Fills the <paramref name="length"/> empty slots between two present ones of a run.</summary>
    private static int FillGap(List<MeterDay> run, Place before, Place after, int length, Func<DateOnly, MeterDay?> dayOn, VeeOptions options,
        string source, ICollection<ReadFlag> flags)
    {
        var interval = before.DayIn(run).IntervalMinutes;
        var first = before.Next(run);
        var filled = 0;
        string method;
        if (!options.Estimate)
        {
            method = "left empty (estimation off)";
        }
        else if ((long)length * interval <= options.MaxLinearGapMinutes)
        {
            var left = before.DayIn(run).Values[before.Slot];
            var right = after.DayIn(run).Values[after.Slot];
            var place = first;
            for (var k = 1; k <= length; k++, place = place.Next(run))
            {
                place.DayIn(run).SetSlot(place.Slot, Math.Round(left + (right - left) * k / (length + 1), 6, MidpointRounding.AwayFromZero), ReadQuality.Estimated);
                filled++;
            }
            method = "linear interpolation";
        }
        else
        {
            var place = first;
            for (var k = 1; k <= length; k++, place = place.Next(run))
            {
                var (day, slot) = (place.DayIn(run), place.Slot);
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
        var firstDay = first.DayIn(run);
        flags.Add(new ReadFlag(firstDay.MeterId, firstDay.SlotStart(first.Slot), VeeRules.Gap, $"{length} missing reads: {method}", source));
        return filled;
    }
}
