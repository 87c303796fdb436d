using System.Globalization;
using System.Xml;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.GreenButton;

/// <summary>
/// One reading of a Green Button feed, as read: which UsagePoint it belongs to (its <c>self</c>
/// link and title), the interval, the scaled value in its unit, and its quality; or why it was refused.
/// </summary>
public readonly record struct GreenButtonReading(long Line, string UsagePoint, string? Title, DateTimeOffset Start, int DurationSeconds,
    Quantity Quantity, ReadQuality Quality, string? ZoneHint, Rejected? Rejection)
{
    /// <summary>Longest reading taken as an interval (a 25-hour local day); a longer one is a reading over a billing period.</summary>
    public const int MaxIntervalSeconds = 90_000;

    /// <summary>
    /// The reading's interval in minutes: a whole number that divides a day, a daily reading of a 23- or 25-hour day being its whole
    /// local day (1,440); null when it is not an interval.
    /// </summary>
    public int? IntervalMinutes => DurationSeconds is 82_800 or MaxIntervalSeconds ? Domain.MeterDay.MinutesPerDay
        : DurationSeconds % 60 == 0 && IntervalRead.IsValidIntervalMinutes(DurationSeconds / 60) ? DurationSeconds / 60 : null;
}

/// <summary>
/// Bounds on what a Green Button file may make the reader hold: the decompressed size of the whole
/// feed (a small <c>.xml.gz</c> can expand a thousandfold) and the length of any one element's text
/// (a <c>&lt;title&gt;</c> of 300 MB). Exceeding either stops the import with exit 1 naming the limit.
/// </summary>
/// <param name="MaxDecompressedBytes">Most bytes of XML read from one file (default 4 GiB, about 800 meter-years of hourly reads).</param>
/// <param name="MaxTextLength">Most characters in one element's text (default 4,096).</param>
public sealed record GreenButtonLimits(long MaxDecompressedBytes = 4L << 30, int MaxTextLength = 4096)
{
    public static GreenButtonLimits Default { get; } = new();
}

/// <summary>
/// Reads NAESB ESPI Download-My-Data Atom feeds (plain or gzip), streaming with an <see cref="XmlReader"/>:
/// the small resources (UsagePoint, MeterReading, ReadingType, LocalTimeParameters) are kept as they come,
/// with how their links connect them, and each IntervalBlock is read as it comes when what it links to
/// came before it — as every utility's feed we have seen orders them. ESPI lets the resources come
/// anywhere, so a block that links to one not yet seen is remembered by its place and read in a second
/// pass, once the whole feed is known. Memory stays bounded whatever the file size. Values are scaled by
/// <c>powerOfTenMultiplier</c> in the ReadingType's <c>uom</c> (<see cref="EspiUnits.Read"/>: Wh, therm, ft³ as ccf, m³, gallon); interval starts are
/// UTC epoch seconds. No DTD is processed and no external resource is fetched.
/// </summary>
public static class GreenButtonReader
{
    private const string Espi = "http://naesb.org/espi";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static IEnumerable<GreenButtonReading> Read(string path, FileReadPosition? position = null, CancellationToken cancellationToken = default) =>
        Read(path, GreenButtonLimits.Default, position, cancellationToken);

    /// <summary>The feed's readings, read or refused; <paramref name="position"/>, when given, follows how far through the file they are.</summary>
    public static IEnumerable<GreenButtonReading> Read(string path, GreenButtonLimits limits, FileReadPosition? position = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        CanonicalCsvReader.CheckReadable(path);
        var metadata = new Metadata();
        var deferred = new HashSet<int>();
        var any = false;
        using (var feed = ReadFeed(path, metadata, deferred, limits, position, cancellationToken).GetEnumerator())
        {
            Func<bool> next = feed.MoveNext;
            while (Guarded(path, next))
            {
                any = true;
                yield return feed.Current;
            }
        }
        if (deferred.Count > 0)
        {
            using var again = ReadDeferredBlocks(path, metadata, deferred, limits, position, cancellationToken).GetEnumerator();
            Func<bool> next = again.MoveNext;
            while (Guarded(path, next))
            {
                any = true;
                yield return again.Current;
            }
        }
        if (!any)
            throw new UserErrorException($"{path}: the Green Button feed has no IntervalBlock readings.");
    }

