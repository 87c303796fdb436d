using System.Runtime.InteropServices;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>
/// Steps through a prepared SQLite statement and reads its columns in place, on the statement's own pointer. SQLitePCL.raw's
/// calls take the statement's SafeHandle and count a reference up and down on each (two interlocked operations a call):
/// a 13-month bill run reads nine million day rows at a dozen calls a row, and those counts were a twentieth of its time.
/// Bound to the e_sqlite3 library SQLitePCL itself calls (<see cref="Available"/> says whether it is the one in use);
/// the column calls skip the GC transition (they neither block nor call back: each connection is one thread's at a time).
/// </summary>
internal static unsafe partial class SqliteRows
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether SQLite is SQLitePCL's bundled e_sqlite3 (always, with Microsoft.Data.Sqlite's bundle), whose statements these calls read.</summary>
    public static bool Available { get; } = IsBundled();

    private static bool IsBundled()
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.GetNativeLibraryName() == Library;
    }

    /// <summary>Reads each row of <paramref name="statement"/> (prepared and bound) with <paramref name="row"/>, to the end: SQLite's last result code.</summary>
    public static int Each(SQLitePCL.sqlite3_stmt statement, Action<IntPtr> row)
    {
        var added = false;
        statement.DangerousAddRef(ref added);
        try
        {
            var pointer = statement.DangerousGetHandle();
            int result;
            while ((result = Step(pointer)) == SQLitePCL.raw.SQLITE_ROW)
                row(pointer);
            return result;
        }
        finally
        {
            if (added)
                statement.DangerousRelease();
        }
    }

    /// <summary>A column's bytes as stored (a text column's UTF-8), valid until the next step.</summary>
    public static ReadOnlySpan<byte> Blob(IntPtr statement, int column)
    {
        var data = ColumnBlob(statement, column);
        return data == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)data, ColumnBytes(statement, column));
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    private static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long Int64(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int")]
    [SuppressGCTransition]
    public static partial int Int32(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    private static partial IntPtr ColumnBlob(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int ColumnBytes(IntPtr statement, int column);
}
