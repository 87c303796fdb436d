using Microsoft.Data.Sqlite;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>Connection settings and error translation for the embedded SQLite database.</summary>
internal static class SqliteSetup
{
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;

    public static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }

    /// <summary>Turns the SQLite errors a user can cause (bad file, read-only, disk full) into one-line user errors.</summary>
    public static Exception Explain(SqliteException e, string path) => e.SqliteErrorCode switch
    {
        SqliteNotADatabase => new UserErrorException($"Database '{path}' is not a SQLite database (corrupt or another kind of file).", e),
        SqliteCorrupt => new UserErrorException($"Database '{path}' is corrupt: {e.Message}", e),
        SqliteCantOpen => new UserErrorException($"Database '{path}' cannot be opened: {e.Message}", e),
        SqliteReadOnly => new UserErrorException($"Database '{path}' is read-only: the bill engine needs to write to it.", e),
        SqliteFull => new UserErrorException($"Database '{path}': the disk is full.", e),
        _ => e,
    };
}
