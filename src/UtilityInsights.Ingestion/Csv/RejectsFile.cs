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

    public void Dispose() => writer?.Dispose();
}
