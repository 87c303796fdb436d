using System.Text;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.GreenButton;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.GreenButton;

/// <summary>
/// An IntervalReading's leaves as the reader takes them: white space around a value, CDATA, a character reference, the quality
/// codes, the first of two values, a leaf nested in another, text long enough to grow the buffer it is read into; and each field
/// that does not parse refused with its own text — the same reading after reading after a refused one (the buffers are reused).
/// </summary>
public class GreenButtonReadingFieldsTests
{
    private const long First = 1_735_711_200; // 2025-01-01T06:00:00Z

    private static List<GreenButtonReading> Read(int powerOfTen, int uom, params string[] readings)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ui-gb-fields-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/X"/><link rel="related" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/X/MeterReading"/><title>Home</title>
                <content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
              <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/X/MeterReading/1"/><link rel="related" href="/espi/1_1/resource/ReadingType/1"/>
                <content><MeterReading xmlns="http://naesb.org/espi"/></content></entry>
              <entry><link rel="self" href="/espi/1_1/resource/ReadingType/1"/>
                <content><ReadingType xmlns="http://naesb.org/espi"><powerOfTenMultiplier>{powerOfTen}</powerOfTenMultiplier><uom>{uom}</uom></ReadingType></content></entry>
              <entry><link rel="up" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/X/MeterReading/1/IntervalBlock"/>
                <content><IntervalBlock xmlns="http://naesb.org/espi">{string.Concat(readings.Select(r => $"<IntervalReading>{r}</IntervalReading>"))}</IntervalBlock></content></entry>
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

    private static string Period(long start, string duration = "3600") => $"<timePeriod><duration>{duration}</duration><start>{start}</start></timePeriod>";

    [Test]
    public void Values_are_read_however_the_xml_writes_them()
    {
        var readings = Read(-3, 72,
            Period(First) + "<value>100</value>",
            $"<timePeriod><duration> 3600 </duration><start>\n{First + 3600}\n</start></timePeriod><value> +200 </value><ReadingQuality><quality>7</quality></ReadingQuality>",
            Period(First + 7200) + "<value><![CDATA[300]]></value><ReadingQuality><quality>12</quality></ReadingQuality>",
            Period(First + 10800) + "<value>&#x34;00</value><ReadingQuality><quality> 8 </quality></ReadingQuality>",
            "<cost>123</cost>" + Period(First + 14400) + "<value>-5</value><value>9</value>",
            Period(First + 18000) + "<value>" + new string('0', 200) + "6</value>");

        Assert.That(readings.Select(r => r.Rejection), Is.All.Null);
        Assert.That(readings.Select(r => (r.Start, r.DurationSeconds, r.Quantity, r.Quality)), Is.EqualTo(new[]
        {
            (DateTimeOffset.FromUnixTimeSeconds(First), 3600, new Quantity(0.1m, Unit.Wh), ReadQuality.Actual),
            (DateTimeOffset.FromUnixTimeSeconds(First + 3600), 3600, new Quantity(0.2m, Unit.Wh), ReadQuality.ManuallyEdited),
            (DateTimeOffset.FromUnixTimeSeconds(First + 7200), 3600, new Quantity(0.3m, Unit.Wh), ReadQuality.Estimated),
            (DateTimeOffset.FromUnixTimeSeconds(First + 10800), 3600, new Quantity(0.4m, Unit.Wh), ReadQuality.Estimated),
            (DateTimeOffset.FromUnixTimeSeconds(First + 14400), 3600, new Quantity(-0.005m, Unit.Wh), ReadQuality.Actual),
            (DateTimeOffset.FromUnixTimeSeconds(First + 18000), 3600, new Quantity(0.006m, Unit.Wh), ReadQuality.Actual),
        }));
    }

    [Test]
    public void Each_field_that_does_not_parse_is_refused_with_its_own_text_and_the_next_reading_is_read_afresh()
    {
        var readings = Read(0, 169,
            Period(First) + "<value>1.5</value>",
            Period(First + 3600) + "<value>2</value>",
            $"<timePeriod><duration>3600</duration><start> abc </start></timePeriod><value>3</value>",
            Period(First + 7200, "-5") + "<value>4</value>",
            Period(First + 10800) + "<value/>",
            "<timePeriod><duration>3600</duration></timePeriod><value>5</value>",
            Period(First + 14400, "99999999") + "<value>6</value>",
            Period(99_999_999_999) + "<value>7</value>",
            Period(First + 18000) + "<value>2000000000</value>",
            Period(First + 21600) + "<value>8</value>");

        Assert.That(readings.Select(r => r.Rejection is { } refused ? $"{refused.Field} '{refused.Value}': {refused.Reason}" : r.Quantity.ToString()), Is.EqualTo(new[]
        {
            "value '1.5': is not a whole number",
            new Quantity(2, Unit.Therm).ToString(),
            "start 'abc': is not a Unix time in whole seconds",
            "duration '-5': is not a positive number of seconds",
            "value '': is not a whole number",
            "start '': is not a Unix time in whole seconds",
            "duration '99999999': is longer than a year",
            "start '99999999999': is outside the dates this engine accepts (1900-01-01 to 2199-12-31)",
            "value '2000000000': is implausibly large (over 1000000000 therm per interval after powerOfTenMultiplier)",
            new Quantity(8, Unit.Therm).ToString(),
        }));
    }

    [Test]
    public void Volumes_are_read_in_their_units_cubic_feet_as_hundreds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Read(0, 119, Period(First) + "<value>250</value>").Single().Quantity, Is.EqualTo(new Quantity(2.5m, Unit.Ccf)), "250 ft³");
            Assert.That(Read(-4, 119, Period(First) + "<value>2500000</value>").Single().Quantity, Is.EqualTo(new Quantity(2.5m, Unit.Ccf)), "as our exports write ccf");
            Assert.That(Read(-6, 128, Period(First) + "<value>1234500000</value>").Single().Quantity, Is.EqualTo(new Quantity(1_234.5m, Unit.Gallon)));
            Assert.That(Read(-3, 42, Period(First) + "<value>1500</value>").Single().Quantity, Is.EqualTo(new Quantity(1.5m, Unit.CubicMetre)));
        });
    }

    [Test]
    public void A_reading_type_the_engine_cannot_use_refuses_every_reading_of_its_blocks()
    {
        Assert.That(Read(0, 38, Period(First) + "<value>1</value>", Period(First + 3600) + "<value>2</value>").Select(r => r.Rejection?.Reason),
            Is.All.EqualTo("unit of measure 38 is not supported (72 Wh, 169 therm, 119 ft³, 42 m³, 128 US gallon)"));
        Assert.That(Read(12, 72, Period(First) + "<value>1</value>").Select(r => (r.Rejection?.Field, r.Rejection?.Reason)),
            Is.EqualTo(new[] { ((string?)"powerOfTenMultiplier", (string?)"is outside -9..9") }));
    }

    [Test]
    public void A_leaf_longer_than_the_limit_is_refused_whichever_leaf_it_is()
    {
        foreach (var reading in new[] { Period(First) + $"<value>{new string('1', 300)}</value>", Period(First) + $"<value>1</value><cost>{new string('1', 300)}</cost>" })
        {
            var path = Path.Combine(Path.GetTempPath(), $"ui-gb-fields-{Guid.NewGuid():N}.xml");
            File.WriteAllText(path, $"""
                <feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="up" href="/x/IntervalBlock"/>
                <content><IntervalBlock xmlns="http://naesb.org/espi"><IntervalReading>{reading}</IntervalReading></IntervalBlock></content></entry></feed>
                """);
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
    }
}
