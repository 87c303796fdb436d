using System.Text;
using System.Xml.Linq;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.GreenButton;

/// <summary>
/// A feed read in one pass when its resources come before the blocks that link to them, and in two when they do not:
/// the same readings either way, each usage point with its own reading type and local time.
/// </summary>
public class GreenButtonFeedOrderTests
{
    private const string Base = "https://example.invalid/espi/1_1/resource";

    private static string Entry(string self, string? up, IEnumerable<string> related, string? title, string content) =>
        $"""
          <entry>
            <link rel="self" href="{self}"/>{(up is null ? "" : $"<link rel=\"up\" href=\"{up}\"/>")}{string.Concat(related.Select(r => $"<link rel=\"related\" href=\"{r}\"/>"))}
            {(title is null ? "" : $"<title>{title}</title>")}
            <content>{content}</content>
          </entry>
        """;

    /// <summary>Usage point <paramref name="id"/>'s resources (usage point, local time, meter reading, reading type) and its block, apart.</summary>
    private static (string[] Resources, string Block) Point(string id, int tzOffset, int dstOffset, int powerOfTen, long firstStart, params long[] values)
    {
        var point = $"{Base}/RetailCustomer/1/UsagePoint/{id}";
        var localTime = $"{Base}/LocalTimeParameters/{id}";
        var readingType = $"{Base}/ReadingType/{id}";
        var reading = $"{point}/MeterReading/01";
        string[] resources =
        [
            Entry(point, null, [$"{point}/MeterReading", localTime], $"Home {id}", """<UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint>"""),
            Entry(localTime, null, [], null, $"""<LocalTimeParameters xmlns="http://naesb.org/espi"><dstOffset>{dstOffset}</dstOffset><tzOffset>{tzOffset}</tzOffset></LocalTimeParameters>"""),
            Entry(reading, $"{point}/MeterReading", [$"{reading}/IntervalBlock", readingType], null, """<MeterReading xmlns="http://naesb.org/espi"/>"""),
            Entry(readingType, null, [], null, $"""<ReadingType xmlns="http://naesb.org/espi"><flowDirection>1</flowDirection><powerOfTenMultiplier>{powerOfTen}</powerOfTenMultiplier><uom>72</uom></ReadingType>"""),
        ];
        var readings = string.Concat(values.Select((v, i) =>
            $"<IntervalReading><timePeriod><duration>3600</duration><start>{firstStart + i * 3600}</start></timePeriod><value>{v}</value></IntervalReading>"));
        var block = Entry($"{reading}/IntervalBlock/1", $"{reading}/IntervalBlock", [], null,
            $"""<IntervalBlock xmlns="http://naesb.org/espi"><interval><duration>{values.Length * 3600}</duration><start>{firstStart}</start></interval>{readings}</IntervalBlock>""");
        return (resources, block);
    }

