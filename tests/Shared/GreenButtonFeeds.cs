using System.Globalization;

namespace UtilityInsights.TestFeeds;

/// <summary>
/// Green Button feeds for tests, written as text: one usage point with hourly readings in one IntervalBlock. Compiled into
/// both test projects (linked from <c>tests/Shared</c>).
/// </summary>
internal static class GreenButtonFeeds
{
    private const string Point = "https://example.invalid/espi/1_1/resource/RetailCustomer/1/UsagePoint/P1";

    /// <summary>A feed of <paramref name="readings"/> hourly readings from 2025-01-01 UTC, as a string.</summary>
    public static string Feed(int readings)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, readings);
        return text.ToString();
    }

    /// <summary>Writes a feed of <paramref name="readings"/> hourly readings from 2025-01-01 UTC, a reading at a time (a large one is never held whole).</summary>
    public static void Write(TextWriter writer, int readings)
    {
        writer.Write($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <entry><link rel="self" href="{Point}"/><link rel="related" href="{Point}/MeterReading"/><title>Home</title>
              <content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
            <entry><link rel="self" href="{Point}/MeterReading/01"/><link rel="up" href="{Point}/MeterReading"/><link rel="related" href="{Point}/ReadingType"/>
              <content><MeterReading xmlns="http://naesb.org/espi"/></content></entry>
            <entry><link rel="self" href="{Point}/ReadingType"/>
              <content><ReadingType xmlns="http://naesb.org/espi"><powerOfTenMultiplier>0</powerOfTenMultiplier><uom>72</uom></ReadingType></content></entry>
            <entry><link rel="self" href="{Point}/MeterReading/01/IntervalBlock/1"/><link rel="up" href="{Point}/MeterReading/01/IntervalBlock"/>
              <content><IntervalBlock xmlns="http://naesb.org/espi">
            """);
        for (var i = 0; i < readings; i++)
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"<IntervalReading><timePeriod><duration>3600</duration><start>{1_735_689_600 + i * 3600L}</start></timePeriod><value>{i % 977}</value></IntervalReading>\n"));
        writer.Write("</IntervalBlock></content></entry>\n</feed>\n");
    }
}
