using System.Globalization;
using System.IO.Compression;
using System.Text;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Operations.Ingest;

namespace UtilityInsights.Tests.Ingestion.Csv;

public class GzipCsvTests
{
    private const string IntervalHeader = "meter_id,interval_start,interval_minutes,quantity,unit,quality";
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    /// <summary>A day of hourly reads for a few meters, one bad row among them, as CSV text.</summary>
    private static string Reads()
    {
        var text = new StringBuilder(IntervalHeader).Append('\n');
        for (var meter = 1; meter <= 3; meter++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"M-{meter},{new DateTimeOffset(2025, 3, 9, hour, 0, 0, TimeSpan.FromHours(-6)):yyyy-MM-dd'T'HH:mm:sszzz},60,{meter + hour / 10m},kWh,A\n");
            }
        }
        return text.Append("M-4,2025-03-09T00:00:00-06:00,60,lots,kWh,A\n").ToString();
    }

    /// <summary>The text as UTF-8, compressed as one gzip member.</summary>
    internal static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    [Test]
    public void A_gzip_file_is_read_row_for_row_as_the_same_file_uncompressed()
    {
        var plain = files.Write("reads.csv", Reads());
        var gzip = files.WriteBytes("reads.csv.gz", Gzip(Reads()));

        var fromPlain = IntervalCsv.Read(plain).ToList();
        var fromGzip = IntervalCsv.Read(gzip).ToList();

        Assert.That(fromGzip, Has.Count.EqualTo(73));
        Assert.Multiple(() =>
        {
            Assert.That(fromGzip.Select(r => (r.Line, r.Read)), Is.EqualTo(fromPlain.Select(r => (r.Line, r.Read))));
            Assert.That(fromGzip.Select(r => r.Rejection?.Reason), Is.EqualTo(fromPlain.Select(r => r.Rejection?.Reason)));
            Assert.That(fromGzip[^1].Rejection!.File, Is.EqualTo(gzip), "a rejection names the file as given");
        });
    }

    [Test]
    public void A_gzip_file_cut_short_is_an_error_naming_it_not_a_shorter_file()
    {
        var whole = Gzip(Reads());
        var cut = files.WriteBytes("cut.csv.gz", whole[..(whole.Length * 2 / 3)]);

        var error = Assert.Throws<UserErrorException>(() => IntervalCsv.Read(cut).ToList());

        Assert.That(error!.Message, Does.StartWith($"{cut}: the gzip file is damaged or cut short after line"));
    }

    /// <summary>The text split in three at line breaks, each part compressed on its own (concatenated, as <c>cat a.gz b.gz c.gz</c>: <see cref="ThreeMembers"/>).</summary>
    private static byte[][] Members(string text)
    {
        var lines = text.Split('\n');
        var third = lines.Length / 3;
        string Part(int from, int to) => string.Join('\n', lines[from..to]) + (to < lines.Length ? "\n" : "");
        return [Gzip(Part(0, third)), Gzip(Part(third, 2 * third)), Gzip(Part(2 * third, lines.Length))];
    }

    private static byte[] ThreeMembers(string text) => [.. Members(text).SelectMany(member => member)];

    [Test]
    public void A_gzip_file_of_several_members_is_read_whole_as_the_same_file_uncompressed()
    {
        var plain = files.Write("reads.csv", Reads());
        var members = files.WriteBytes("reads.csv.gz", [.. ThreeMembers(Reads()), .. Gzip("")]);

        var fromPlain = IntervalCsv.Read(plain).ToList();
        var fromMembers = IntervalCsv.Read(members).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(fromMembers.Select(r => (r.Line, r.Read)), Is.EqualTo(fromPlain.Select(r => (r.Line, r.Read))));
            Assert.That(fromMembers.Select(r => r.Rejection?.Reason), Is.EqualTo(fromPlain.Select(r => r.Rejection?.Reason)));
            Assert.That(GzipMembers.CheckedLength(members), Is.EqualTo(Encoding.UTF8.GetByteCount(Reads())));
        });
    }

    [TestCase("cut inside its last member's data", "the gzip file is damaged or cut short after line")]
    [TestCase("cut inside its last member's header", "the gzip file is damaged or cut short after line")]
    [TestCase("with bytes after its last member", "the gzip file is damaged or cut short after line")]
    [TestCase("with a member's checksum damaged", "not a readable gzip file")] // .NET's reader refuses it as it reads the member
    public void A_gzip_file_of_several_members_cut_short_or_damaged_is_an_error_naming_it(string how, string error)
    {
        var whole = ThreeMembers(Reads());
        var last = Gzip(Reads()[^200..]);
        byte[] bad = how switch
        {
            "cut inside its last member's data" => [.. whole, .. last[..(last.Length / 2)]],
            "cut inside its last member's header" => [.. whole, .. last[..6]],
            "with bytes after its last member" => [.. whole, .. Encoding.ASCII.GetBytes("M-9,2025-03-09T00:00:00-06:00,60,1,kWh,A\n")],
            _ => Damaged(whole, Members(Reads())[0].Length - 8),
        };
        var file = files.WriteBytes("bad.csv.gz", bad);

        var refusal = Assert.Throws<UserErrorException>(() => IntervalCsv.Read(file).ToList());

        Assert.That(refusal!.Message, Does.StartWith($"{file}: {error}"), how);
    }

    /// <summary>The bytes with the one at <paramref name="at"/> changed.</summary>
    private static byte[] Damaged(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }

    [Test]
    public void A_file_that_only_starts_like_gzip_is_an_error_naming_it()
    {
        var bad = files.WriteBytes("bad.csv", [0x1F, 0x8B, .. Encoding.ASCII.GetBytes("not really compressed at all")]);

        var error = Assert.Throws<UserErrorException>(() => IntervalCsv.Read(bad).ToList());

        Assert.That(error!.Message, Does.StartWith($"{bad}: not a readable gzip file"));
    }

    [Test]
    public void A_compressed_read_file_is_told_by_its_contents_not_its_name()
    {
        var interval = files.WriteBytes("a.csv.gz", Gzip(Reads()));
        var register = files.WriteBytes("b.gz", Gzip("meter_id,read_at,register,unit,read_type\nR-1,2025-03-01T10:00:00-06:00,1234,kWh,actual\n"));
        var feed = files.WriteBytes("feed.gz", Gzip("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n"));

        Assert.Multiple(() =>
        {
            Assert.That(ReadFileKinds.Detect(interval), Is.EqualTo(ReadFileKind.IntervalCsv));
            Assert.That(ReadFileKinds.Detect(register), Is.EqualTo(ReadFileKind.RegisterCsv));
            Assert.That(ReadFileKinds.Detect(feed), Is.EqualTo(ReadFileKind.GreenButton));
        });
    }
}
