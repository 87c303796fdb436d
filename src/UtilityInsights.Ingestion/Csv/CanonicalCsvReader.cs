using CsvHelper;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// Reads a canonical CSV file (DESIGN §3: UTF-8 with or without BOM, a header row, commas,
/// RFC 4180 quoting) one row at a time, in bounded memory. A file that cannot be read at all
/// (missing, unreadable, empty, no header, missing columns) is a <see cref="UserErrorException"/>
/// naming the file; a bad row is a <see cref="Rejected"/> and the reading goes on.
/// </summary>
public static class CanonicalCsvReader
{
    public static IEnumerable<RowResult<T>> Read<T>(string path, IReadOnlyList<string> requiredColumns, Func<CsvRecord, RowResult<T>> map,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(map);
        CheckReadable(path);
        using var reader = CsvFiles.Open(path, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            IncludeValuesInExceptions = false,
        });
        var columns = ReadHeader(path, reader, requiredColumns);
        var record = new CsvRecord(path, reader, columns);
        var headerCount = reader.Headers.Count;
        var any = false;
        while (NextRecord(path, reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            any = true;
            record.Line = reader.LineNumber;
            if (reader.FieldCount != headerCount)
            {
                yield return new RowResult<T>(record.Line, null, new Rejected(path, record.Line, "(row)", string.Empty,
                    $"has {reader.FieldCount} fields but the header has {headerCount}"));
                continue;
            }
            if (record.Unreadable() is { } unreadable)
            {
                yield return new RowResult<T>(record.Line, null, unreadable);
                continue;
            }
            yield return map(record);
        }
        if (!any)
            throw new UserErrorException($"{path}: the file has a header but no data rows.");
    }

    internal static bool NextRecord(string path, CsvReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new UserErrorException($"{path}: the CSV is malformed near line {e.Data["line"] ?? "?"}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: the gzip file is damaged or cut short after line {reader.LineNumber}: {e.Message}.", e);
        }
    }

    /// <summary>Fails with a user error when the file is missing, a folder, unreadable or empty.</summary>
    public static void CheckReadable(string path)
    {
        if (Directory.Exists(path))
            throw new UserErrorException($"{path}: is a directory, not a CSV file.");
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: file not found.");
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0)
                throw new UserErrorException($"{path}: the file is empty (a header row is required).");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserErrorException($"{path}: cannot be read ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new UserErrorException($"{path}: cannot be read ({e.Message}).", e);
        }
    }

    internal static Dictionary<string, int> ReadHeader(string path, CsvReader reader, IReadOnlyList<string> requiredColumns)
    {
        IReadOnlyList<string> headers;
        try
        {
            reader.ReadHeader();
            headers = reader.Headers;
        }
        catch (CsvFormatException e)
        {
            throw new UserErrorException($"{path}: the header row cannot be read: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"{path}: not a readable gzip file: {e.Message}.", e);
        }
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim().TrimStart('\uFEFF');
            if (name.Length > 0 && !columns.TryAdd(name, i))
                throw new UserErrorException($"{path}: the header names column '{CsvRecord.Printable(name)}' twice (columns {columns[name] + 1} and {i + 1}).");
        }
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserErrorException(
                $"{path}: the header lacks {(missing.Count == 1 ? "the column" : "the columns")} {string.Join(", ", missing)} (expected: {string.Join(",", requiredColumns)}).");
        }
        return columns;
    }
}
