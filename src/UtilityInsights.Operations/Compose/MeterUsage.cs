using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.Compose;

/// <summary>A meter's usage over a period, worked out from its stored reads: interval days summed, or a register difference (estimated when the period's end was not read).</summary>
internal static class MeterUsage
{
    /// <summary>How far before a period's start a register meter's dial read still starts the period (older reads are not read or used).</summary>
    public const int ReadBeforeDays = 45;

    /// <summary>
    /// The period's usage: the interval days' reads, or the register difference between the reads at the
    /// period's ends. With <paramref name="toleranceDays"/> (a route's scheduled reads), a register read
    /// taken up to that many days either side of a period's end counts as read at it — the nearest one.
    /// </summary>
    /// <param name="meter">The meter.</param>
    /// <param name="zone">The premise's time zone.</param>
    /// <param name="period">The period.</param>
    /// <param name="stored">The meter's reads as loaded.</param>
    /// <param name="toleranceDays">How far from a period's ends a register read still counts as taken at it.</param>
    /// <param name="toRate">The usage will be rated: summed from the decoded days even when a whole month's figures are known.</param>
    public static Usage? Of(Meter meter, TimeZoneInfo zone, ServicePeriod period, StoredReads stored, int toleranceDays = 0, bool toRate = false)
    {
        var start = LocalDay.StartOfDay(period.Start, zone);
        var end = LocalDay.StartOfDay(period.EndExclusive, zone);
        if (meter.Kind != MeterKind.Interval)
            return OfRegisters(meter, zone, stored, start, end, toleranceDays);
        // A whole calendar month may be known by its figures; any other period (a route's) is summed from its days.
        if (!toRate && period.EndExclusive == period.Start.AddMonths(1) && Figures(stored.Figures, period.Start) is { Present: > 0 } figures)
        {
            // A history month known by its days' figures (never rated, so its intervals are never needed).
            return new Usage(static _ => throw new InvalidOperationException("a history month known by its figures is never rated"),
                figures.Delivered, null, null, figures.Estimated > 0, start, end, figures.Estimated * 2 > figures.Present)
            { Exported = figures.Delivered - figures.Net };
        }
        // A meter known only by its billing-period reads (a Green Button feed's monthly readings) is billed on them.
        return OfDays(stored, period, start, end, zone) ?? (stored.Periods.Count > 0 ? OfPeriods(stored.Periods, zone, start, end, toleranceDays) : null);
    }

    /// <summary>The month's figures, when kept (looked up in a loop: a statement asks for 26 months).</summary>
    private static MonthFigures? Figures(IReadOnlyList<MonthFigures> figures, DateOnly month)
    {
        foreach (var f in figures)
        {
            if (f.Month == month)
                return f;
        }
        return null;
    }

    /// <summary>An interval meter's usage over the period, summed from its stored days, and what of the period has no read.</summary>
    private static Usage? OfDays(StoredReads stored, ServicePeriod period, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        var days = DaysIn(stored.Days, period);
        // Totals straight from the days' millionths; the intervals themselves only when the month is rated.
        long delivered = 0, exported = 0, readMinutes = 0;
        int present = 0, estimated = 0;
        // The local days with an estimated read, for the statement to name (none for most bills).
        List<DateOnly>? estimatedDays = null;
        // The first instant of the period without a read: a day not stored, or a slot of a stored day left empty.
        DateTimeOffset? firstUnread = null;
        var expected = period.Start;
        foreach (var day in days)
        {
            if (firstUnread is null && day.Day.Date > expected)
                firstUnread = LocalDay.StartOfDay(expected, zone);
            expected = day.Day.Date.AddDays(1);
            var presentBefore = present;
            var estimatedBefore = estimated;
            var values = day.Millionths;
            var qualities = day.Qualities;
            for (var i = 0; i < values.Length; i++)
            {
                if (qualities[i] == ReadQuality.Missing)
                {
                    firstUnread ??= day.SlotStart(i);
                    continue;
                }
                present++;
                if (qualities[i] == ReadQuality.Estimated)
                    estimated++;
                // Usage is what the grid delivered, as the rated bill counts it (exports are credited on their own line),
                // so history, last year and the hold rules compare like with like for homes with solar.
                if (values[i] > 0)
                    delivered += values[i];
                else
                    exported -= values[i];
            }
            readMinutes += (long)(present - presentBefore) * day.IntervalMinutes;
            if (estimated > estimatedBefore)
                (estimatedDays ??= []).Add(day.Day.Date);
        }
        if (present == 0)
            return null;
        if (firstUnread is null && expected < period.EndExclusive)
            firstUnread = LocalDay.StartOfDay(expected, zone);
        // The meter's own dial reads at the period's ends, when it sends them, are shown beside the interval reads.
        var (first, last) = IntervalMeterRegisters(stored, start, end);
        return new Usage(list => Intervals(days, list),
            MeterDay.FromMillionths(delivered), first, last, estimated > 0, start, end, estimated * 2 > present)
        {
            IntervalReads = (present, estimated, days[0].IntervalMinutes),
            EstimatedDays = estimatedDays ?? [],
            Exported = MeterDay.FromMillionths(exported),
            Unread = firstUnread is { } from ? (TimeSpan.FromMinutes((end - start).TotalMinutes - readMinutes), from) : null,
        };
    }

