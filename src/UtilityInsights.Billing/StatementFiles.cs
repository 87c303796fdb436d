using System.Text;
using CsvHelper;
using UtilityInsights.Domain;

namespace UtilityInsights.Billing;

/// <summary>
/// Where statements and notices live on disk: <c>FOLDER/ACCOUNT/CYCLE.html|.txt|.sms.txt</c> — one
/// folder per customer, one file per cycle — and how they are written (whole or not at all).
/// </summary>
public static class StatementFiles
{
    public static string For(string folder, AccountId account, string name, string extension) =>
        Path.Combine(folder, account.Value, $"{name}.{extension}");

    /// <summary>Writes beside the target and renames over it: a reader never sees half a file.</summary>
    public static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes a list (outbox, print manifest, the day's notices) as CSV, beside and renamed into place; cells that could run as spreadsheet formulas are escaped.</summary>
    public static void WriteCsv(string path, string[] header, List<string[]> rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        using (var csv = CsvWriter.Create(File.Create(temporary), new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape }))
        {
            csv.WriteHeader(header);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                csv.WriteRecord(row);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}
