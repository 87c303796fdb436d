using System.Globalization;
using System.Text;
using UtilityInsights.Ingestion;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.TestFeeds;
using UtilityInsights.Tests.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion;

/// <summary>
/// Progress follows the share of the file read — plain, gzip in one member or several, or a Green Button feed, whose rows
/// take seven times a CSV row's bytes — not a guess of the bytes a row takes.
/// </summary>
public class FileReadPositionTests
{
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    private const int Rows = 300_000;

    private static string Reads()
    {
        var text = new StringBuilder("meter_id,interval_start,interval_minutes,quantity,unit,quality\n");
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"M-{i % 10},{start.AddHours(i / 10):yyyy-MM-dd'T'HH:mm:sszzz},60,{i % 97 / 10m},kWh,A\n");
        return text.ToString();
    }

    /// <summary>The fraction seen at each quarter of the rows and after the last, asserting that it never went back.</summary>
    internal static double[] Quarters<T>(IEnumerable<T> rows, FileReadPosition position, int count)
    {
        var seen = new List<double>();
        var previous = 0.0;
        var index = 0;
        foreach (var _ in rows)
        {
            var fraction = position.Fraction;
            Assert.That(fraction, Is.GreaterThanOrEqualTo(previous), "progress never goes back");
            previous = fraction;
            if (++index % (count / 4) == 0)
                seen.Add(fraction);
        }
        return [.. seen];
    }

    [TestCase("plain")]
    [TestCase("gzip, one member")]
    [TestCase("gzip, several members")]
    public void A_read_file_reports_how_far_through_its_bytes_the_rows_are(string how)
    {
        var text = Reads();
        var half = text.IndexOf('\n', text.Length / 2) + 1;
        var path = how switch
        {
            "plain" => files.Write("reads.csv", text),
            "gzip, one member" => files.WriteBytes("reads.csv.gz", GzipCsvTests.Gzip(text)),
            _ => files.WriteBytes("reads.csv.gz", [.. GzipCsvTests.Gzip(text[..half]), .. GzipCsvTests.Gzip(text[half..])]),
        };
        var position = new FileReadPosition();

        var quarters = Quarters(IntervalCsv.Read(path, position), position, Rows);

        Assert.That(quarters, Has.Length.EqualTo(4));
        Assert.That(quarters[..3], Is.EqualTo(new[] { 0.25, 0.5, 0.75 }).Within(0.15), how);
        Assert.That(quarters[3], Is.GreaterThan(0.9), how);
    }

    [Test]
    public void A_Green_Button_feed_reports_how_far_through_its_bytes_the_readings_are()
    {
        const int readings = 20_000;
        var path = files.Write("feed.xml", GreenButtonFeeds.Feed(readings));
        var position = new FileReadPosition();

        var quarters = Quarters(GreenButtonReader.Read(path, position), position, readings);

        Assert.That(quarters[..3], Is.EqualTo(new[] { 0.25, 0.5, 0.75 }).Within(0.1));
        Assert.That(quarters[3], Is.GreaterThan(0.95));
    }
}