    /// <summary>A register meter's usage: the difference of its dial reads at the period's ends (or an estimate at the end).</summary>
    private static Usage? OfRegisters(Meter meter, TimeZoneInfo zone, StoredReads stored, DateTimeOffset start, DateTimeOffset end, int toleranceDays)
    {
        var tolerance = TimeSpan.FromDays(toleranceDays);
        var registers = stored.Registers.Where(r => r.ReadAt > start.AddDays(-ReadBeforeDays) && r.ReadAt < end.Add(tolerance).AddSeconds(1)).ToList();
        RegisterRead? Nearest(DateTimeOffset at, DateTimeOffset after) => registers.Where(r => r.ReadAt > after && (r.ReadAt - at).Duration() <= tolerance)
            .OrderBy(r => (r.ReadAt - at).Duration()).Cast<RegisterRead?>().FirstOrDefault();
        var previous = (toleranceDays > 0 ? Nearest(start, DateTimeOffset.MinValue) : null)
            ?? registers.Where(r => r.ReadAt <= start).Cast<RegisterRead?>().LastOrDefault();
        var current = (toleranceDays > 0 && previous is { } from ? Nearest(end, from.ReadAt) : null)
            ?? registers.Where(r => r.ReadAt <= end && r.ReadAt > (previous?.ReadAt ?? start)).Cast<RegisterRead?>().LastOrDefault();
        if (previous is not { } p)
            return null;
        // No read at the end of the period: estimated from the meter's own average daily use (the last
        // year's actual reads), stored with the bill, and trued up by the next actual read, since the
        // next period starts from the dial this one was billed to.
        RegisterRead? newEstimate = null;
        if (current is not { } c)
        {
            if (RegisterEstimator.Estimate(stored.Registers.Where(r => r.ReadAt <= end).ToList(), end, meter.RolloverAt) is not { } estimate)
                return null;
            (c, newEstimate) = (estimate, estimate);
        }
        // Every read from the period's start to its end in turn: a meter exchanged in between starts again
        // (nothing used from the old meter's last read to the new one's first), and a dial that went down
        // otherwise rolled over.
        var chain = new List<RegisterRead> { p };
        chain.AddRange(stored.Registers.Where(r => r.ReadAt > p.ReadAt && r.ReadAt < c.ReadAt));
        chain.Add(c);
        decimal used = 0;
        RegisterChange? change = null;
        for (var i = 1; i < chain.Count; i++)
        {
            if (chain[i].ReadType == RegisterReadType.MeterExchangeIn)
            {
                change = new RegisterChange(chain[i - 1], chain[i], used, RegisterChangeKind.Exchange);
                continue;
            }
            var step = chain[i].UsageSince(chain[i - 1], meter.RolloverAt).Value;
            if (chain[i].Register < chain[i - 1].Register && change is null)
                change = new RegisterChange(chain[i - 1], chain[i], step, RegisterChangeKind.Rollover);
            used += step;
        }
        var registerEstimated = c.ReadType == RegisterReadType.Estimated;
        return new Usage(list => ByDay(start, end, used, zone, list), used, p, c, registerEstimated, start, end,
            registerEstimated)
        { NewEstimate = newEstimate, Change = change };
    }

