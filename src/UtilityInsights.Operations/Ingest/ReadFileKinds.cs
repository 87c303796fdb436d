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
        if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xml.gz", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.GreenButton;
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? string.Empty;
        if (header.TrimStart().StartsWith('<'))
            return ReadFileKind.GreenButton;
        if (header.Contains("interval_start", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.IntervalCsv;
        if (header.Contains("read_at", StringComparison.OrdinalIgnoreCase))
            return ReadFileKind.RegisterCsv;
        return ReadFileKind.Unknown;
    }
}
