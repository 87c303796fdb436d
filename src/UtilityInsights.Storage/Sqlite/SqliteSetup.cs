using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Whether this process's SQLite runs in multi-thread mode, set once before the first connection opens. Serialized mode
    /// takes a mutex around every call (each column read, each bound parameter), which buys nothing when each connection is
    /// used by one thread at a time (ADO.NET's rule, and the pool's). Memory statistics are turned off too (a global mutex
    /// on every allocation). Left as it was when SQLite had already started in this process (sqlite3_config refuses then).
    /// </summary>
    public static bool IsMultiThread { get; } = SetThreadingMode();

    private static bool SetThreadingMode()
    {
        SQLitePCL.Batteries_V2.Init();
        var mode = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return mode == SQLitePCL.raw.SQLITE_OK;
    }

    /// <summary>A new connection, SQLite's threading mode set first.</summary>
    public static SqliteConnection NewConnection(string connectionString)
    {
        _ = IsMultiThread;
        return new SqliteConnection(connectionString);
    }

    /// <summary>The SQLite connections already configured, by their native handle (one for each connection SQLite opened).</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    private static readonly object Marker = new();

    /// <summary>
    /// Sets a connection's busy timeout, write-ahead log, synchronous mode and foreign keys — once for each
    /// connection SQLite opens: the pool hands the same native connection out again with its settings kept,
    /// and a portal page, which opens a connection for each of its few queries, ran the four PRAGMAs each time.
    /// </summary>
    public static void Configure(SqliteConnection connection)
    {
        var handle = connection.Handle;
        if (handle is not null && Configured.TryGetValue(handle, out _))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        if (handle is not null)
            Configured.TryAdd(handle, Marker);
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
