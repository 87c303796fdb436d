using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using UtilityInsights.Time;

namespace UtilityInsights.Rating;

/// <summary>
/// The energy and demand period, and the local month, of every 15-minute slot of one service
/// period in one zone, worked out once per (tariff, zone, period) and shared by every bill that
/// uses them: a bill run rates thousands of premises on the same few tariffs, and the time-zone and
/// schedule look-ups are then an array index per interval instead of a time-zone conversion.
/// </summary>
internal sealed class PeriodMap
{
    public const int SlotMinutes = 15;
    private static readonly ConditionalWeakTable<Tariff, ConcurrentDictionary<(string Zone, ServicePeriod Period), PeriodMap>> Cache = new();

    private readonly byte[] energy;
    private readonly byte[] demand;
    private readonly byte[] month;

    private PeriodMap(Tariff tariff, ServicePeriod period, TimeZoneInfo zone)
    {
        Start = LocalDay.StartOfDay(period.Start, zone);
        var end = LocalDay.StartOfDay(period.EndExclusive, zone);
        var slots = (int)((end - Start).TotalMinutes / SlotMinutes);
        energy = new byte[slots];
        demand = new byte[slots];
        month = new byte[slots];
        for (var i = 0; i < slots; i++)
        {
            var local = TimeZoneInfo.ConvertTime(Start.AddMinutes(i * SlotMinutes), zone);
            var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || tariff.Holidays.Contains(DateOnly.FromDateTime(local.DateTime));
            energy[i] = (byte)tariff.EnergySchedule.PeriodAt(local.Month, local.Hour, weekend);
            demand[i] = (byte)(tariff.DemandSchedule?.PeriodAt(local.Month, local.Hour, weekend) ?? 0);
            month[i] = (byte)local.Month;
        }
    }

    public DateTimeOffset Start { get; }

    public static PeriodMap For(Tariff tariff, ServicePeriod period, TimeZoneInfo zone) =>
        Cache.GetOrCreateValue(tariff).GetOrAdd((zone.Id, period), key => new PeriodMap(tariff, key.Period, zone));

    /// <summary>The slot of an instant, or −1 outside the period.</summary>
    public int SlotOf(DateTimeOffset instant)
    {
        var slot = (instant.UtcTicks - Start.UtcTicks) / (TimeSpan.TicksPerMinute * SlotMinutes);
        return slot >= 0 && slot < energy.Length ? (int)slot : -1;
    }

    public int SlotCount => energy.Length;

    public int EnergyPeriod(int slot) => energy[slot];

    public int DemandPeriod(int slot) => demand[slot];

    public int Month(int slot) => month[slot];
}
