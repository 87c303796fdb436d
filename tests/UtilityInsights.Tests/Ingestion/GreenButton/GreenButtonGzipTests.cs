using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.TestFeeds;
using UtilityInsights.Tests.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.GreenButton;

/// <summary>
/// A gzip-compressed feed (<c>.xml.gz</c>) is read as the plain one, in one gzip member or several, and checked whole as a gzip
/// CSV is: one cut short is refused as a gzip file cut short, not as broken XML.
/// </summary>
public class GreenButtonGzipTests
{
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    private const int Readings = 5_000;

    [Test]
    public void A_gzip_feed_of_one_member_or_several_reads_as_the_plain_one()
    {
        var feed = GreenButtonFeeds.Feed(Readings);
        var half = feed.IndexOf("<IntervalReading>", feed.Length / 2, StringComparison.Ordinal);
        var plain = GreenButtonReader.Read(files.Write("feed.xml", feed)).ToList();

        var one = GreenButtonReader.Read(files.WriteBytes("one.xml.gz", GzipCsvTests.Gzip(feed))).ToList();
        var two = GreenButtonReader.Read(files.WriteBytes("two.xml.gz", [.. GzipCsvTests.Gzip(feed[..half]), .. GzipCsvTests.Gzip(feed[half..])])).ToList();

        Assert.That(plain, Has.Count.EqualTo(Readings));
        Assert.That(one.Select(r => (r.Start, r.Quantity)), Is.EqualTo(plain.Select(r => (r.Start, r.Quantity))));
        Assert.That(two.Select(r => (r.Start, r.Quantity)), Is.EqualTo(plain.Select(r => (r.Start, r.Quantity))));
    }

    [Test]
    public void A_gzip_feed_cut_short_is_refused_as_a_gzip_file_after_the_readings_before_the_cut()
    {
        var whole = GzipCsvTests.Gzip(GreenButtonFeeds.Feed(Readings));
        var path = files.WriteBytes("cut.xml.gz", whole[..(whole.Length * 3 / 4)]);
        var read = 0;

        var error = Assert.Throws<UserErrorException>(() =>
        {
            foreach (var _ in GreenButtonReader.Read(path))
                read++;
        });

        Assert.That(error!.Message, Does.StartWith(path).And.Contain("gzip"));
        Assert.That(read, Is.GreaterThan(Readings / 2).And.LessThan(Readings));
    }
}