    /// <summary>
    /// A meter's usage from its period reads (each a reading of what was used between two of its reads, as a gas utility's Green Button
    /// feed gives them), as a dial meter's usage is from its reads: the days the readings begin and end are the meter's reads, and the
    /// period runs from the one at its start to the one at its end — with a tolerance (a route's scheduled reads), the nearest within that
    /// many days; otherwise, or when none is that near, the last at or before the start (at most <see cref="ReadBeforeDays"/> before it)
    /// and the last by the end. Its usage is the readings between them, each taken whole. Null when no reading ends after the start read,
    /// or when those between leave a span unread: that span would be billed as if it were read (and a reading already billed, billed again).
    /// </summary>
    private static Usage? OfPeriods(IReadOnlyList<PeriodRead> reads, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end, int toleranceDays)
    {
        var tolerance = TimeSpan.FromDays(toleranceDays);
        var readAt = reads.SelectMany(r => (DateTimeOffset[])[r.Start, r.End]).Distinct().Order().ToList();
        DateTimeOffset? Nearest(DateTimeOffset at, DateTimeOffset after) => toleranceDays > 0
            ? readAt.Where(r => r > after && (r - at).Duration() <= tolerance).OrderBy(r => (r - at).Duration()).Cast<DateTimeOffset?>().FirstOrDefault()
            : null;
        var from = Nearest(start, DateTimeOffset.MinValue) ?? readAt.Where(r => r <= start && r > start.AddDays(-ReadBeforeDays)).Cast<DateTimeOffset?>().LastOrDefault();
        if (from is not { } first)
            return null;
        var to = Nearest(end, first) ?? readAt.Where(r => r <= end && r > first).Cast<DateTimeOffset?>().LastOrDefault();
        if (to is not { } last)
            return null;
        // The readings from the start read to the end read, one after another with nothing unread between.
        var chain = reads.Where(r => r.Start >= first && r.End <= last).ToList();
        if (chain.Count == 0 || chain[0].Start != first || chain[^1].End != last)
            return null;
        for (var i = 1; i < chain.Count; i++)
        {
            if (chain[i].Start != chain[i - 1].End)
                return null;
        }
        var used = chain.Sum(r => r.Quantity.Value);
        var estimated = chain.Where(r => r.Quality == ReadQuality.Estimated).Sum(r => (r.End - r.Start).Ticks);
        return new Usage(list => ByDay(start, end, used, zone, list), used, null, null, estimated > 0, start, end, estimated * 2 > (last - first).Ticks)
        {
            PeriodReads = (first, last, chain.Count),
        };
    }

