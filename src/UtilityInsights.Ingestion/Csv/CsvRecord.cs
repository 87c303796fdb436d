using System.Globalization;
using CsvHelper;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// The current row of a canonical CSV, read by column name, with helpers that turn a field
/// into a value or into a <see cref="Rejected"/> naming the line, field, value and reason.
/// Numbers and dates are parsed in the invariant culture.
/// </summary>
public sealed class CsvRecord
{
    private readonly CsvReader reader;
    private readonly IReadOnlyDictionary<string, int> columns;

    internal CsvRecord(string file, CsvReader reader, IReadOnlyDictionary<string, int> columns)
    {
        File = file;
        this.reader = reader;
        this.columns = columns;
    }

    public string File { get; }

    /// <summary>The header's column names, in no particular order.</summary>
    public IEnumerable<string> Columns => columns.Keys;

    public long Line { get; internal set; }

    /// <summary>The field's text, trimmed; empty when the column is absent or blank.</summary>
    public string Text(string column) =>
        columns.TryGetValue(column, out var index) && index < reader.FieldCount ? reader.GetString(index).Trim() : string.Empty;

    /// <summary>
    /// The first field of the row that is not text at all — bytes that are not UTF-8, or control
    /// characters (NUL, ESC, BEL, tabs, line breaks inside a quoted field) — as a rejection naming the
    /// field, else null. No field of any canonical file may hold them: they would reach a statement,
    /// an address label, an SMS or a terminal.
    /// </summary>
    public Rejected? Unreadable()
    {
        foreach (var (column, index) in columns)
        {
            if (index >= reader.FieldCount)
                continue;
            var bytes = reader.GetSpan(index);
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
                return new Rejected(File, Line, column, "", "is not valid UTF-8 (save the file as UTF-8)");
            // Checked on the UTF-8 bytes, without decoding every field: C0 controls and DEL are single bytes,
            // C1 controls (U+0080–U+009F) are 0xC2 followed by 0x80–0x9F.
            if (HasControl(bytes))
                return new Rejected(File, Line, column, Printable(reader.GetString(index)), "contains a control character");
        }
        return null;
    }

    private static bool HasControl(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyInRange((byte)0x00, (byte)0x1F) >= 0 || utf8.Contains((byte)0x7F))
            return true;
        var rest = utf8;
        int at;
        while ((at = rest.IndexOf((byte)0xC2)) >= 0 && at + 1 < rest.Length)
        {
            if (rest[at + 1] is >= 0x80 and <= 0x9F)
                return true;
            rest = rest[(at + 1)..];
        }
        return false;
    }

    public Rejected Reject(string column, string reason) => new(File, Line, column, Printable(Text(column)), reason);

    /// <summary>A required field: its text, or a rejection when it is blank.</summary>
    public bool TryRequired(string column, out string value, out Rejected? rejected)
    {
        value = Text(column);
        rejected = value.Length == 0 ? Reject(column, "is required but empty") : null;
        return rejected is null;
    }

    /// <summary>An optional integer in [min, max]; blank is null.</summary>
    public bool TryOptionalInt(string column, int min, int max, out int? value, out Rejected? rejected)
    {
        value = null;
        rejected = null;
        var text = Text(column);
        if (text.Length == 0)
            return true;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            rejected = Reject(column, "is not a whole number");
        else if (parsed < min || parsed > max)
            rejected = Reject(column, $"is outside {min}..{max}");
        else
            value = parsed;
        return rejected is null;
    }

    /// <summary>An optional decimal in [min, max]; blank is null. NaN, infinities and exponents are refused.</summary>
    public bool TryOptionalDecimal(string column, decimal min, decimal max, out decimal? value, out Rejected? rejected)
    {
        value = null;
        rejected = null;
        var text = Text(column);
        if (text.Length == 0)
            return true;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            rejected = Reject(column, "is not a decimal number");
        else if (parsed < min || parsed > max)
            rejected = Reject(column, $"is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
        else
            value = parsed;
        return rejected is null;
    }

    /// <summary>An optional yes/no; accepts true/false, yes/no, y/n, 1/0; blank is null.</summary>
    public bool TryOptionalBool(string column, out bool? value, out Rejected? rejected)
    {
        value = null;
        rejected = null;
        var text = Text(column).ToLowerInvariant();
        switch (text)
        {
            case "":
                return true;
            case "true" or "yes" or "y" or "1":
                value = true;
                return true;
            case "false" or "no" or "n" or "0":
                value = false;
                return true;
            default:
                rejected = Reject(column, "is not true/false (or yes/no, 1/0)");
                return false;
        }
    }

    /// <summary>Control characters (binary garbage) are shown escaped in a rejects file.</summary>
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
            return text.Length > 200 ? text[..200] + "…" : text;
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.Take(200))
            builder.Append(char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString());
        return builder.ToString();
    }
}
