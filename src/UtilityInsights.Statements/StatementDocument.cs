using System.IO.Compression;
using System.Text.Json;

namespace UtilityInsights.Statements;

/// <summary>
/// The bill of record: a statement's whole model, as the customer was sent it, with the version of
/// this document format and of the templates that rendered it. It is stored with its bill when the
/// bill is built, and every channel — the issued email and print copies, the SMS, the portal,
/// <c>statements render</c> of a billed cycle — renders it again, so nothing a customer was sent is
/// ever rebuilt from later data (new reads, tariff versions, cohort models or payments). Stored as
/// gzip-compressed JSON.
/// </summary>
public static partial class StatementDocument
{
    /// <summary>The version of this document's shape; a reader of a newer version refuses it rather than guess.</summary>
    public const int FormatVersion = 1;

    /// <summary>The document's JSON, its serializer generated at build time (a bill run writes one document an account).</summary>
    private static readonly JsonSerializerOptions Json = DocumentJson.Default.Options;

    private sealed record Envelope(int FormatVersion, string TemplateVersion, StatementModel Model);

    [System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
    [System.Text.Json.Serialization.JsonSerializable(typeof(Envelope))]
    private sealed partial class DocumentJson : System.Text.Json.Serialization.JsonSerializerContext;

    // The thread's buffer for writing a document: grown once to the size of one, not from nothing for each of a run's.
    [ThreadStatic]
    private static MemoryStream? written;

    public static byte[] Write(StatementModel model, string templateVersion)
    {
        var buffer = written ?? new MemoryStream();
        // Taken from the thread while in use (writing is synchronous; a write within a write would get its own buffer).
        written = null;
        try
        {
            buffer.SetLength(0);
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                JsonSerializer.Serialize(gzip, new Envelope(FormatVersion, templateVersion, model), Json);
            return buffer.ToArray();
        }
        finally
        {
            written = buffer;
        }
    }

    /// <summary>The stored document as its JSON text (format version, template version, model), byte for byte as kept: what an integration is given.</summary>
    public static string ReadJson(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The stored model and the template version it was rendered with.</summary>
    public static (StatementModel Model, string TemplateVersion) Read(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        var envelope = JsonSerializer.Deserialize<Envelope>(gzip, Json)
            ?? throw new InvalidDataException("a stored statement document is empty.");
        if (envelope.FormatVersion > FormatVersion)
            throw new InvalidDataException($"a stored statement document has format {envelope.FormatVersion}; this build reads up to {FormatVersion}.");
        return (envelope.Model, envelope.TemplateVersion);
    }
}
