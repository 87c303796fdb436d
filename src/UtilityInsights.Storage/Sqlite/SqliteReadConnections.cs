using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace UtilityInsights.Storage.Sqlite;

/// <summary>
/// Open SQLite connections for reads, each keeping its statements prepared: SQLite compiles a query's
/// text into a program before running it, and Microsoft.Data.Sqlite keeps that program only as long as
/// the command object and its connection live — so every read on a fresh pooled connection compiled its
/// SQL again (a portal page runs five small queries; compiling them was a fifth of its CPU time). A read
/// leases one of these connections; Dapper's commands on it run through a prepared command kept per SQL
/// text (<see cref="PreparingConnection"/>). Writes keep their own connection and transaction.
/// </summary>
/// <remarks>
/// The kept connections are SQLite's own (not the driver's pool: they are kept here) and are closed when the
/// process exits, as the driver closes its pool's: the last connection to close folds the write-ahead log
/// into the database file, so that the file alone holds everything committed (a copy of it is a backup).
/// </remarks>
internal sealed class SqliteReadConnections
{
    /// <summary>Connections kept open between reads; more are opened while more reads run at once, and closed after.</summary>
    public const int MaxIdle = 16;

    private static readonly List<WeakReference<SqliteReadConnections>> Live = [];

    private readonly string connectionString;
    private readonly ConcurrentStack<PreparingConnection> idle = new();
    private int idleCount;

    static SqliteReadConnections()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ClearAll();
        AppDomain.CurrentDomain.DomainUnload += (_, _) => ClearAll();
    }

    public SqliteReadConnections(string connectionString)
    {
        this.connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        lock (Live)
        {
            Live.RemoveAll(r => !r.TryGetTarget(out _));
            Live.Add(new WeakReference<SqliteReadConnections>(this));
        }
    }

    private static void ClearAll()
    {
        lock (Live)
        {
            foreach (var reference in Live)
            {
                if (reference.TryGetTarget(out var connections))
                    connections.Clear();
            }
        }
    }

    /// <summary>An open connection for one read, configured like every other (<see cref="SqliteSetup.Configure"/>).</summary>
    public async Task<PreparingConnection> LeaseAsync(CancellationToken cancellationToken)
    {
        while (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            if (connection.State == ConnectionState.Open)
                return connection;
            await connection.DisposeAsync();
        }
        _ = SqliteSetup.IsMultiThread;
        var opened = new PreparingConnection(connectionString);
        try
        {
            await opened.OpenAsync(cancellationToken);
            SqliteSetup.Configure(opened);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes a leased connection back: kept for the next read when nothing of this one is left open, else closed.</summary>
    public async ValueTask ReturnAsync(PreparingConnection connection)
    {
        // A counter, not the stack's Count, which walks it.
        if (connection.Recycle())
        {
            if (Interlocked.Increment(ref idleCount) <= MaxIdle)
            {
                idle.Push(connection);
                return;
            }
            Interlocked.Decrement(ref idleCount);
        }
        await connection.DisposeAsync();
    }

    /// <summary>Closes every idle connection (before the file is deleted).</summary>
    public void Clear()
    {
        while (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            connection.Dispose();
        }
    }
}

/// <summary>
/// A SQLite connection whose ADO.NET commands (the ones Dapper creates) run through a command kept
/// prepared for their SQL text, so the text is compiled once per connection instead of once a query.
/// Commands created through the typed <see cref="SqliteConnection.CreateCommand"/> are ordinary ones.
/// </summary>
internal sealed class PreparingConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Distinct SQL texts kept prepared on one connection; a text beyond them runs as a one-off command.</summary>
    public const int MaxStatements = 128;

    private readonly Dictionary<string, KeptCommand> kept = new(StringComparer.Ordinal);
    private readonly List<KeptCommand> oneOff = [];

    /// <summary>
    /// Lets go of the one-off commands whose readers are done, and says whether the connection can serve another read:
    /// open, no transaction, no reader of any of its commands still open.
    /// </summary>
    public bool Recycle()
    {
        oneOff.RemoveAll(command =>
        {
            if (command.IsBusy)
                return false;
            command.Dispose();
            return true;
        });
        if (State != ConnectionState.Open || Transaction is not null || oneOff.Count > 0)
            return false;
        foreach (var command in kept.Values)
        {
            if (command.IsBusy)
                return false;
        }
        return true;
    }

    protected override DbCommand CreateDbCommand() => new RoutedCommand(this);

    /// <summary>The kept command for <paramref name="sql"/>, or a one-off one when that is busy or too many are kept.</summary>
    internal SqliteCommand CommandFor(string sql)
    {
        if (kept.TryGetValue(sql, out var command) && !command.IsBusy)
            return command;
        if (command is null && kept.Count < MaxStatements)
        {
            command = new KeptCommand { Connection = this, CommandText = sql };
            kept[sql] = command;
            return command;
        }
        var once = new KeptCommand { Connection = this, CommandText = sql };
        oneOff.Add(once);
        return once;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in kept.Values.Concat(oneOff))
                command.Dispose();
            kept.Clear();
            oneOff.Clear();
        }
        base.Dispose(disposing);
    }

    private sealed class KeptCommand : SqliteCommand
    {
        public bool IsBusy => DataReader is not null;
    }
}

/// <summary>
/// The command Dapper builds on a <see cref="PreparingConnection"/>: it collects the text and
/// parameters, and runs them on the connection's prepared command for that text.
/// </summary>
[SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Runs the stores' own parameterised SQL text unchanged.")]
internal sealed class RoutedCommand(PreparingConnection connection) : DbCommand
{
    private SqliteParameterCollection? parameters;

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (!ReferenceEquals(value, connection))
                throw new NotSupportedException("A command of a read connection stays on it.");
        }
    }

    protected override DbTransaction? DbTransaction { get; set; }

    protected override DbParameterCollection DbParameterCollection => parameters ??= new SqliteCommand().Parameters;

    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Run(command => command.ExecuteNonQuery());

    public override object? ExecuteScalar() => Run(command => command.ExecuteScalar());

    // A one-off command is let go when its connection is handed back (PreparingConnection.Recycle).
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Bind().ExecuteReader(behavior);

    private T Run<T>(Func<SqliteCommand, T> execute) => execute(Bind());

    private SqliteCommand Bind()
    {
        if (CommandType != CommandType.Text)
            throw new NotSupportedException("SQLite runs text commands only.");
        var command = connection.CommandFor(CommandText);
        command.Transaction = (SqliteTransaction?)DbTransaction;
        command.CommandTimeout = CommandTimeout;
        command.Parameters.Clear();
        if (parameters is not null)
        {
            foreach (SqliteParameter parameter in parameters)
                command.Parameters.Add(parameter);
        }
        return command;
    }
}
