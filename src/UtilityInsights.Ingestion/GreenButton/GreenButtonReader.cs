using System.Globalization;
using System.IO.Compression;
using System.Xml;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.GreenButton;

/// <summary>
/// One reading of a Green Button feed, as read: which UsagePoint it belongs to (its <c>self</c>
/// link and title), the interval, the scaled value in its unit, and its quality; or why it was refused.
/// </summary>
public readonly record struct GreenButtonReading(long Line, string UsagePoint, string? Title, DateTimeOffset Start, int DurationSeconds,
    Quantity Quantity, ReadQuality Quality, string? ZoneHint, Rejected? Rejection);

/// <summary>
/// Reads NAESB ESPI Download-My-Data Atom feeds (plain or gzip) in two streaming passes with an
/// <see cref="XmlReader"/>: the first collects the small resources (UsagePoint, MeterReading,
/// ReadingType, LocalTimeParameters) and how their links connect them, the second streams the
/// IntervalBlocks. Memory stays bounded whatever the file size. Values are scaled by
/// <c>powerOfTenMultiplier</c> in the ReadingType's <c>uom</c> (72 = Wh, 169 = therm); interval
/// starts are UTC epoch seconds. No DTD is processed and no external resource is fetched.
/// </summary>
public static class GreenButtonReader
{
    private const string Espi = "http://naesb.org/espi";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static IEnumerable<GreenButtonReading> Read(string path, CancellationToken cancellationToken = default)
    {
        CanonicalCsvReader.CheckReadable(path);
        var metadata = ReadMetadata(path);
        var any = false;
        foreach (var reading in ReadBlocks(path, metadata, cancellationToken))
        {
            any = true;
            yield return reading;
        }
        if (!any)
            throw new UserErrorException($"{path}: the Green Button feed has no IntervalBlock readings.");
    }

    private sealed record ReadingTypeInfo(int? Uom, int PowerOfTen, int? FlowDirection);

    private sealed class Metadata
    {
        public Dictionary<string, string?> UsagePoints { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> MeterReadingLinks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ReadingTypeInfo> ReadingTypes { get; } = new(StringComparer.Ordinal);

        public string? ZoneHint { get; set; }
    }

