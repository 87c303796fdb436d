using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.GreenButton;

/// <summary>What one Download-My-Data export holds: a meter, its zone, and its days in the requested range.</summary>
public sealed record GreenButtonExport(Meter Meter, DateOnly From, DateOnly ToExclusive, DateTimeOffset GeneratedAt)
{
    /// <summary>The meter's period reads (one reading a billing period, as a gas utility's feed gives them) that start in the range, oldest first.</summary>
    public IReadOnlyList<PeriodRead> Periods { get; init; } = [];
}

/// <summary>
/// Writes a NAESB ESPI Download-My-Data Atom feed for one meter (one UsagePoint, one MeterReading,
/// its ReadingType and LocalTimeParameters, one IntervalBlock per local day, and one more for its period
/// reads — a dial meter's usage between each two reads — each reading over its own period, when it has any),
/// valid against the ESPI and Atom schemas. Values are exact integers in the meter's unit scaled as
/// <see cref="EspiUnits"/> says (kWh as Wh with power of ten −3, therms, gallons and m³ with −6). Estimated reads carry ReadingQuality 8, manually
/// edited ones 7. The UsagePoint's link ends in the meter id, so importing the export into a database
/// that knows the meter reproduces the same reads.
/// </summary>
public static class GreenButtonWriter
{
    private const string Atom = "http://www.w3.org/2005/Atom";
    private const string Espi = "http://naesb.org/espi";
    private const string Base = "https://utility-insights.invalid/DataCustodian/espi/1_1/resource";

