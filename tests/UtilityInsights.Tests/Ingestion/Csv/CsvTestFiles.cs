using System.Text;

namespace UtilityInsights.Tests.Ingestion.Csv;

/// <summary>Writes test CSVs to a fresh temporary folder that is removed afterwards.</summary>
public sealed class CsvTestFiles : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ui-tests-").FullName;

    public string Folder => folder;

    public string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
