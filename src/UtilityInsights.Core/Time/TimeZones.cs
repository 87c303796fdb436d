namespace UtilityInsights.Time;

/// <summary>
/// IANA time-zone look-up. Local days and TOU hours are decided in the premise's zone, so a
/// zone id that the system does not know is a user error, reported with the id.
/// </summary>
public static class TimeZones
{
    // Zones found so far: the system's look-up takes a lock and trims on every call, and a bill run
    // asks for every stored day's zone. Only known zones are kept (a handful; unknown ids are user errors).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> Found = new(StringComparer.Ordinal);

    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
            return false;
        if (Found.TryGetValue(id, out var known))
        {
            zone = known;
            return true;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            Found.TryAdd(id, zone);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The IANA fixed-offset zone of an offset (Etc/GMT+5 is UTC−05:00); UTC when the offset is zero or not whole hours.</summary>
    public static string FixedOffsetZone(TimeSpan offset) =>
        offset == TimeSpan.Zero || offset.Minutes != 0 ? "UTC" : $"Etc/GMT{(offset < TimeSpan.Zero ? "+" : "-")}{Math.Abs(offset.Hours)}";

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new ArgumentException($"'{id}' is not a known IANA time zone (e.g. America/Chicago, Etc/GMT+5).", nameof(id));
}

/// <summary>One local calendar day in a zone, as the half-open interval of instants it covers (23, 24 or 25 hours).</summary>
public readonly record struct LocalDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset EndExclusive)
{
    public TimeSpan Length => EndExclusive - Start;

    public static LocalDay Of(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new LocalDay(date, StartOfDay(date, zone), StartOfDay(date.AddDays(1), zone));
    }

    /// <summary>The instant the local day begins: local midnight, or the first valid local time after a gap.</summary>
    /// <remarks>
    /// Remembered per zone and date for the process (three look-ups in the zone's rules each; a bill run asks for the
    /// same few hundred days of a handful of zones millions of times). Zones are told apart by reference, so a zone made
    /// apart from <see cref="TimeZones"/> with the same id never takes another's days.
    /// </remarks>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var days = Starts.GetOrAdd(zone, static _ => new System.Collections.Concurrent.ConcurrentDictionary<DateOnly, DateTimeOffset>());
        if (days.TryGetValue(date, out var known))
            return known;
        var start = Compute(date, zone);
        if (days.Count < MaxRememberedDays)
            days.TryAdd(date, start);
        return start;

        static DateTimeOffset Compute(DateOnly date, TimeZoneInfo zone)
        {
            var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(local))
                local = local.AddMinutes(15);
            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset);
        }
    }

    /// <summary>How many days' starts are remembered per zone (a century of days; past it they are worked out each time).</summary>
    private const int MaxRememberedDays = 36_525;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TimeZoneInfo, System.Collections.Concurrent.ConcurrentDictionary<DateOnly, DateTimeOffset>> Starts =
        new(ReferenceEqualityComparer.Instance);
}
