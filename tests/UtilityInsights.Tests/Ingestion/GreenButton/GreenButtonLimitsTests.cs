using UtilityInsights.Ingestion.GreenButton;

namespace UtilityInsights.Tests.Ingestion.GreenButton;

public class GreenButtonLimitsTests
{
    private static string Feed(string title) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/X"/><title>{title}</title>
            <content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
        </feed>
        """;

    [Test]
    public void A_feed_larger_than_the_decompressed_limit_is_refused_naming_the_limit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ui-gb-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, Feed(new string('a', 2000)));
        try
        {
            var error = Assert.Throws<UserErrorException>(() => GreenButtonReader.Read(path, new GreenButtonLimits(MaxDecompressedBytes: 1000)).ToList());
            Assert.That(error!.Message, Does.Contain("MaxDecompressedBytes").And.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void An_element_text_longer_than_the_limit_is_refused_naming_the_limit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ui-gb-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, Feed(new string('a', 200)));
        try
        {
            var error = Assert.Throws<UserErrorException>(() => GreenButtonReader.Read(path, new GreenButtonLimits(MaxTextLength: 100)).ToList());
            Assert.That(error!.Message, Does.Contain("MaxTextLength"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase(1023, 4096, false)]
    [TestCase(1024, 4096, false)]
    [TestCase(1025, 4096, false)]
    [TestCase(4096, 4096, false)]
    [TestCase(4097, 4096, true)]
    [TestCase(1500, 1200, true)]
    [TestCase(1024, 1023, true)]
    public void Text_is_read_across_chunks_up_to_the_limit_and_refused_beyond_it(int length, int limit, bool refused)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ui-gb-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, Feed(new string('a', length)));
        try
        {
            // The feed has a usage point and no readings: read whole, it ends with that error instead.
            var error = Assert.Throws<UserErrorException>(() => GreenButtonReader.Read(path, new GreenButtonLimits(MaxTextLength: limit)).ToList());
            Assert.That(error!.Message, refused ? Does.Contain("MaxTextLength") : Does.Contain("no IntervalBlock readings"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