    /// <summary>Runs a step of reading, turning what a broken or hostile file causes into a user error naming the file.</summary>
    private static T Guarded<T>(string path, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (XmlException e)
        {
            throw new UserErrorException($"{path}: not a readable Green Button XML file (line {e.LineNumber}: {e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: not a readable gzip file ({e.Message})", e);
        }
    }

    private sealed record ReadingTypeInfo(int? Uom, int PowerOfTen, int? FlowDirection);

    private sealed class Metadata
    {
        /// <summary>Each UsagePoint's title and its <c>related</c> links (its MeterReadings, its LocalTimeParameters), by its <c>self</c> link.</summary>
        public Dictionary<string, (string? Title, List<string> Related)> UsagePoints { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> MeterReadingLinks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ReadingTypeInfo> ReadingTypes { get; } = new(StringComparer.Ordinal);

        /// <summary>Each LocalTimeParameters' zone, by its <c>self</c> link.</summary>
        public Dictionary<string, string?> Zones { get; } = new(StringComparer.Ordinal);

        /// <summary>The zone of the last LocalTimeParameters read: a usage point that links to none takes it.</summary>
        public string? ZoneHint { get; set; }
    }

    /// <summary>
    /// What an IntervalBlock's readings belong to: its usage point (null: none in the feed), that point's title, the reading type and zone;
    /// and what follows from them for every reading of the block, worked out once: why they are all refused (null: they are not), their
    /// unit, and the factor of the type's <c>powerOfTenMultiplier</c> (null: outside -9..9).
    /// </summary>
    private sealed record BlockTarget(string? UsagePoint, string? Title, ReadingTypeInfo? ReadingType, string? Zone)
    {
        public (string Field, string Reason)? Refusal { get; } = RefusalOf(UsagePoint, ReadingType);

        public Unit Unit { get; } = ReadingType?.Uom is { } uom && EspiUnits.Read(uom) is { } read ? read.Unit : Unit.Wh;

        public decimal? Scale { get; } = ReadingType?.PowerOfTen switch
        {
            null or < -9 or > 9 => null,
            >= 0 and int power => Numerics.DecimalMath.Pow10(power) * Factor(ReadingType.Uom),
            int power => 1m / Numerics.DecimalMath.Pow10(-power) * Factor(ReadingType.Uom),
        };

        private static decimal Factor(int? uom) => uom is { } code && EspiUnits.Read(code) is { } read ? read.Factor : 1m;

        private static (string, string)? RefusalOf(string? usagePoint, ReadingTypeInfo? type)
        {
            if (usagePoint is null)
                return ("IntervalBlock", "does not link to a MeterReading of a UsagePoint in this feed");
            if (type?.Uom is not { } uom)
                return ("ReadingType", "the reading type has no unit of measure (uom)");
            if (EspiUnits.Read(uom) is null)
                return ("uom", $"unit of measure {uom} is not supported ({EspiUnits.ReadCodes})");
            if (type.FlowDirection is { } flow && flow != 1)
                return ("flowDirection", $"flow direction {flow} (received energy) is not imported; only delivered (1)");
            return null;
        }
    }

