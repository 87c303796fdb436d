using System.Text;
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
}