    /// <summary>
    /// A register difference spread over the local days from <paramref name="start"/> to <paramref name="end"/> by
    /// their length, so that a period crossing a season (or a month's fuel adjustment) prices each day at its own
    /// month's rate; the last day takes what rounding to millionths left, so the days add up to the difference exactly.
    /// </summary>
    private static void ByDay(DateTimeOffset start, DateTimeOffset end, decimal used, TimeZoneInfo zone, List<UsageInterval> days)
    {
        var total = (decimal)(end - start).TotalMinutes;
        var given = 0m;
        for (var from = start; from < end;)
        {
            var next = LocalDay.StartOfDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(1), zone);
            var to = next < end ? next : end;
            var minutes = (int)(to - from).TotalMinutes;
            var amount = to == end ? used - given : Math.Round(used * minutes / total, 6, MidpointRounding.AwayFromZero);
            days.Add(new UsageInterval(from, minutes, amount));
            given += amount;
            from = to;
        }
    }

    /// <summary>The register reads of an interval meter nearest the period's start and end, within a day of each: what its statement shows as the dial reads.</summary>
    private static (RegisterRead? Start, RegisterRead? End) IntervalMeterRegisters(StoredReads stored, DateTimeOffset start, DateTimeOffset end)
    {
        // A loop, not a query: asked for every month of every statement, and most interval meters send no dial reads.
        RegisterRead? Nearest(DateTimeOffset at)
        {
            RegisterRead? nearest = null;
            var distance = long.MaxValue;
            foreach (var read in stored.Registers)
            {
                // Within a day; the first of equally near reads, as a stable ordering by distance would give.
                var ticks = Math.Abs((read.ReadAt - at).Ticks);
                if (ticks <= TimeSpan.TicksPerDay && ticks < distance)
                    (nearest, distance) = (read, ticks);
            }
            return nearest;
        }
        if (stored.Registers.Count == 0)
            return (null, null);
        return Nearest(start) is { } first && Nearest(end) is { } last && last.ReadAt > first.ReadAt ? (first, last) : (null, null);
    }

    /// <summary>The stored days in <paramref name="period"/>: found by halving (the days are in date order), not by reading all of them — a statement asks for 26 periods.</summary>
    private static List<MeterDay> DaysIn(IReadOnlyList<MeterDay> days, ServicePeriod period)
    {
        int low = 0, high = days.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (days[middle].Day.Date < period.Start)
                low = middle + 1;
            else
                high = middle;
        }
        var after = low;
        while (after < days.Count && days[after].Day.Date < period.EndExclusive)
            after++;
        var found = new List<MeterDay>(after - low);
        for (var i = low; i < after; i++)
            found.Add(days[i]);
        return found;
    }

    /// <summary>The days' reads as the rating engine takes them (slots without a read left out), added to <paramref name="intervals"/>.</summary>
    private static void Intervals(List<MeterDay> days, List<UsageInterval> intervals)
    {
        var slots = 0;
        foreach (var day in days)
            slots += day.SlotCount;
        intervals.EnsureCapacity(intervals.Count + slots);
        foreach (var day in days)
        {
            var values = day.Millionths;
            var qualities = day.Qualities;
            var minutes = day.IntervalMinutes;
            for (var slot = 0; slot < values.Length; slot++)
            {
                if (qualities[slot] != ReadQuality.Missing)
                    intervals.Add(new UsageInterval { Start = day.SlotStart(slot), Minutes = minutes, Millionths = values[slot] });
            }
        }
    }

}