    private static XmlReader Open(string path, GreenButtonLimits limits, FileReadPosition? position, out Stream stream)
    {
        stream = new BoundedStream(CsvFiles.OpenText(path, position), limits.MaxDecompressedBytes, path);
        return XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        });
    }

    private static IEnumerable<(XmlReader Reader, List<(string Rel, string Href)> Links, string? Title)> Entries(XmlReader reader, Func<string, bool> wantContent,
        GreenButtonLimits limits, string path)
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
                    title = ElementText(reader, limits, path);
                }
                else if (reader.NamespaceURI == Espi && wantContent(reader.LocalName))
                {
                    yield return (reader, links, title);
                }
            }
        }
    }

    /// <summary>
    /// The feed in one pass: resources kept as they come, each IntervalBlock's readings given as it comes when what it links to
    /// came before it; the others are added to <paramref name="deferred"/> by their place among the blocks (see <see cref="ReadDeferredBlocks"/>).
    /// </summary>
    private static IEnumerable<GreenButtonReading> ReadFeed(string path, Metadata metadata, HashSet<int> deferred, GreenButtonLimits limits,
        FileReadPosition? position, CancellationToken cancellationToken)
    {
        using var reader = Open(path, limits, position, out var stream);
        using (stream)
        {
            var fields = new ReadingFields(reader.NameTable);
            var block = 0;
            // The last block's target, while no resource has come since: a feed's blocks come in runs of one MeterReading's.
            (string Up, BlockTarget Target)? last = null;
            foreach (var (xml, links, title) in Entries(reader, name => name is "UsagePoint" or "MeterReading" or "ReadingType" or "LocalTimeParameters" or "IntervalBlock", limits, path))
            {
                if (xml.LocalName != "IntervalBlock")
                    last = null;
                switch (xml.LocalName)
                {
                    case "UsagePoint":
                        metadata.UsagePoints[Self(links)] = (title, Related(links));
                        break;
                    case "MeterReading":
                        metadata.MeterReadingLinks[Self(links)] = Related(links);
                        break;
                    case "ReadingType":
                        metadata.ReadingTypes[Self(links)] = ReadReadingType(xml, limits, path);
                        break;
                    case "LocalTimeParameters":
                        metadata.ZoneHint = metadata.Zones[Self(links)] = ZoneOf(ReadChildren(xml, limits, path), path);
                        break;
                    case "IntervalBlock":
                        cancellationToken.ThrowIfCancellationRequested();
                        var up = Up(links);
                        if ((last is var (lastUp, lastTarget) && lastUp == up ? lastTarget : Resolve(up, metadata, wholeFeed: false)) is { } target)
                        {
                            last = (up, target);
                            for (var depth = xml.Depth; fields.ReadNext(xml, depth, limits, path);)
                                yield return ToReading(path, target, fields);
                        }
                        else
                        {
                            deferred.Add(block);
                        }
                        block++;
                        break;
                }
            }
        }
    }

    /// <summary>The second pass, for the blocks that came before what they link to: only those blocks, resolved against the whole feed.</summary>
    private static IEnumerable<GreenButtonReading> ReadDeferredBlocks(string path, Metadata metadata, HashSet<int> deferred, GreenButtonLimits limits,
        FileReadPosition? position, CancellationToken cancellationToken)
    {
        using var reader = Open(path, limits, position, out var stream);
        using (stream)
        {
            var fields = new ReadingFields(reader.NameTable);
            var block = 0;
            foreach (var (xml, links, _) in Entries(reader, name => name == "IntervalBlock", limits, path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (deferred.Contains(block++))
                {
                    var target = Resolve(Up(links), metadata, wholeFeed: true)!;
                    for (var depth = xml.Depth; fields.ReadNext(xml, depth, limits, path);)
                        yield return ToReading(path, target, fields);
                }
            }
        }
    }

    /// <summary>
    /// What a block's <c>up</c> link leads to: its MeterReading, that reading's ReadingType (the first of its related links that is one)
    /// and UsagePoint (the reading's link less <c>/MeterReading/…</c>), and the usage point's zone (the LocalTimeParameters it links to,
    /// else the last one read). While the feed is still being read (<paramref name="wholeFeed"/> false) a block that links to what has
    /// not come yet gives null: it waits for the second pass. With the whole feed read, a feed of one MeterReading, UsagePoint or
    /// ReadingType gives it to every block whose links do not name one; a block that still finds none is kept, and its readings refused.
    /// </summary>
    private static BlockTarget? Resolve(string up, Metadata metadata, bool wholeFeed)
    {
        var meterReading = up.EndsWith("/IntervalBlock", StringComparison.Ordinal) ? up[..^"/IntervalBlock".Length] : up;
        if (!metadata.MeterReadingLinks.ContainsKey(meterReading))
        {
            if (!wholeFeed)
                return null;
            if (metadata.MeterReadingLinks.Count == 1)
                meterReading = metadata.MeterReadingLinks.Keys.Single();
        }
        var usagePoint = UsagePointOf(meterReading, metadata);
        var readingType = metadata.MeterReadingLinks.GetValueOrDefault(meterReading)?
            .Select(href => metadata.ReadingTypes.GetValueOrDefault(href)).FirstOrDefault(t => t is not null);
        if (usagePoint is null || readingType is null)
        {
            if (!wholeFeed)
                return null;
            usagePoint ??= metadata.UsagePoints.Count == 1 ? metadata.UsagePoints.Keys.Single() : null;
            readingType ??= metadata.ReadingTypes.Count == 1 ? metadata.ReadingTypes.Values.Single() : null;
        }
        if (usagePoint is null)
            return new BlockTarget(null, null, readingType, metadata.ZoneHint);
        var (title, related) = metadata.UsagePoints[usagePoint];
        var zone = related.FirstOrDefault(metadata.Zones.ContainsKey) is { } own ? metadata.Zones[own] : metadata.ZoneHint;
        return new BlockTarget(usagePoint, title, readingType, zone);
    }

    private static List<string> Related(List<(string Rel, string Href)> links) => links.Where(l => l.Rel == "related").Select(l => l.Href).ToList();

    private static GreenButtonReading ToReading(string path, BlockTarget target, ReadingFields fields)
    {
        var line = fields.Line;
        GreenButtonReading Reject(string field, string reason) =>
            new(line, target.UsagePoint ?? "", target.Title, default, 0, default, ReadQuality.Missing, target.Zone,
                new Rejected(path, line, field, fields.Named(field)?.ToString() ?? "", reason));

        if (target.Refusal is var (refusedField, refusal))
            return Reject(refusedField, refusal);
        if (!fields.Start.Present || !long.TryParse(fields.Start.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var startSeconds))
            return Reject("start", "is not a Unix time in whole seconds");
        if (startSeconds < FirstSecond || startSeconds >= EndSecond)
            return Reject("start", $"is outside the dates this engine accepts ({RecordDates.First:yyyy-MM-dd} to {RecordDates.EndExclusive.AddDays(-1):yyyy-MM-dd})");
        if (!fields.Duration.Present || !int.TryParse(fields.Duration.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration) || duration <= 0)
            return Reject("duration", "is not a positive number of seconds");
        if (duration > MaxDurationSeconds)
            return Reject("duration", "is longer than a year");
        if (!fields.Value.Present || !long.TryParse(fields.Value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var raw))
            return Reject("value", "is not a whole number");
        if (target.Scale is not { } scale)
            return Reject("powerOfTenMultiplier", "is outside -9..9");
        var scaled = raw * scale;
        if (Math.Abs(scaled) > Reads.IntervalCsv.MaxMagnitude)
            return Reject("value", $"is implausibly large (over {Reads.IntervalCsv.MaxMagnitude:0} {target.Unit.Symbol()} per interval after powerOfTenMultiplier)");
        var quality = fields.Quality.Text switch
        {
            "7" => ReadQuality.ManuallyEdited,
            "8" or "9" or "12" => ReadQuality.Estimated,
            _ => ReadQuality.Actual,
        };
        var start = DateTimeOffset.FromUnixTimeSeconds(startSeconds);
        return new GreenButtonReading(line, target.UsagePoint!, target.Title, start, duration,
            new Quantity(Math.Round(scaled, 6, MidpointRounding.AwayFromZero), target.Unit), quality, target.Zone, null);
    }

    /// <summary>The usage point a MeterReading's link belongs to (the link up to <c>/MeterReading</c>), when it is in the feed.</summary>
    private static string? UsagePointOf(string meterReading, Metadata metadata)
    {
        var index = meterReading.LastIndexOf("/MeterReading", StringComparison.Ordinal);
        return index > 0 && metadata.UsagePoints.ContainsKey(meterReading[..index]) ? meterReading[..index] : null;
    }

    private static readonly long FirstSecond = new DateTimeOffset(RecordDates.First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long EndSecond = new DateTimeOffset(RecordDates.EndExclusive.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
    private const int MaxDurationSeconds = 366 * 86_400;

    private static ReadingTypeInfo ReadReadingType(XmlReader xml, GreenButtonLimits limits, string path)
    {
        var fields = ReadChildren(xml, limits, path);
        static int? Int(Dictionary<string, string> f, string name) =>
            f.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        return new ReadingTypeInfo(Int(fields, "uom"), Int(fields, "powerOfTenMultiplier") ?? 0, Int(fields, "flowDirection"));
    }

    /// <summary>The leaf elements below the current element, by local name (nested ones flattened; the first of a name counts).</summary>
    private static Dictionary<string, string> ReadChildren(XmlReader xml, GreenButtonLimits limits, string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (xml.IsEmptyElement)
            return fields;
        var text = new FieldText("");
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
                text.Read(xml, limits, path);
                fields.TryAdd(current, text.ToString());
                current = null;
            }
        }
        return fields;
    }

    /// <summary>The text of the element the reader is on (empty elements give null), read in chunks up to the limit; the reader ends on its end tag.</summary>
    private static string? ElementText(XmlReader xml, GreenButtonLimits limits, string path)
    {
        if (xml.IsEmptyElement)
            return null;
        var chunk = new FieldText("");
        var depth = xml.Depth;
        var text = new System.Text.StringBuilder();
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                chunk.Read(xml, limits, path);
                text.Append(chunk.Raw);
                if (text.Length > limits.MaxTextLength)
                    throw TextTooLong(xml, limits, path);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The leaves of one IntervalReading that make a reading — its period's <c>start</c> and <c>duration</c>, its <c>value</c>, its
    /// <c>quality</c> — read as text into buffers kept for the whole feed, so a million readings parse without a string or a
    /// dictionary entry each. Leaves are matched by local name wherever they are below the reading (the first of a name counts); the
    /// text of any other leaf is read only to hold it to the length limit. Element names are compared as the reader's atoms.
    /// </summary>
    private sealed class ReadingFields(XmlNameTable names)
    {
        public string IntervalReading { get; } = names.Add("IntervalReading");

        public FieldText Start { get; } = new(names.Add("start"));

        public FieldText Duration { get; } = new(names.Add("duration"));

        public FieldText Value { get; } = new(names.Add("value"));

        public FieldText Quality { get; } = new(names.Add("quality"));

        private readonly FieldText other = new("");

        /// <summary>The field of that local name (as the reader gives it: atomised), if it is one of the four.</summary>
        public FieldText? Named(string localName) =>
            localName == Start.Name ? Start : localName == Duration.Name ? Duration : localName == Value.Name ? Value : localName == Quality.Name ? Quality : null;

        /// <summary>The line the last reading read starts on.</summary>
        public long Line { get; private set; }

        /// <summary>
        /// Moves to the next IntervalReading below the block the reader was on at <paramref name="blockDepth"/> and reads it into the
        /// fields; false at the block's end tag (where the reader is left).
        /// </summary>
        public bool ReadNext(XmlReader xml, int blockDepth, GreenButtonLimits limits, string path)
        {
            while (xml.Read() && xml.Depth > blockDepth)
            {
                if (xml.NodeType != XmlNodeType.Element || !ReferenceEquals(xml.LocalName, IntervalReading))
                    continue;
                Line = ((IXmlLineInfo)xml).LineNumber;
                Read(xml, limits, path);
                return true;
            }
            return false;
        }

        /// <summary>Reads the IntervalReading the reader is on into the fields (emptied first); the reader ends on its end tag.</summary>
        private void Read(XmlReader xml, GreenButtonLimits limits, string path)
        {
            Start.Clear();
            Duration.Clear();
            Value.Clear();
            Quality.Clear();
            if (xml.IsEmptyElement)
                return;
            var depth = xml.Depth;
            FieldText? current = null;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    var name = xml.LocalName;
                    current = xml.IsEmptyElement ? null
                        : ReferenceEquals(name, Start.Name) ? Start : ReferenceEquals(name, Duration.Name) ? Duration
                        : ReferenceEquals(name, Value.Name) ? Value : ReferenceEquals(name, Quality.Name) ? Quality : other;
                    if (current is { Present: true })
                        current = other;
                }
                else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && current is not null)
                {
                    current.Read(xml, limits, path);
                    current = null;
                }
            }
        }
    }

    /// <summary>
    /// One text node's value, read in chunks into a buffer that grows to the longest text it held, so that a huge one is refused
    /// (beyond the length limit) before it is held; kept and read again for each reading.
    /// </summary>
    private sealed class FieldText(string name)
    {
        private char[] buffer = new char[32];
        private int length;

        public string Name => name;

        public bool Present { get; private set; }

        /// <summary>The text as read.</summary>
        public ReadOnlySpan<char> Raw => buffer.AsSpan(0, length);

        /// <summary>The text without surrounding white space (empty when absent).</summary>
        public ReadOnlySpan<char> Text => Raw.Trim();

        public void Clear()
        {
            Present = false;
            length = 0;
        }

        /// <summary>Reads the text node the reader is on, in chunks, refusing it beyond the length limit.</summary>
        public void Read(XmlReader xml, GreenButtonLimits limits, string path)
        {
            Present = true;
            length = 0;
            if (!xml.CanReadValueChunk)
            {
                var value = xml.Value;
                if (value.Length > limits.MaxTextLength)
                    throw TextTooLong(xml, limits, path);
                if (value.Length > buffer.Length)
                    buffer = new char[value.Length];
                value.CopyTo(buffer);
                length = value.Length;
                return;
            }
            int read;
            while ((read = xml.ReadValueChunk(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length > limits.MaxTextLength)
                    throw TextTooLong(xml, limits, path);
                if (length == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        public override string ToString() => Text.ToString();
    }

    private static UserErrorException TextTooLong(XmlReader xml, GreenButtonLimits limits, string path) =>
        new($"{path}: line {((IXmlLineInfo)xml).LineNumber}: an element's text is longer than {limits.MaxTextLength:N0} characters (GreenButtonLimits.MaxTextLength); not a Green Button feed this engine reads.");

    /// <summary>A US zone for a standard offset with North American DST rules, else the fixed-offset zone.</summary>
    private static string? ZoneOf(Dictionary<string, string> fields, string path)
    {
        if (!fields.TryGetValue("tzOffset", out var text) || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            return null;
        if (Math.Abs(seconds) > RecordDates.MaxOffset.TotalSeconds)
            throw new UserErrorException($"{path}: LocalTimeParameters tzOffset {seconds} seconds is outside ±14 hours.");
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

    /// <summary>A block's <c>up</c> link: its MeterReading's IntervalBlock collection.</summary>
    private static string Up(List<(string Rel, string Href)> links) => links.FirstOrDefault(l => l.Rel == "up").Href ?? "";

    /// <summary>A read-only stream that refuses to give more than <paramref name="limit"/> bytes: the decompressed size cap.</summary>
    private sealed class BoundedStream(Stream inner, long limit, string path) : ForwardReadStream(inner)
    {
        protected override void Check(int read, int asked)
        {
            if (Given > limit)
                throw new UserErrorException($"{path}: the feed is larger than {limit:N0} bytes of XML once decompressed (GreenButtonLimits.MaxDecompressedBytes); split it or raise the limit.");
        }
    }
}
