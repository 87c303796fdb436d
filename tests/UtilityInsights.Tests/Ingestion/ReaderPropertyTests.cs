using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Rating;

namespace UtilityInsights.Tests.Ingestion;

/// <summary>
/// Issue 13, deliver 5: every reader, fed random and boundary rows, returns rows or rejections —
/// or, for a file that is not one at all, a user error naming it — and no other exception escapes.
/// </summary>
[NonParallelizable]
public class ReaderPropertyTests
{
    private const int Iterations = 400;
    private string folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("ui-props-").FullName;

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    /// <summary>Values at and past every boundary a field has, and the characters that break naive parsers.</summary>
    private static readonly string[] Boundaries =
    [
        "", " ", "0", "-0", "1", "-1", "0.0000001", "1e9", "1E+27", "NaN", "Infinity", "-Infinity", "79228162514264337593543950335", "-79228162514264337593543950336",
        "9223372036854775807", "-9223372036854775808", "2147483647", "-2147483649", "1000000000.000001", "999999999.9999999",
        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00+14:01", "2026-01-01T00:00:00-14:59", "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01", "9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01",
        "2026-13-01", "M-1", "A-1", "P-1", "../../x", "/srv/x", "./A-1", ".hidden", "A\u0000B", "A\u001b[2J", "\u00e9", "\uFFFD", "\uD800", "\"", "\"\"",
        "a,b", "a\nb", "a\r\nb", "kWh", "Wh", "therm", "CCF", "gal", "m3", "MWh", "A", "E", "M", "X", "actual", "estimated", "en", "es", "fr", "paper",
        "email", "both", "true", "false", "yes", "2", "-5", "60", "5", "1440", "1441", "4", "America/Chicago", "Mars/Olympus", "UTC", "electricity",
        "single_family_detached", "R01", "USD", "EUR", "XXX", new string('x', 65), new string('9', 400),
    ];

    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.OneOf(Boundaries),
        Gen.String[Gen.Char, 0, 24],
        Gen.String[Gen.Char['\0', '\u00ff'], 0, 12]);

    private static Gen<string> Row(int columns) => Field.Array[columns, columns].Select(cells => string.Join(",", cells.Select(Quote)));

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    /// <summary>A file: the header, then rows of random fields (sometimes a row of the wrong width, sometimes raw bytes).</summary>
    private static Gen<byte[]> File(IReadOnlyList<string> header) =>
        Gen.OneOf(Row(header.Count), Row(header.Count + 1), Row(Math.Max(1, header.Count - 2)), Gen.Byte.Array[0, 40].Select(b => Encoding.Latin1.GetString(b)))
            .Array[1, 8]
            .Select(rows => Encoding.UTF8.GetBytes(string.Join(",", header) + "\n" + string.Join("\n", rows) + "\n"))
            .Select(Gen.Bool, (bytes, bom) => bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);

    /// <summary>Writes the file and reads it all: a user error naming the file is allowed, any other exception fails the property.</summary>
    private void ReadsWithoutThrowing(byte[] content, Func<string, int> read)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllBytes(path, content);
        try
        {
            read(path);
        }
        catch (UserErrorException e) when (e.Message.Contains(path, StringComparison.Ordinal))
        {
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private void Check(IReadOnlyList<string> header, Func<string, int> read) =>
        File(header).Sample(content => ReadsWithoutThrowing(content, read), iter: Iterations, threads: 1);

    [Test]
    public void Interval_reads() => Check(IntervalCsv.Columns, path => IntervalCsv.Read(path).Count());

    [Test]
    public void Register_reads() => Check([.. RegisterCsv.Columns, "multiplier"], path => RegisterCsv.Read(path).Count());

    [Test]
    public void Accounts() => Check(AccountCsv.Columns, path => AccountCsv.Read(path).Count());

    [Test]
    public void Premises() => Check(PremiseCsv.Columns, path => PremiseCsv.Read(path, 2026).Count());

    [Test]
    public void Payments() => Check([.. PaymentCsv.Columns, "currency"], path => PaymentCsv.Read(path).Count());

    [Test]
    public void Weather() => Check(WeatherCsv.Columns, path => WeatherCsv.Read(path).Count());

    [Test]
    public void Usage() => Check(UsageCsv.Columns, path => UsageCsv.Read(path).Count());

    private static readonly string[] Tariffs =
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../samples/small/tariffs"), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../../shared/reference/urdb"), "*.json").Take(6))
            .ToArray();

    private static readonly Gen<JsonNode?> JsonLeaf = Gen.OneOf(
        Gen.OneOf(Boundaries).Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.OneOf(0m, -1m, 1e-28m, 79228162514264337593543950335m, -79228162514264337593543950335m, 0.5m, 24m, 13m, 1000000m).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.OneOf(double.MaxValue, -1e300, 1e308).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Const<JsonNode?>((JsonNode?)null),
        Gen.Const<JsonNode?>(new JsonArray()),
        Gen.Const<JsonNode?>(new JsonObject()),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));

    /// <summary>A reference tariff (native or URDB) with a few of its values replaced by boundary values, or its text cut short.</summary>
    private static readonly Gen<string> TariffDocument =
        Gen.Select(Gen.OneOf(Tariffs), Gen.Int[1, 4], Gen.Int[0, int.MaxValue], JsonLeaf.Array[4, 4], Gen.Int[0, 9])
            .Select(t =>
            {
                var (file, changes, seed, leaves, cut) = t;
                var text = System.IO.File.ReadAllText(file);
                if (cut == 0)
                    return text[..(seed % Math.Max(1, text.Length))];
                var root = JsonNode.Parse(text)!;
                var slots = Slots(root).ToList();
                var random = new Random(seed);
                for (var i = 0; i < changes && slots.Count > 0; i++)
                {
                    var (parent, key) = slots[random.Next(slots.Count)];
                    var leaf = leaves[i]?.DeepClone();
                    if (parent is JsonObject o)
                        o[(string)key] = leaf;
                    else if (parent is JsonArray a)
                        a[(int)key] = leaf;
                }
                return root.ToJsonString();
            });

    private static IEnumerable<(JsonNode Parent, object Key)> Slots(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o.ToList())
            {
                yield return (o, key);
                if (value is not null)
                    foreach (var slot in Slots(value))
                        yield return slot;
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                yield return (a, i);
                if (a[i] is { } value)
                    foreach (var slot in Slots(value))
                        yield return slot;
            }
        }
    }

    [Test]
    public void Tariffs_native_and_URDB()
    {
        Assert.That(Tariffs, Has.Length.GreaterThan(3));
        TariffDocument.Sample(json =>
        {
            try
            {
                _ = TariffFiles.Parse(json);
            }
            catch (TariffException)
            {
            }
            catch (UserErrorException)
            {
            }
        }, iter: Iterations * 2, threads: 1);
    }

    private static readonly Gen<string> FeedValue = Gen.OneOf(
        Gen.OneOf("1704067200", "0", "-1", "1e27", "-62135596801", "9223372036854775807", "7258118400", "3600", "86400", "90000", "2678400", "31708800",
            "-18000", "3600000", "-3600001", "72", "169", "999", "1", "19", "9", "-9", "10", "-10", "7", "8", "12", "", " ", "x", "1.5"),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.String[Gen.Char, 0, 10].Select(s => System.Security.SecurityElement.Escape(s) ?? ""));

    private static readonly Gen<string> Feed = FeedValue.Array[9, 9].Select(v => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/{v[8]}"/><title>{v[8]}</title>
            <content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/LocalTimeParameters/01"/>
            <content><LocalTimeParameters xmlns="http://naesb.org/espi"><dstOffset>3600</dstOffset><tzOffset>{v[0]}</tzOffset></LocalTimeParameters></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/{v[8]}/MeterReading/01"/><link rel="related" href="/espi/1_1/resource/ReadingType/07"/>
            <content><MeterReading xmlns="http://naesb.org/espi"/></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/ReadingType/07"/>
            <content><ReadingType xmlns="http://naesb.org/espi"><flowDirection>{v[1]}</flowDirection><powerOfTenMultiplier>{v[2]}</powerOfTenMultiplier><uom>{v[3]}</uom></ReadingType></content></entry>
          <entry><link rel="up" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/{v[8]}/MeterReading/01/IntervalBlock"/>
            <content><IntervalBlock xmlns="http://naesb.org/espi">
              <IntervalReading><timePeriod><duration>{v[4]}</duration><start>{v[5]}</start></timePeriod><value>{v[6]}</value><ReadingQuality><quality>{v[7]}</quality></ReadingQuality></IntervalReading>
            </IntervalBlock></content></entry>
        </feed>
        """);

    [Test]
    public void Green_Button_feeds()
    {
        Feed.Select(Gen.Int[0, 3], (xml, cut) => cut == 0 ? xml[..(xml.Length / 2)] : xml)
            .Sample(xml => ReadsWithoutThrowing(Encoding.UTF8.GetBytes(xml), path => GreenButtonReader.Read(path).Count()), iter: Iterations, threads: 1);
    }
}
