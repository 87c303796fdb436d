using System.Xml;
using BenchmarkDotNet.Attributes;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Benchmarks;

/// <summary>
/// Reading one meter-year of hourly Green Button readings (the engine's own export, 8,760 readings, ~2.5 MB): the engine's reader
/// (every reading checked, scaled and given with its usage point) against System.Xml's floor — an <see cref="XmlReader"/> with the
/// same settings stepping over every node and copying out each text node's characters (what any reader of the values must do), and
/// nothing else. The gap between the two is all this engine can still take out of
/// parsing; the floor is what one core can do with the XML reader the platform serves.
/// </summary>
[MemoryDiagnoser]
public class GreenButtonBenchmarks
{
    private string path = "";

    [GlobalSetup]
    public void Setup()
    {
        var zone = TimeZones.Find("America/Chicago");
        var meter = new Meter(new MeterId("M-000001"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, zone.Id);
        var days = new List<MeterDay>();
        for (var date = new DateOnly(2025, 1, 1); date < new DateOnly(2026, 1, 1); date = date.AddDays(1))
        {
            var day = new MeterDay(meter.Id, LocalDay.Of(date, zone), 60, Unit.KWh);
            for (var slot = 0; slot < day.SlotCount; slot++)
                day.SetSlot(slot, 0.35m + (date.DayOfYear * 24 + slot) % 97 * 0.013m, ReadQuality.Actual);
            days.Add(day);
        }
        path = Path.Combine(Path.GetTempPath(), $"ui-greenbutton-bench-{Environment.ProcessId}.xml");
        using var output = File.Create(path);
        GreenButtonWriter.WriteAsync(output, new GreenButtonExport(meter, new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1), DateTimeOffset.UnixEpoch),
            days.ToAsyncEnumerable(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(path);

    /// <summary>The engine's reader: the readings of the feed, each checked and scaled.</summary>
    [Benchmark]
    public int EngineReader()
    {
        var count = 0;
        foreach (var reading in GreenButtonReader.Read(path))
            count += reading.Rejection is null ? 1 : 0;
        return count;
    }

    /// <summary>System.Xml alone, the same settings: every node of the feed read, each text copied out, nothing done with it.</summary>
    [Benchmark(Baseline = true)]
    public long SystemXmlFloor()
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        });
        var buffer = new char[64];
        var characters = 0L;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Text)
                continue;
            int read;
            while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                characters += read;
        }
        return characters;
    }
}