    private static XmlReader Open(string path, out Stream stream)
    {
        stream = File.OpenRead(path);
        var head = new byte[2];
        var read = stream.Read(head, 0, 2);
        stream.Position = 0;
        if (read == 2 && head[0] == 0x1F && head[1] == 0x8B)
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        });
    }

    private static IEnumerable<(XmlReader Reader, List<(string Rel, string Href)> Links, string? Title)> Entries(XmlReader reader, Func<string, bool> wantContent)
    {
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "entry" || reader.NamespaceURI != Atom)
                continue;
            var links = new List<(string, string)>();
            string? title = null;
            var depth = reader.Depth;
            while (reader.Read() && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element)
                    continue;
                if (reader.LocalName == "link" && reader.NamespaceURI == Atom)
                {
                    links.Add((reader.GetAttribute("rel") ?? "", reader.GetAttribute("href") ?? ""));
                }
                else if (reader.LocalName == "title" && reader.NamespaceURI == Atom)
                {
                    title = reader.ReadElementContentAsString();
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "link")
                        links.Add((reader.GetAttribute("rel") ?? "", reader.GetAttribute("href") ?? ""));
                }
                else if (reader.NamespaceURI == Espi && wantContent(reader.LocalName))
                {
                    yield return (reader, links, title);
                }
            }
        }
    }

    private static Metadata ReadMetadata(string path)
    {
        var metadata = new Metadata();
        try
        {
            using var reader = Open(path, out var stream);
            using (stream)
            {
                foreach (var (xml, links, title) in Entries(reader, name => name is "UsagePoint" or "MeterReading" or "ReadingType" or "LocalTimeParameters"))
                {
                    var self = Self(links);
                    switch (xml.LocalName)
                    {
                        case "UsagePoint":
                            metadata.UsagePoints[self] = title;
                            break;
                        case "MeterReading":
                            metadata.MeterReadingLinks[self] = links.Where(l => l.Rel == "related").Select(l => l.Href).ToList();
                            break;
                        case "ReadingType":
                            metadata.ReadingTypes[self] = ReadReadingType(xml);
                            break;
                        case "LocalTimeParameters":
                            metadata.ZoneHint = ZoneOf(ReadChildren(xml));
                            break;
                    }
                }
            }
        }
        catch (XmlException e)
        {
            throw new UserErrorException($"{path}: not a readable Green Button XML file (line {e.LineNumber}: {e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: not a readable gzip file ({e.Message})", e);
        }
        return metadata;
    }

    private static IEnumerable<GreenButtonReading> ReadBlocks(string path, Metadata metadata, CancellationToken cancellationToken)
    {
        using var reader = Open(path, out var stream);
        using (stream)
        {
            var lineInfo = (IXmlLineInfo)reader;
            foreach (var (xml, links, _) in Entries(reader, name => name == "IntervalBlock"))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var up = links.FirstOrDefault(l => l.Rel == "up").Href ?? "";
                var meterReading = up.EndsWith("/IntervalBlock", StringComparison.Ordinal) ? up[..^"/IntervalBlock".Length] : up;
                if (!metadata.MeterReadingLinks.ContainsKey(meterReading) && metadata.MeterReadingLinks.Count == 1)
                    meterReading = metadata.MeterReadingLinks.Keys.Single();
                var usagePoint = UsagePointOf(meterReading, metadata);
                var readingType = metadata.MeterReadingLinks.GetValueOrDefault(meterReading)?
                    .Select(href => metadata.ReadingTypes.GetValueOrDefault(href)).FirstOrDefault(t => t is not null)
                    ?? (metadata.ReadingTypes.Count == 1 ? metadata.ReadingTypes.Values.Single() : null);
                var title = usagePoint is null ? null : metadata.UsagePoints.GetValueOrDefault(usagePoint);
                var depth = xml.Depth;
                while (xml.Read() && xml.Depth > depth)
                {
                    if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "IntervalReading")
                        continue;
                    var line = lineInfo.LineNumber;
                    var fields = ReadChildren(xml);
                    yield return ToReading(path, line, usagePoint, title, readingType, metadata.ZoneHint, fields);
                }
            }
        }
    }

    private static GreenButtonReading ToReading(string path, long line, string? usagePoint, string? title, ReadingTypeInfo? type, string? zone,
        Dictionary<string, string> fields)
    {
        GreenButtonReading Reject(string field, string reason) =>
            new(line, usagePoint ?? "", title, default, 0, default, ReadQuality.Missing, zone, new Rejected(path, line, field, fields.GetValueOrDefault(field) ?? "", reason));

        if (usagePoint is null)
            return Reject("IntervalBlock", "does not link to a MeterReading of a UsagePoint in this feed");
        if (type?.Uom is not { } uom)
            return Reject("ReadingType", "the reading type has no unit of measure (uom)");
        Unit unit;
        if (uom == 72)
            unit = Unit.Wh;
        else if (uom == 169)
            unit = Unit.Therm;
        else
            return Reject("uom", $"unit of measure {uom} is not supported (72 Wh, 169 therm)");
        if (type.FlowDirection is { } flow && flow != 1)
            return Reject("flowDirection", $"flow direction {flow} (received energy) is not imported; only delivered (1)");
        if (!fields.TryGetValue("start", out var startText) || !decimal.TryParse(startText, NumberStyles.Number, CultureInfo.InvariantCulture, out var startSeconds))
            return Reject("start", "is not a Unix time in seconds");
        if (!fields.TryGetValue("duration", out var durationText) || !int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration) || duration <= 0)
            return Reject("duration", "is not a positive number of seconds");
        if (!fields.TryGetValue("value", out var valueText) || !long.TryParse(valueText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var raw))
            return Reject("value", "is not a whole number");
        if (type.PowerOfTen is < -9 or > 9)
            return Reject("powerOfTenMultiplier", "is outside -9..9");
        var scale = type.PowerOfTen >= 0 ? Numerics.DecimalMath.Pow10(type.PowerOfTen) : 1m / Numerics.DecimalMath.Pow10(-type.PowerOfTen);
        var quality = fields.GetValueOrDefault("quality") switch
        {
            "7" => ReadQuality.ManuallyEdited,
            "8" or "9" or "12" => ReadQuality.Estimated,
            _ => ReadQuality.Actual,
        };
        var start = DateTimeOffset.FromUnixTimeSeconds((long)decimal.Truncate(startSeconds));
        return new GreenButtonReading(line, usagePoint, title, start, duration, new Quantity(raw * scale, unit), quality, zone, null);
    }

    private static string? UsagePointOf(string meterReading, Metadata metadata)
    {
        var index = meterReading.LastIndexOf("/MeterReading", StringComparison.Ordinal);
        if (index > 0 && metadata.UsagePoints.ContainsKey(meterReading[..index]))
            return meterReading[..index];
        return metadata.UsagePoints.Count == 1 ? metadata.UsagePoints.Keys.Single() : null;
    }

    private static ReadingTypeInfo ReadReadingType(XmlReader xml)
    {
        var fields = ReadChildren(xml);
        static int? Int(Dictionary<string, string> f, string name) =>
            f.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        return new ReadingTypeInfo(Int(fields, "uom"), Int(fields, "powerOfTenMultiplier") ?? 0, Int(fields, "flowDirection"));
    }

    /// <summary>The leaf elements below the current element, by local name (nested ones flattened).</summary>
    private static Dictionary<string, string> ReadChildren(XmlReader xml)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (xml.IsEmptyElement)
            return fields;
        var depth = xml.Depth;
        string? current = null;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                current = xml.IsEmptyElement ? null : xml.LocalName;
            }
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && current is not null)
            {
                fields.TryAdd(current, xml.Value.Trim());
                current = null;
            }
        }
        return fields;
    }

    /// <summary>A US zone for a standard offset with North American DST rules, else the fixed-offset zone.</summary>
    private static string? ZoneOf(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("tzOffset", out var text) || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            return null;
        var hasDst = fields.TryGetValue("dstOffset", out var dst) && dst != "0";
        var hours = seconds / 3600;
        if (hasDst)
        {
            var zone = hours switch
            {
                -5 => "America/New_York",
                -6 => "America/Chicago",
                -7 => "America/Denver",
                -8 => "America/Los_Angeles",
                _ => null,
            };
            if (zone is not null)
                return zone;
        }
        return seconds % 3600 != 0 ? "UTC" : hours == 0 ? "UTC" : $"Etc/GMT{(hours < 0 ? "+" : "-")}{Math.Abs(hours)}";
    }

    private static string Self(List<(string Rel, string Href)> links) => links.FirstOrDefault(l => l.Rel == "self").Href ?? "";
}