    public static async Task WriteAsync(Stream output, GreenButtonExport export, IAsyncEnumerable<MeterDay> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(days);
        var meter = export.Meter;
        // Every unit a meter can record has an ESPI code (demand, which none records, has none).
        var (uom, powerOfTen, scale, measurementKind) = EspiUnits.Written(meter.Unit)
            ?? throw new ArgumentException($"Meter {meter.Id}: Green Button has no unit for {meter.Unit.Symbol()}.", nameof(export));
        var (commodity, serviceKind) = EspiUnits.Of(meter.Commodity);
        var usagePoint = $"{Base}/RetailCustomer/1/UsagePoint/{Uri.EscapeDataString(meter.Id.Value)}";
        var meterReading = $"{usagePoint}/MeterReading/01";
        var readingType = $"{Base}/ReadingType/{Uri.EscapeDataString(meter.Id.Value)}";
        var localTime = $"{Base}/LocalTimeParameters/{Uri.EscapeDataString(meter.Id.Value)}";
        var updated = export.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        await using var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", Atom);
        await xml.WriteAttributeStringAsync("xmlns", "espi", null, Espi);
        await Element(xml, "id", Urn($"feed:{meter.Id}:{export.From}:{export.ToExclusive}"));
        await Element(xml, "title", $"Green Button Download My Data: meter {meter.Id}, {export.From:yyyy-MM-dd} to {export.ToExclusive:yyyy-MM-dd} (end excluded)");
        await Element(xml, "updated", updated);
        await Link(xml, "self", $"{Base}/Subscription/{Uri.EscapeDataString(meter.Id.Value)}");

        await Entry(xml, $"Usage point {meter.Id}", usagePoint, $"{Base}/RetailCustomer/1/UsagePoint", updated, [$"{usagePoint}/MeterReading", localTime], async () =>
        {
            await xml.WriteStartElementAsync(null, "UsagePoint", Espi);
            await xml.WriteStartElementAsync(null, "ServiceCategory", Espi);
            await Element(xml, "kind", serviceKind.ToString(CultureInfo.InvariantCulture), Espi);
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
        });

        var zone = Time.TimeZones.Find(meter.TimeZone);
        await Entry(xml, $"Local time of {meter.TimeZone}", localTime, $"{Base}/LocalTimeParameters", updated, [], async () =>
        {
            var (start, end, dst) = DstRules(zone, export.From.Year);
            await xml.WriteStartElementAsync(null, "LocalTimeParameters", Espi);
            await Element(xml, "dstEndRule", end, Espi);
            await Element(xml, "dstOffset", dst.ToString(CultureInfo.InvariantCulture), Espi);
            await Element(xml, "dstStartRule", start, Espi);
            await Element(xml, "tzOffset", ((long)zone.BaseUtcOffset.TotalSeconds).ToString(CultureInfo.InvariantCulture), Espi);
            await xml.WriteEndElementAsync();
        });

        await Entry(xml, "Meter reading", meterReading, meterReading[..^3], updated, [$"{meterReading}/IntervalBlock", readingType], async () =>
        {
            await xml.WriteStartElementAsync(null, "MeterReading", Espi);
            await xml.WriteEndElementAsync();
        });

        await Entry(xml, "Reading type", readingType, $"{Base}/ReadingType", updated, [], async () =>
        {
            await xml.WriteStartElementAsync(null, "ReadingType", Espi);
            await Element(xml, "accumulationBehaviour", "4", Espi);
            await Element(xml, "commodity", commodity.ToString(CultureInfo.InvariantCulture), Espi);
            await Element(xml, "currency", "840", Espi);
            await Element(xml, "dataQualifier", "12", Espi);
            await Element(xml, "flowDirection", "1", Espi);
            if (meter.IntervalMinutes is { } minutes)
                await Element(xml, "intervalLength", (minutes * 60).ToString(CultureInfo.InvariantCulture), Espi);
            await Element(xml, "kind", measurementKind.ToString(CultureInfo.InvariantCulture), Espi);
            await Element(xml, "phase", "769", Espi);
            await Element(xml, "powerOfTenMultiplier", powerOfTen.ToString(CultureInfo.InvariantCulture), Espi);
            await Element(xml, "timeAttribute", "0", Espi);
            await Element(xml, "uom", uom.ToString(CultureInfo.InvariantCulture), Espi);
            await xml.WriteEndElementAsync();
        });

        await foreach (var day in days.WithCancellation(cancellationToken))
        {
            var self = $"{meterReading}/IntervalBlock/{day.Day.Date:yyyyMMdd}";
            await Entry(xml, $"Readings of {day.Day.Date:yyyy-MM-dd}", self, $"{meterReading}/IntervalBlock", updated, [], async () =>
            {
                await xml.WriteStartElementAsync(null, "IntervalBlock", Espi);
                await Interval(xml, "interval", day.Day.Start, (long)day.Day.Length.TotalSeconds);
                for (var i = 0; i < day.SlotCount; i++)
                {
                    var quality = day.Qualities[i];
                    if (quality == ReadQuality.Missing)
                        continue;
                    var start = day.SlotStart(i);
                    var end = day.IntervalMinutes == MeterDay.MinutesPerDay ? day.Day.EndExclusive : start.AddMinutes(day.IntervalMinutes);
                    await Reading(xml, quality, start, end, day.Values[i] * scale);
                }
                await xml.WriteEndElementAsync();
            });
        }
        if (export.Periods.Count > 0)
        {
            // The readings of each billing period, in a block of their own over the span from the first one's start to the last one's end.
            var (first, last) = (export.Periods[0].Start, export.Periods.Max(p => p.End));
            var self = $"{meterReading}/IntervalBlock/P{first.UtcDateTime:yyyyMMdd}";
            await Entry(xml, $"Readings of each billing period, {first.UtcDateTime:yyyy-MM-dd} to {last.UtcDateTime:yyyy-MM-dd}", self, $"{meterReading}/IntervalBlock", updated, [], async () =>
            {
                await xml.WriteStartElementAsync(null, "IntervalBlock", Espi);
                await Interval(xml, "interval", first, (long)(last - first).TotalSeconds);
                foreach (var period in export.Periods)
                    await Reading(xml, period.Quality, period.Start, period.End, period.Quantity.ConvertTo(meter.Unit).Value * scale);
                await xml.WriteEndElementAsync();
            });
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    /// <summary>One IntervalReading: its quality when not actual (8 estimated, 7 edited), its time period, and its value in the feed's scaled unit.</summary>
    private static async Task Reading(XmlWriter xml, ReadQuality quality, DateTimeOffset start, DateTimeOffset end, decimal scaled)
    {
        await xml.WriteStartElementAsync(null, "IntervalReading", Espi);
        if (quality != ReadQuality.Actual)
        {
            await xml.WriteStartElementAsync(null, "ReadingQuality", Espi);
            await Element(xml, "quality", quality == ReadQuality.Estimated ? "8" : "7", Espi);
            await xml.WriteEndElementAsync();
        }
        await Interval(xml, "timePeriod", start, (long)(end - start).TotalSeconds);
        await Element(xml, "value", decimal.ToInt64(scaled).ToString(CultureInfo.InvariantCulture), Espi);
        await xml.WriteEndElementAsync();
    }

    private static async Task Entry(XmlWriter xml, string title, string self, string up, string updated, IReadOnlyList<string> related, Func<Task> content)
    {
        await xml.WriteStartElementAsync(null, "entry", Atom);
        await Element(xml, "id", Urn(self));
        await Link(xml, "self", self);
        await Link(xml, "up", up);
        foreach (var href in related)
            await Link(xml, "related", href);
        await Element(xml, "title", title);
        await xml.WriteStartElementAsync(null, "content", Atom);
        await content();
        await xml.WriteEndElementAsync();
        await Element(xml, "published", updated);
        await Element(xml, "updated", updated);
        await xml.WriteEndElementAsync();
    }

    private static async Task Interval(XmlWriter xml, string name, DateTimeOffset start, long seconds)
    {
        await xml.WriteStartElementAsync(null, name, Espi);
        await Element(xml, "duration", seconds.ToString(CultureInfo.InvariantCulture), Espi);
        await Element(xml, "start", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Espi);
        await xml.WriteEndElementAsync();
    }

    private static Task Element(XmlWriter xml, string name, string value, string ns = Atom) => xml.WriteElementStringAsync(null, name, ns, value);

    private static async Task Link(XmlWriter xml, string rel, string href)
    {
        await xml.WriteStartElementAsync(null, "link", Atom);
        await xml.WriteAttributeStringAsync(null, "rel", null, rel);
        await xml.WriteAttributeStringAsync(null, "href", null, href);
        await xml.WriteEndElementAsync();
    }

    /// <summary>A stable urn:uuid for a resource (name-based: the same meter and range give the same ids).</summary>
    private static string Urn(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString().ToUpperInvariant();
    }

    /// <summary>
    /// ESPI DST rules: the North American rules (second Sunday of March to first Sunday of November,
    /// 2:00) for zones that observe them in the export's first year, as the Green Button samples encode
    /// them; none otherwise. (A zone that once kept summer time, as America/Phoenix did in 1967, still
    /// "supports" it in the time-zone database: what counts is whether its clocks change that year.)
    /// </summary>
    private static (string Start, string End, long Offset) DstRules(TimeZoneInfo zone, int year) =>
        zone.Id.StartsWith("America/", StringComparison.Ordinal)
        && zone.GetUtcOffset(new DateTime(year, 1, 15, 12, 0, 0, DateTimeKind.Utc)) != zone.GetUtcOffset(new DateTime(year, 7, 15, 12, 0, 0, DateTimeKind.Utc))
            ? ("360E2000", "B40E2000", 3600)
            : ("00000000", "00000000", 0);
}