/// <summary>A period's usage as the statement and the hold rules see it.</summary>
/// <param name="FillIntervals">Adds what is rated to a list: the interval reads, or the register difference spread over the period's days.</param>
/// <param name="Total">What the grid delivered.</param>
/// <param name="PreviousRead">The register read at the period's start (register meters).</param>
/// <param name="CurrentRead">The register read at its end.</param>
/// <param name="Estimated">Whether any of the period's usage was estimated (the statement marks it).</param>
/// <param name="First">Start of the period.</param>
/// <param name="Last">End of the period.</param>
/// <param name="MostlyEstimated">Whether the period was, in effect, not read: more than half its intervals estimated, or an estimated register read.</param>
internal sealed record Usage(Action<List<UsageInterval>> FillIntervals, decimal Total, RegisterRead? PreviousRead, RegisterRead? CurrentRead, bool Estimated,
    DateTimeOffset First, DateTimeOffset Last, bool MostlyEstimated)
{
    // The thread's list of intervals, filled afresh for each rating: a statement rates up to three months of about 700
    // hourly intervals each, and lists made for each were a quarter of everything a bill run allocated.
    [ThreadStatic]
    private static List<UsageInterval>? reused;

    /// <summary>
    /// What <paramref name="rate"/> makes of the intervals (rating is synchronous and keeps nothing of them). The list is
    /// lent for the call only and filled again for the next: <paramref name="rate"/> must not keep it or hand it on.
    /// </summary>
    public T Rate<T>(Func<List<UsageInterval>, T> rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        // Taken from the thread while in use, so that a rating within a rating (none today) gets a list of its own.
        var intervals = reused ?? [];
        reused = null;
        try
        {
            FillIntervals(intervals);
            return rate(intervals);
        }
        finally
        {
            intervals.Clear();
            reused = intervals;
        }
    }

    /// <summary>For an interval meter's month: how many interval reads it has, how many of them estimated, and their length in minutes.</summary>
    public (int Present, int Estimated, int Minutes)? IntervalReads { get; init; }

    /// <summary>For an interval meter's period: the local days with an estimated read, in order (empty when none was estimated).</summary>
    public IReadOnlyList<DateOnly> EstimatedDays { get; init; } = [];

    /// <summary>
    /// For an interval meter's period summed from its days: how much of it has no read (neither actual nor estimated: not loaded
    /// yet, or a gap ingestion could not fill) and where the first such time starts; null when every interval of it was read.
    /// </summary>
    public (TimeSpan Missing, DateTimeOffset From)? Unread { get; init; }

    /// <summary>For a meter billed on its period reads: the first read's start, the last one's end, and how many reads that is.</summary>
    public (DateTimeOffset From, DateTimeOffset To, int Count)? PeriodReads { get; init; }

    /// <summary>A register read estimated for this bill (none was taken at the period's end), to be stored with it.</summary>
    public RegisterRead? NewEstimate { get; init; }

    /// <summary>What the premise sent to the grid (solar), in the meter's unit; 0 for register meters, which read only what was delivered.</summary>
    public decimal Exported { get; init; }

    /// <summary>A rollover of the dial or a meter exchange between the period's reads, or null.</summary>
    public RegisterChange? Change { get; init; }

    /// <summary>The read at the period's start as the statement shows it, its day as the meter read it (the read's own offset).</summary>
    public StatementRead Previous(string language, CultureInfo culture, IReadOnlyDictionary<string, string> t) => PreviousRead is { } read
        ? new StatementRead(read.Register.ToString("#,0", culture), Day(read.ReadAt, language, culture), ReadType(read.ReadType, culture), read.ReadType == RegisterReadType.Estimated)
        : new StatementRead("—", Day(First, language, culture), culture.TwoLetterISOLanguageName == "es" ? "medidor de intervalos" : "interval meter", false);

    /// <summary>The read at the period's end as the statement shows it.</summary>
    public StatementRead Current(string language, CultureInfo culture, IReadOnlyDictionary<string, string> t) => CurrentRead is { } read
        ? new StatementRead(read.Register.ToString("#,0", culture), Day(read.ReadAt, language, culture), ReadType(read.ReadType, culture), read.ReadType == RegisterReadType.Estimated)
        : new StatementRead("—", Day(Last, language, culture), Estimated ? t["estimated"] : culture.TwoLetterISOLanguageName == "es" ? "real" : "actual", Estimated);

    private static string Day(DateTimeOffset at, string language, CultureInfo culture) => DateWords.Day(DateOnly.FromDateTime(at.DateTime), language, culture);

    private static string ReadType(RegisterReadType type, CultureInfo culture) => culture.TwoLetterISOLanguageName == "es"
        ? type switch { RegisterReadType.Estimated => "estimada según su consumo diario promedio", RegisterReadType.Customer => "del cliente", _ => "real" }
        : type switch { RegisterReadType.Estimated => "estimated from your average daily use", RegisterReadType.Customer => "customer", _ => "actual" };
}

/// <summary>What happened to the dial between two reads of a period.</summary>
internal enum RegisterChangeKind
{
    /// <summary>The dial passed its highest value and started again at 0.</summary>
    Rollover,

    /// <summary>The meter was replaced: <see cref="RegisterChange.Before"/> is the old meter's last read, <see cref="RegisterChange.After"/> the new one's first.</summary>
    Exchange,
}

/// <summary>A rollover (with the usage across it) or a meter exchange (with the usage on the old meter before it).</summary>
internal sealed record RegisterChange(RegisterRead Before, RegisterRead After, decimal Used, RegisterChangeKind Kind);

/// <summary>
/// A meter's stored reads over whole months: interval days (decoded, in date order), or the register reads
/// around them; and, for months not decoded, each day's figures.
/// </summary>
internal sealed record StoredReads(IReadOnlyList<MeterDay> Days, IReadOnlyList<RegisterRead> Registers)
{
    /// <summary>An interval meter's period reads (readings over more than a day), oldest first: billed on when it has no days.</summary>
    public IReadOnlyList<PeriodRead> Periods { get; init; } = [];

    public IReadOnlyList<Storage.Stores.MonthFigures> Figures { get; init; } = [];
}
