using System.Globalization;
using CsvHelper;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// Writes rejected rows beside their input as <c>FILE.rejects.csv</c>
/// (<c>line,field,value,reason</c>), so an operator can fix and re-import them. The file is
/// created at the first rejection (an import without rejections removes a stale one) and
/// values are written with formula injection escaped, as a spreadsheet may open the file.
/// </summary>
public sealed class RejectsFile : IDisposable
{
    private CsvWriter? writer;

    public RejectsFile(string input)
    {
        Path = PathFor(input);
        File.Delete(Path);
    }

    public string Path { get; }

    public int Count { get; private set; }

    public static string PathFor(string input) => input + ".rejects.csv";

    public void Write(Rejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (writer is null)
        {
            writer = CsvWriter.Create(File.Create(Path), new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape });
            writer.WriteHeader(["line", "field", "value", "reason"]);
        }
        writer.WriteRecord([rejected.Line.ToString(CultureInfo.InvariantCulture), rejected.Field, rejected.Value, rejected.Reason]);
        Count++;
    }

    /// <summary>The first <paramref name="limit"/> rejections of a rejects file (line, field, value, reason), for an answer that carries them.</summary>
    public static IReadOnlyList<Rejected> Read(string path, int limit)
    {
        var rows = new List<Rejected>();
        if (!File.Exists(path))
            return rows;
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = true });
        while (rows.Count < limit && reader.Read())
        {
            rows.Add(new Rejected(path, long.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                reader.GetString(3)));
        }
        return rows;
    }

    public void Dispose() => writer?.Dispose();
}
