using BenchmarkDotNet.Attributes;
using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Benchmarks;

/// <summary>Packing and unpacking one hourly meter-day, the unit of interval-read storage.</summary>
[MemoryDiagnoser]
public class MeterDayCodecBenchmarks
{
    private MeterDay day = null!;
    private byte[] values = [];
    private byte[] qualities = [];

    [GlobalSetup]
    public void Setup()
    {
        day = new MeterDay(new MeterId("M-1"), LocalDay.Of(new DateOnly(2018, 7, 4), TimeZones.Find("America/Chicago")), 60, Unit.KWh);
        for (var i = 0; i < day.SlotCount; i++)
            day.Set(new IntervalRead(day.MeterId, day.SlotStart(i), 60, Quantity.KWh(0.5m + i * 0.137m), ReadQuality.Actual));
        values = MeterDayCodec.PackValues(day);
        qualities = MeterDayCodec.PackQualities(day);
    }

    /// <summary>A day as ingestion packs it: its slots just set as decimals (setting one drops the millionths kept from the last pack).</summary>
    [Benchmark]
    public int Pack()
    {
        day.SetSlot(0, 0.5m, ReadQuality.Actual);
        return MeterDayCodec.PackValues(day).Length + MeterDayCodec.PackQualities(day).Length;
    }

    [Benchmark]
    public int Unpack()
    {
        var target = new MeterDay(day.MeterId, day.Day, 60, Unit.KWh);
        MeterDayCodec.Unpack(target, values, qualities);
        return target.SlotCount;
    }
}
