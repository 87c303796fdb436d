using System.Text;
using Microsoft.Win32.SafeHandles;
using UtilityInsights.Domain;

namespace UtilityInsights.Operations.Issue;

/// <summary>
/// Where statements and notices live on disk: <c>FOLDER/ACCOUNT/CYCLE.html|.txt|.sms.txt</c> — one
/// folder per customer, one file per cycle — and how they are written (whole or not at all).
/// </summary>
public static class StatementFiles
{
    /// <summary><c>FOLDER/ACCOUNT/NAME.EXTENSION</c>, checked to lie inside the folder (<see cref="OutputPaths"/>).</summary>
    public static string For(string folder, AccountId account, string name, string extension) =>
        OutputPaths.Inside(folder, account.Value, $"{name}.{extension}");

    /// <summary><c>ACCOUNT/NAME.EXTENSION</c>, relative to the folder: how a list beside the files names one of them (checked as <see cref="For"/>).</summary>
    public static string Listed(string folder, AccountId account, string name, string extension) =>
        Path.GetRelativePath(Path.GetFullPath(folder), For(folder, account, name, extension));

    /// <summary><c>FOLDER/ID.EXTENSION</c> (an outbox or print-batch file named after its account), checked to lie inside the folder.</summary>
    public static string Named(string folder, string id, string extension) => OutputPaths.Inside(folder, $"{id}.{extension}");

    /// <summary>Writes beside the target and renames over it: a reader never sees half a file.</summary>
    public static Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, Utf8.GetBytes(content), cancellationToken);

    /// <summary>Writes <paramref name="content"/> beside the target (<c>.partial</c>) and renames over it: a reader never sees half a file.</summary>
    public static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes one customer's files of a cycle or notice (<c>FOLDER/ACCOUNT/NAME.EXTENSION</c>), each
    /// beside its target and renamed over it. Synchronous on purpose: a bill run writes from its own
    /// workers, and three small files an account cost more as thread-pool round trips than as writes.
    /// </summary>
    public static void WriteAtomically(string folder, AccountId account, string name, params ReadOnlySpan<(string Extension, string Content)> files)
    {
        Directory.CreateDirectory(OutputPaths.Inside(folder, account.Value));
        foreach (var (extension, content) in files)
        {
            var path = For(folder, account, name, extension);
            var temporary = path + ".partial";
            var bytes = Utf8.GetBytes(content);
            // A new file, not a truncated one: .NET truncates a FileMode.Create file after opening it, and
            // ext4 then writes a truncated file's blocks out when it is closed: over a third of the
            // system time in a bill run. A .partial left by a killed run is removed first.
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write);
            }
            catch (IOException) when (File.Exists(temporary))
            {
                File.Delete(temporary);
                handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write);
            }
            using (handle)
                RandomAccess.Write(handle, bytes, 0);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static readonly UTF8Encoding Utf8 = new(false);
}
