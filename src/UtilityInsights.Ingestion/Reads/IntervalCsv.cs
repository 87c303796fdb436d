using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.Reads;

/// <summary>One data row of a read file: a read, or the reason it was rejected.</summary>
public readonly record struct IntervalRow(long Line, IntervalRead Read, Rejected? Rejection)
{
    public bool IsAccepted => Rejection is null;
}

/// <summary>
/// The canonical interval-read CSV (DESIGN §3):
/// <c>meter_id,interval_start,interval_minutes,quantity,unit,quality</c>. Streams a file of any
/// size: each row is parsed from the UTF-8 bytes CsvHelper hands out, without allocating for good
/// rows of the same meter. Quantities keep up to six decimals (more are rounded half away from
/// zero); exponents, NaN and infinities are refused.
/// </summary>
public static class IntervalCsv
{
    public static readonly IReadOnlyList<string> Columns = ["meter_id", "interval_start", "interval_minutes", "quantity", "unit", "quality"];

    /// <summary>The largest plausible reading of one interval, in any unit.</summary>
    public const decimal MaxMagnitude = 1_000_000_000m;

    /// <summary>The file's rows, parsed or refused; <paramref name="position"/>, when given, follows how far through the file they are.</summary>
    public static IEnumerable<IntervalRow> Read(string path, FileReadPosition? position = null, CancellationToken cancellationToken = default)
    {
        CanonicalCsvReader.CheckReadable(path);
        using var reader = CsvFiles.Open(path, new CsvReaderOptions
        {
            Separator = ',',
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            BufferSize = 1 << 20,
        }, position);
        var rows = new RowParser(path, CanonicalCsvReader.ReadHeader(path, reader, Columns.Where(c => c != "quality").ToList()));
        var any = false;
        while (CanonicalCsvReader.NextRecord(path, reader))
        {
            if ((reader.RowNumber & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            any = true;
            yield return rows.Parse(reader);
        }
        if (!any)
            throw new UserErrorException($"{path}: the file has a header but no data rows.");
    }

    /// <summary>
    /// Parses the row a reader is on, with what the rows before it leave to reuse (their meter, instant, unit). Kept apart from
    /// <see cref="Read"/>'s iterator, whose locals live in fields of its state machine.
    /// </summary>
    private sealed class RowParser(string path, Dictionary<string, int> columns)
    {
        private readonly int meterIndex = columns["meter_id"];
        private readonly int startIndex = columns["interval_start"];
        private readonly int minutesIndex = columns["interval_minutes"];
        private readonly int quantityIndex = columns["quantity"];
        private readonly int unitIndex = columns["unit"];
        private readonly int qualityIndex = columns.GetValueOrDefault("quality", -1);
        private readonly int headerCount = columns.Count;
        private readonly MeterIdCache meters = new();
        private readonly Iso8601.Reader instants = new();
        private readonly UnitCache units = new();

        public IntervalRow Parse(CsvReader reader)
        {
            var line = reader.LineNumber;
            if (reader.FieldCount != headerCount)
                return new IntervalRow(line, default, new Rejected(path, line, "(row)", string.Empty, $"has {reader.FieldCount} fields but the header has {headerCount}"));
            if (!meters.TryGet(reader.GetSpan(meterIndex), out var meter, out var meterProblem))
                return Reject(reader, line, "meter_id", meterIndex, meterProblem!);
            if (!instants.TryParse(reader.GetSpan(startIndex), out var start, out var startProblem))
                return Reject(reader, line, "interval_start", startIndex, startProblem!);
            var minutesText = Trim(reader.GetSpan(minutesIndex));
            if (!Utf8Parser.TryParse(minutesText, out int minutes, out var consumed) || consumed != minutesText.Length)
                return Reject(reader, line, "interval_minutes", minutesIndex, "is not a whole number of minutes");
            if (!IntervalRead.IsValidIntervalMinutes(minutes))
                return Reject(reader, line, "interval_minutes", minutesIndex, minutes <= 0 ? "must be positive" : "must be 5 to 1440 minutes and divide a day");
            if (!TryParseQuantity(reader.GetSpan(quantityIndex), out var quantity, out var quantityProblem))
                return Reject(reader, line, "quantity", quantityIndex, quantityProblem!);
            if (!units.TryGet(reader.GetSpan(unitIndex), out var unit))
                return Reject(reader, line, "unit", unitIndex, "is not one of kWh, Wh, therm, CCF, gal, m3");
            var quality = ReadQuality.Actual;
            if (qualityIndex >= 0 && !TryParseQuality(reader.GetSpan(qualityIndex), out quality))
                return Reject(reader, line, "quality", qualityIndex, "is not A (actual), E (estimated) or M (manually edited)");
            return new IntervalRow(line, new IntervalRead(meter, start, minutes, new Quantity(quantity, unit), quality), null);
        }

        private IntervalRow Reject(CsvReader reader, long line, string field, int index, string reason) =>
            new(line, default, new Rejected(path, line, field, CsvRecord.Printable(Encoding.UTF8.GetString(reader.GetSpan(index))), reason));
    }

    /// <summary>A decimal quantity: plain notation only, finite, at most <see cref="MaxMagnitude"/>, rounded to six decimals.</summary>
    public static bool TryParseQuantity(ReadOnlySpan<byte> text, out decimal value, out string? problem)
    {
        text = Trim(text);
        problem = null;
        if (text.Length == 0)
        {
            value = 0;
            problem = "is empty";
            return false;
        }
        if (TryParsePlain(text, out value))
            return true;
        if (!Utf8Parser.TryParse(text, out value, out var consumed, 'F') || consumed != text.Length)
        {
            problem = "is not a decimal number (plain notation, no exponent, NaN or infinity)";
            return false;
        }
        if (Math.Abs(value) > MaxMagnitude)
        {
            problem = $"is implausibly large (over {MaxMagnitude:0} per interval)";
            return false;
        }
        value = Math.Round(value, 6, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>
    /// The common case read directly: an optional minus, up to nine whole digits, and up to six decimals — the same decimal
    /// (digits and scale) <see cref="Utf8Parser"/> gives, never above <see cref="MaxMagnitude"/> nor in need of rounding. Anything
    /// else (a plus sign, an exponent, more digits, a negative zero) is left to the full parse.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var negative = text[0] == '-';
        var position = negative ? 1 : 0;
        var start = position;
        long digits = 0;
        while (position < text.Length && text[position] - (uint)'0' <= 9)
            digits = digits * 10 + (text[position++] - '0');
        var whole = position - start;
        if (whole is 0 or > 9)
            return false;
        byte scale = 0;
        if (position < text.Length)
        {
            if (text[position++] != '.')
                return false;
            while (position < text.Length && text[position] - (uint)'0' <= 9)
            {
                digits = digits * 10 + (text[position++] - '0');
                scale++;
            }
            if (scale is 0 or > 6 || position != text.Length)
                return false;
        }
        if (negative && digits == 0)
            return false;
        value = new decimal((int)(uint)digits, (int)(uint)((ulong)digits >> 32), 0, negative, scale);
        return true;
    }

    private static bool TryParseUnit(ReadOnlySpan<byte> text, out Unit unit)
    {
        Span<char> chars = stackalloc char[16];
        text = Trim(text);
        unit = default;
        if (text.Length == 0 || text.Length > chars.Length)
            return false;
        var count = Encoding.UTF8.GetChars(text, chars);
        return UnitInfo.TryParse(chars[..count], out unit) && UnitInfo.ReadUnits.Contains(unit);
    }

    private static bool TryParseQuality(ReadOnlySpan<byte> text, out ReadQuality quality)
    {
        text = Trim(text);
        quality = text.Length switch
        {
            0 => ReadQuality.Actual,
            1 => text[0] switch
            {
                (byte)'A' or (byte)'a' => ReadQuality.Actual,
                (byte)'E' or (byte)'e' => ReadQuality.Estimated,
                (byte)'M' or (byte)'m' => ReadQuality.ManuallyEdited,
                _ => ReadQuality.Missing,
            },
            _ => ReadQuality.Missing,
        };
        return quality != ReadQuality.Missing;
    }

    /// <summary>The text without blanks (spaces, tabs) at either end; a field without any is given back at once (every field is trimmed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) =>
        text.IsEmpty || (!IsBlank(text[0]) && !IsBlank(text[^1])) ? text : TrimBlanks(text);

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    private static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> text)
    {
        while (text.Length > 0 && IsBlank(text[0]))
            text = text[1..];
        while (text.Length > 0 && IsBlank(text[^1]))
            text = text[..^1];
        return text;
    }

    /// <summary>Reuses the last unit while rows keep naming it the same way (a file is usually all one or two units).</summary>
    private sealed class UnitCache
    {
        private readonly byte[] lastBytes = new byte[16];
        private int lastLength = -1;
        private Unit last;

        public bool TryGet(ReadOnlySpan<byte> bytes, out Unit unit)
        {
            if (lastLength >= 0 && bytes.SequenceEqual(lastBytes.AsSpan(0, lastLength)))
            {
                unit = last;
                return true;
            }
            if (!TryParseUnit(bytes, out unit))
                return false;
            if (bytes.Length <= lastBytes.Length)
            {
                bytes.CopyTo(lastBytes);
                (lastLength, last) = (bytes.Length, unit);
            }
            return true;
        }
    }

    /// <summary>Reuses the last meter id while rows keep naming the same meter (files are usually grouped by meter).</summary>
    internal sealed class MeterIdCache
    {
        private byte[] lastBytes = [];
        private MeterId last;
        private bool hasLast;

        public bool TryGet(ReadOnlySpan<byte> bytes, out MeterId meter, out string? problem)
        {
            problem = null;
            bytes = Trim(bytes);
            if (hasLast && bytes.SequenceEqual(lastBytes))
            {
                meter = last;
                return true;
            }
            var text = Encoding.UTF8.GetString(bytes);
            problem = Identifier.Problem(text);
            if (problem is not null)
            {
                meter = default;
                return false;
            }
            meter = new MeterId(text);
            last = meter;
            lastBytes = bytes.ToArray();
            hasLast = true;
            return true;
        }
    }
}