    private static List<GreenButtonReading> Read(params string[] entries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ui-gb-order-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            {string.Join("\n", entries)}
            </feed>
            """, new UTF8Encoding(false));
        try
        {
            return GreenButtonReader.Read(path).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly (string[] Resources, string Block) East = Point("E1", -18000, 3600, -3, 1_735_707_600, 1500, 2500);
    private static readonly (string[] Resources, string Block) Mountain = Point("M2", -25200, 0, 0, 1_735_714_800, 7, 8, 9);

    private static IEnumerable<(string UsagePoint, string? Title, DateTimeOffset Start, Quantity Quantity, string? Zone)> Seen(IEnumerable<GreenButtonReading> readings) =>
        readings.Select(r => (r.UsagePoint, r.Title, r.Start, r.Quantity, r.ZoneHint)).OrderBy(r => r.UsagePoint, StringComparer.Ordinal).ThenBy(r => r.Start);

    [Test]
    public void Each_usage_point_takes_the_local_time_and_reading_type_it_links_to()
    {
        var readings = Read([.. East.Resources, East.Block, .. Mountain.Resources, Mountain.Block]);

        Assert.That(readings.Select(r => r.Rejection), Is.All.Null);
        Assert.That(Seen(readings), Is.EqualTo(new[]
        {
            ($"{Base}/RetailCustomer/1/UsagePoint/E1", (string?)"Home E1", DateTimeOffset.FromUnixTimeSeconds(1_735_707_600), new Quantity(1.5m, Unit.Wh), (string?)"America/New_York"),
            ($"{Base}/RetailCustomer/1/UsagePoint/E1", "Home E1", DateTimeOffset.FromUnixTimeSeconds(1_735_711_200), new Quantity(2.5m, Unit.Wh), "America/New_York"),
            ($"{Base}/RetailCustomer/1/UsagePoint/M2", "Home M2", DateTimeOffset.FromUnixTimeSeconds(1_735_714_800), new Quantity(7m, Unit.Wh), "Etc/GMT+7"),
            ($"{Base}/RetailCustomer/1/UsagePoint/M2", "Home M2", DateTimeOffset.FromUnixTimeSeconds(1_735_718_400), new Quantity(8m, Unit.Wh), "Etc/GMT+7"),
            ($"{Base}/RetailCustomer/1/UsagePoint/M2", "Home M2", DateTimeOffset.FromUnixTimeSeconds(1_735_722_000), new Quantity(9m, Unit.Wh), "Etc/GMT+7"),
        }));
    }

    [Test]
    public void Blocks_that_come_before_what_they_link_to_give_the_same_readings_with_their_own_lines()
    {
        var inOrder = Read([.. East.Resources, East.Block, .. Mountain.Resources, Mountain.Block]);

        // M2's block first of all, E1's block before E1's reading type, M2's resources last.
        var shuffled = Read([Mountain.Block, East.Resources[0], East.Resources[1], East.Resources[2], East.Block, East.Resources[3], .. Mountain.Resources]);

        Assert.That(Seen(shuffled), Is.EqualTo(Seen(inOrder)));
        // Each reading keeps the line it is on in its own file: M2's block is near the top.
        Assert.That(shuffled.Where(r => r.UsagePoint.EndsWith("M2", StringComparison.Ordinal)).Select(r => r.Line), Is.All.LessThan(12));
        Assert.That(inOrder.Where(r => r.UsagePoint.EndsWith("M2", StringComparison.Ordinal)).Select(r => r.Line), Is.All.GreaterThan(30));
    }

    [Test]
    public void A_block_whose_links_lead_nowhere_is_kept_and_its_readings_refused_with_the_reason()
    {
        var orphan = East.Block.Replace("UsagePoint/E1/MeterReading/01/IntervalBlock\"", "UsagePoint/NOWHERE/MeterReading/01/IntervalBlock\"", StringComparison.Ordinal);

        var readings = Read([.. East.Resources, .. Mountain.Resources, orphan, Mountain.Block]);

        Assert.That(readings.Count(r => r.Rejection is null), Is.EqualTo(3));
        Assert.That(readings.Where(r => r.Rejection is not null).Select(r => r.Rejection!.Field), Is.EqualTo(new[] { "IntervalBlock", "IntervalBlock" }));
    }

    [TestCase("America/Phoenix", 0, -25200)]
    [TestCase("America/Denver", 3600, -25200)]
    [TestCase("America/New_York", 3600, -18000)]
    public async Task An_export_gives_summer_time_rules_only_to_zones_whose_clocks_change(string zone, int dstOffset, int tzOffset)
    {
        var meter = new Meter(new MeterId("M-1"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, zone);
        using var output = new MemoryStream();

        await GreenButtonWriter.WriteAsync(output, new GreenButtonExport(meter, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 2), DateTimeOffset.UnixEpoch),
            AsyncEnumerable.Empty<MeterDay>(), CancellationToken.None);

        var espi = XNamespace.Get("http://naesb.org/espi");
        var localTime = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).Descendants(espi + "LocalTimeParameters").Single();
        Assert.That((int)localTime.Element(espi + "dstOffset")!, Is.EqualTo(dstOffset));
        Assert.That((int)localTime.Element(espi + "tzOffset")!, Is.EqualTo(tzOffset));
    }
}
