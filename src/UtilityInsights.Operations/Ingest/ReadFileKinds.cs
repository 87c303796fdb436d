using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Operations.Ingest;

public enum ReadFileKind
{
    IntervalCsv,
    RegisterCsv,
    GreenButton,
    Unknown,
}

/// <summary>Tells a read file's format from its name and first bytes.</summary>
public static class ReadFileKinds
{
    public static ReadFileKind Detect(string path)
    {
        if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xml.gz", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.GreenButton;
        // Any other file, gzip-compressed or not, is told by its first line: XML, or the header of an interval or register CSV.
        var header = CsvFiles.FirstLine(path);
        if (header.TrimStart().StartsWith('<'))
            return ReadFileKind.GreenButton;
        if (header.Contains("interval_start", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.IntervalCsv;
        if (header.Contains("read_at", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.RegisterCsv;
        return ReadFileKind.Unknown;
    }
}
