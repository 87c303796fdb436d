using UtilityInsights.Domain;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Storage.Stores;

/// <summary>
/// The days of a many-meters read of <c>interval_read_days</c>, gathered by meter as the rows come (in meter, then date
/// order): each meter's id and zone are worked out once for all its days. Both readers of the table feed it — ADO.NET's
/// and SQLite's own (<see cref="Sqlite.SqliteIntervalDayReader"/>) — so a stored row means the same day whichever reads it.
/// </summary>
internal sealed class StoredDays
{
    private List<MeterDay>? days;
    private MeterId meter;
    private TimeZoneInfo? zone;

    // Each zone's offsets at the day starts read so far: the meters of a read share a handful of zones and the same days,
    // so a start's offset is looked up in the zone's rules once, not once a meter.
    private readonly Dictionary<TimeZoneInfo, Dictionary<long, TimeSpan>> offsetsByZone = new(ReferenceEqualityComparer.Instance);
    private Dictionary<long, TimeSpan>? offsets;

    public Dictionary<string, List<MeterDay>> ByMeter { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the rows being read are meter <paramref name="id"/>'s (its first row has been added).</summary>
    public bool IsMeter(string id) => days is not null && string.Equals(id, meter.Value, StringComparison.Ordinal);

    /// <summary>The rows that follow are meter <paramref name="id"/>'s, whose instants are shown in <paramref name="timeZone"/> (UTC when the zone is unknown here).</summary>
    public void StartMeter(string id, string timeZone)
    {
        meter = MeterId.Stored(id);
        if (!ByMeter.TryGetValue(id, out days))
            ByMeter[id] = days = [];
        zone = TimeZones.TryFind(timeZone, out var found) ? found : null;
        if (zone is not null && !offsetsByZone.TryGetValue(zone, out offsets))
            offsetsByZone[zone] = offsets = [];
    }

    /// <summary>Adds one stored day of the current meter, its slots decoded.</summary>
    public void Add(DateOnly date, long startUtcSeconds, int intervalMinutes, int slotCount, Unit unit, ReadOnlySpan<byte> values, ReadOnlySpan<byte> qualities)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(startUtcSeconds);
        if (zone is not null)
        {
            if (!offsets!.TryGetValue(startUtcSeconds, out var offset))
                offsets[startUtcSeconds] = offset = zone.GetUtcOffset(start);
            start = start.ToOffset(offset);
        }
        var day = new MeterDay(meter, new LocalDay(date, start, start.AddMinutes((double)slotCount * intervalMinutes)), intervalMinutes, unit);
        MeterDayCodec.Unpack(day, values, qualities);
        (days ?? throw new InvalidOperationException("A day was added before its meter.")).Add(day);
    }
}
