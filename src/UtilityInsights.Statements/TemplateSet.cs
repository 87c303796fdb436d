using System.IO.Compression;
using System.Text.Json;

namespace UtilityInsights.Statements;

/// <summary>
/// A renderer's template files (<see cref="StatementRenderer.Files"/>) as stored beside the bills
/// they rendered: gzip-compressed JSON of path → text. With the statement document it makes the
/// bill of record whole — the data and the layout it was sent in.
/// </summary>
public static class TemplateSet
{
    public static byte[] Write(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            JsonSerializer.Serialize(gzip, files);
        return buffer.ToArray();
    }

    public static IReadOnlyDictionary<string, string> Read(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(gzip) ?? throw new InvalidDataException("a stored template set is empty.");
    }
}
