using CsvHelper;

namespace UtilityInsights.Operations.Issue;

/// <summary>
/// A delivery list (email outbox, print manifest, SMS outbox) written as each bill is delivered: one
/// CSV row appended and flushed per bill, keyed by the bill id in the first column, so that a stopped
/// or failed issue leaves every bill delivered so far listed, and a re-run adds only what is missing.
/// A last row cut off by a crash is removed when the list is opened again. Cells that could run as
/// spreadsheet formulas are escaped.
/// </summary>
public sealed class DeliveryList : IDisposable
{
    private readonly string path;
    private readonly string[] header;
    private readonly HashSet<string> listed = new(StringComparer.Ordinal);
    private FileStream? stream;
    private CsvWriter? writer;

    public DeliveryList(string path, string[] header)
    {
        this.path = path;
        this.header = header;
        if (!File.Exists(path))
            return;
        DropCutOffRow(path);
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = true, FieldCountMismatch = CsvFieldCountHandling.Allow });
        reader.ReadHeader();
        while (reader.Read())
            listed.Add(reader.GetString(0));
    }

    /// <summary>Whether the bill is listed.</summary>
    public bool Contains(string billId) => listed.Contains(billId);

    /// <summary>Appends the row (its first cell is the bill id) unless the bill is listed already; returns whether it was added.</summary>
    public bool Add(params string[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!listed.Add(row[0]))
            return false;
        if (writer is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
            stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape });
            if (isNew)
                writer.WriteHeader(header);
        }
        writer.WriteRecord(row);
        writer.Flush();
        stream!.Flush(flushToDisk: false);
        return true;
    }

    public void Dispose()
    {
        writer?.Dispose();
        stream?.Dispose();
    }

    /// <summary>Truncates the file after its last complete line (a row half-written when the process was killed).</summary>
    private static void DropCutOffRow(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (file.Length == 0)
            return;
        var position = file.Length;
        var one = new byte[1];
        while (position > 0)
        {
            file.Position = position - 1;
            file.ReadExactly(one);
            if (one[0] == (byte)'\n')
                break;
            position--;
        }
        if (position != file.Length)
            file.SetLength(position);
    }
}
