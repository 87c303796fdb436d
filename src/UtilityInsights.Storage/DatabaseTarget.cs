using Microsoft.Data.SqlClient;

namespace UtilityInsights.Storage;

/// <summary>
/// What <c>--db</c> names: a SQLite file path (the embedded default), a PostgreSQL connection string
/// (<c>Host=…;Database=…;Username=…</c>) or a SQL Server one (<c>Server=…</c> or <c>Data Source=…</c>
/// with <c>Initial Catalog</c> or <c>Database</c>). Text that looks like a connection string (an
/// <c>=</c> and a <c>;</c>) but names neither is refused rather than taken for a file name. Checked
/// before anything is opened so that a bad target is a one-line user error and nothing is created.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string Value)
{
    public const string DefaultFile = "utility-insights.db";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>A description safe to print and log: the file path, or server and database without credentials.</summary>
    public string Display => Provider switch
    {
        DatabaseProvider.Sqlite => Value,
        DatabaseProvider.PostgreSql => DescribePostgreSql(Value),
        _ => DescribeSqlServer(Value),
    };

    public static DatabaseTarget Parse(string? db)
    {
        var text = string.IsNullOrWhiteSpace(db) ? DefaultFile : db.Trim();
        if (!LooksLikeConnectionString(text))
            return new DatabaseTarget(DatabaseProvider.Sqlite, Path.GetFullPath(text));
        var keys = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2)[0].Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (keys.Contains("host"))
            return new DatabaseTarget(DatabaseProvider.PostgreSql, text);
        if (keys.Contains("server") || keys.Contains("data source") || keys.Contains("initial catalog") || keys.Contains("address") || keys.Contains("addr"))
            return new DatabaseTarget(DatabaseProvider.SqlServer, text);
        throw new UserErrorException("--db looks like a connection string but names no server this engine knows: PostgreSQL needs Host=…;Database=…;Username=…, " +
            "SQL Server Server=…;Database=… (or Data Source=…;Initial Catalog=…); a SQLite file is a path.");
    }

    /// <summary>Whether <c>--db</c> is meant as a connection string: an <c>=</c> and a <c>;</c> (no file path of ours has both).</summary>
    public static bool LooksLikeConnectionString(string text) =>
        text.Contains('=', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal);

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

    private static string DescribePostgreSql(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (unreadable connection string)";
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
