using Microsoft.Data.SqlClient;

namespace UtilityInsights.Storage;

/// <summary>
/// What <c>--db</c> names: a SQLite file path (the embedded default) or a SQL Server connection
/// string (anything with <c>Server=</c>, <c>Data Source=…;</c> and an <c>=</c>). Checked before
/// anything is opened so that a bad target is a one-line user error and nothing is created.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string Value)
{
    public const string DefaultFile = "utility-insights.db";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>A description safe to print and log: the file path, or server and database without credentials.</summary>
    public string Display => Provider == DatabaseProvider.Sqlite ? Value : DescribeSqlServer(Value);

    public static DatabaseTarget Parse(string? db)
    {
        var text = string.IsNullOrWhiteSpace(db) ? DefaultFile : db.Trim();
        return LooksLikeConnectionString(text)
            ? new DatabaseTarget(DatabaseProvider.SqlServer, text)
            : new DatabaseTarget(DatabaseProvider.Sqlite, Path.GetFullPath(text));
    }

    public static bool LooksLikeConnectionString(string text) =>
        text.Contains('=', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal)
        && (text.Contains("server=", StringComparison.OrdinalIgnoreCase)
            || text.Contains("data source=", StringComparison.OrdinalIgnoreCase)
            || text.Contains("initial catalog=", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks that a SQLite file can be used: its folder exists, it is not a folder, it is a
    /// SQLite file (or empty or absent), and it can be written. Returns whether it exists already.
    /// </summary>
    public bool CheckSqliteFile()
    {
        var path = Value;
        if (Directory.Exists(path))
            throw new UserErrorException($"Database '{path}' is a directory, not a SQLite file.");
        var directory = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(directory))
            throw new UserErrorException($"Database '{path}': the directory '{directory}' does not exist.");
        if (!File.Exists(path))
        {
            ProbeWritable(directory, path);
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[SqliteHeader.Length];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read > 0 && (read < header.Length || !header.SequenceEqual(SqliteHeader)))
                throw new UserErrorException($"Database '{path}' is not a SQLite database (its header is wrong: corrupt or another kind of file).");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserErrorException($"Database '{path}' is read-only: the bill engine needs to write to it.");
        }
        catch (IOException e)
        {
            throw new UserErrorException($"Database '{path}' cannot be opened for writing: {e.Message}");
        }
        return true;
    }

    private static void ProbeWritable(string directory, string path)
    {
        var probe = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.probe");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserErrorException($"Database '{path}' cannot be created: the directory '{directory}' is read-only or not accessible ({e.Message}).");
        }
    }

    private static string DescribeSqlServer(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            return $"SQL Server {builder.DataSource}/{builder.InitialCatalog}";
        }
        catch (ArgumentException)
        {
            return "SQL Server (unreadable connection string)";
        }
    }
}
