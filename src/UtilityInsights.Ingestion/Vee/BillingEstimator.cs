using UtilityInsights.Domain;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// What <see cref="BillingEstimator.Fill"/> did for one meter's billing period: the days it changed or made (to be stored,
/// quality E in the slots it filled), how many slots it filled, and the first slot it could not fill (null: it filled them all).
/// </summary>
public sealed record BillingEstimate(IReadOnlyList<MeterDay> Days, int Estimated, DateTimeOffset? FirstUnestimated, ReadFlag? Flag)
{
    public bool Complete => FirstUnestimated is null;
}

/// <summary>
/// Fills the slots of a billing period an interval meter sent no read for — its reads not come yet, or stopped — so that the
/// period can be billed on an estimate when the operator asks for it (<c>billrun estimate</c>): each empty slot takes the mean
/// of the same local time on the same weekday of up to <see cref="VeeOptions.ProfileWeeks"/> earlier weeks, as ingestion fills
/// a long gap — but read or estimated, so an outage longer than the weeks counted repeats the weeks before it rather than
/// stopping. A slot whose earlier weeks have no value at all is left empty (the bill keeps waiting). Estimates carry quality E:
/// an actual read loaded later replaces each of them, as ingestion always does.
/// </summary>
public static class BillingEstimator
{
    /// <param name="meter">The meter.</param>
    /// <param name="zone">Its time zone (local days and times of day).</param>
    /// <param name="from">The period's first day.</param>
    /// <param name="toExclusive">The day after the period.</param>
    /// <param name="stored">The meter's stored days from <see cref="HistoryDays"/> before <paramref name="from"/> up to the period's end.</param>
    /// <param name="options">The profile's number of weeks.</param>
    /// <param name="source">What the flag names as the estimate's source.</param>
    public static BillingEstimate Fill(Meter meter, TimeZoneInfo zone, DateOnly from, DateOnly toExclusive, IReadOnlyList<MeterDay> stored,
        VeeOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(options);
        var byDate = new Dictionary<DateOnly, MeterDay>();
        foreach (var day in stored)
            byDate[day.Day.Date] = day;
        // The length of the meter's intervals: that of its newest stored day (a meter's interval does not change within weeks).
        if (stored.Count == 0)
            return new BillingEstimate([], 0, LocalDay.StartOfDay(from, zone), null);
        var newest = stored.MaxBy(d => d.Day.Date)!;
        var changed = new List<MeterDay>();
        var estimated = 0;
        DateTimeOffset? firstEstimated = null, firstUnestimated = null;
        for (var date = from; date < toExclusive; date = date.AddDays(1))
        {
            var had = byDate.TryGetValue(date, out var day);
            if (!had)
                day = byDate[date] = new MeterDay(meter.Id, LocalDay.Of(date, zone), newest.IntervalMinutes, newest.Unit);
            var filledHere = 0;
            for (var slot = 0; slot < day!.SlotCount; slot++)
            {
                if (day.Qualities[slot] != ReadQuality.Missing)
                    continue;
                if (Profile(day, slot, byDate, zone, options.ProfileWeeks) is { } value)
                {
                    // A stored day is changed in place: copied first, so the caller's list keeps what was read.
                    if (had && filledHere == 0)
                        day = byDate[date] = day.Copy();
                    day.SetSlot(slot, value, ReadQuality.Estimated);
                    firstEstimated ??= day.SlotStart(slot);
                    filledHere++;
                }
                else
                {
                    firstUnestimated ??= day.SlotStart(slot);
                }
            }
            if (filledHere > 0)
                changed.Add(day);
            estimated += filledHere;
        }
        var flag = firstEstimated is { } at
            ? new ReadFlag(meter.Id, at, VeeRules.Gap, $"{estimated} missing reads estimated for billing: same weekday and time of up to {options.ProfileWeeks} earlier weeks", source)
            : null;
        return new BillingEstimate(changed, estimated, firstUnestimated, flag);
    }

    /// <summary>How many days before a period <see cref="Fill"/> looks back: the profile's weeks.</summary>
    public static int HistoryDays(VeeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return 7 * options.ProfileWeeks;
    }

    /// <summary>The mean of the same local time on the same weekday of up to <paramref name="weeks"/> earlier weeks that have a value, or null.</summary>
    private static decimal? Profile(MeterDay day, int slot, Dictionary<DateOnly, MeterDay> byDate, TimeZoneInfo zone, int weeks)
    {
        var sum = 0m;
        var count = 0;
        for (var week = 1; week <= weeks; week++)
        {
            if (!byDate.TryGetValue(day.Day.Date.AddDays(-7 * week), out var earlier) || earlier.IntervalMinutes != day.IntervalMinutes)
                continue;
            var same = SameTime(day, slot, earlier, zone);
            if (same < 0 || earlier.Qualities[same] == ReadQuality.Missing)
                continue;
            sum += earlier.Values[same];
            count++;
        }
        return count == 0 ? null : Math.Round(sum / count, 6, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The slot of <paramref name="earlier"/> at the same local time of day as <paramref name="slot"/> of <paramref name="day"/>: the same
    /// slot when the days are as long, else found by the local clock (a DST day's 2 a.m. hour is missing from one and doubled in the
    /// other: a time that does not exist gives −1, a doubled one its first occurrence).
    /// </summary>
    private static int SameTime(MeterDay day, int slot, MeterDay earlier, TimeZoneInfo zone)
    {
        if (earlier.SlotCount == day.SlotCount)
            return slot;
        var local = TimeZoneInfo.ConvertTime(day.SlotStart(slot), zone).DateTime.TimeOfDay;
        var wanted = earlier.Day.Date.ToDateTime(TimeOnly.FromTimeSpan(local));
        if (zone.IsInvalidTime(wanted))
            return -1;
        var offset = zone.IsAmbiguousTime(wanted) ? zone.GetAmbiguousTimeOffsets(wanted).Max() : zone.GetUtcOffset(wanted);
        return earlier.SlotOf(new DateTimeOffset(wanted, offset));
    }
}
