using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using UtilityInsights.Storage.Sqlite;
using UtilityInsights.Storage.SqlServer;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Storage;

/// <summary>
/// The database of one utility, on SQLite (a file, the embedded default) or SQL Server. It hands
/// out connections and the per-aggregate stores; every store runs the same SQL on both providers,
/// with the differences kept in <see cref="SqlDialect"/> and the bulk read writers.
/// </summary>
public sealed class UtilityDatabase
{
    private readonly string connectionString;
    private readonly SqliteReadConnections? readConnections;

    private UtilityDatabase(DatabaseTarget target, string connectionString, SqlDialect dialect, bool existedBefore)
    {
        Target = target;
        this.connectionString = connectionString;
        Dialect = dialect;
        ExistedBefore = existedBefore;
        readConnections = dialect.Provider == DatabaseProvider.Sqlite ? new SqliteReadConnections(connectionString) : null;
        Accounts = new AccountStore(this);
        Premises = new PremiseStore(this);
        Meters = new MeterStore(this);
        Reads = new ReadStore(this);
        Tariffs = new TariffStore(this);
        Bills = new BillStore(this);
        Ledger = new LedgerStore(this);
        BillRuns = new BillRunStore(this);
        CohortModels = new CohortModelStore(this);
        Weather = new WeatherStore(this);
        Routes = new RouteStore(this);
        Programs = new ProgramStore(this);
        Notices = new NoticeStore(this);
        PortalUsers = new PortalUserStore(this);
        IdCheck = new IdCheckStore(this);
        ApiKeys = new ApiKeyStore(this);
        SignInAttempts = new SignInAttemptStore(this);
        PortalKeys = new PortalKeyStore(this);
        TemplateSets = new TemplateSetStore(this);
    }

    public DatabaseTarget Target { get; }

    public DatabaseProvider Provider => Dialect.Provider;

    /// <summary>The connection string as opened (for a job store that shares the server: Hangfire's); never printed or logged.</summary>
    public string ConnectionString => connectionString;

    public SqlDialect Dialect { get; }

    /// <summary>Whether the SQLite file existed before this process opened it (always true for SQL Server).</summary>
    public bool ExistedBefore { get; }

    public AccountStore Accounts { get; }

    public PremiseStore Premises { get; }

    public MeterStore Meters { get; }

    public ReadStore Reads { get; }

    public TariffStore Tariffs { get; }

    public BillStore Bills { get; }

    public LedgerStore Ledger { get; }

    public BillRunStore BillRuns { get; }

    public CohortModelStore CohortModels { get; }

    public WeatherStore Weather { get; }

    public RouteStore Routes { get; }

    /// <summary>Randomised programs and who is in each arm.</summary>
    public ProgramStore Programs { get; }

    public NoticeStore Notices { get; }

    public PortalUserStore PortalUsers { get; }

    public IdCheckStore IdCheck { get; }

    /// <summary>API keys of the systems calling /api/v1, and the audit of their calls.</summary>
    public ApiKeyStore ApiKeys { get; }

    public SignInAttemptStore SignInAttempts { get; }

    public PortalKeyStore PortalKeys { get; }

    public TemplateSetStore TemplateSets { get; }

    /// <summary>Checks the target (see <see cref="DatabaseTarget.CheckSqliteFile"/>) and prepares to connect; opens nothing yet.</summary>
    public static UtilityDatabase Open(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        DapperSetup.EnsureRegistered();
        if (target.Provider == DatabaseProvider.PostgreSql)
        {
            try
            {
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(target.Value);
                if (string.IsNullOrWhiteSpace(builder.Database))
                    throw new UserErrorException("--db: the PostgreSQL connection string names no Database=.");
                return new UtilityDatabase(target, builder.ConnectionString, PostgreSqlDialect.Instance, existedBefore: true);
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException($"--db: the PostgreSQL connection string is not valid: {e.Message}");
            }
        }
        if (target.Provider == DatabaseProvider.SqlServer)
        {
            try
            {
                var builder = new SqlConnectionStringBuilder(target.Value);
                return new UtilityDatabase(target, builder.ConnectionString, SqlServerDialect.Instance, existedBefore: true);
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException($"--db: the SQL Server connection string is not valid: {e.Message}");
            }
        }

        var existed = target.CheckSqliteFile();
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = target.Value,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        };
        return new UtilityDatabase(target, sqlite.ConnectionString, SqliteDialect.Instance, existed);
    }

    public static UtilityDatabase Open(string? db) => Open(DatabaseTarget.Parse(db));

    /// <summary>An open connection. SQLite connections get WAL, foreign keys and a busy timeout.</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Provider switch
        {
            DatabaseProvider.Sqlite => SqliteSetup.NewConnection(connectionString),
            DatabaseProvider.PostgreSql => new Npgsql.NpgsqlConnection(connectionString),
            _ => new SqlConnection(connectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
                SqliteSetup.Configure(sqlite);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw SqliteSetup.Explain(e, Target.Value);
        }
        catch (SqlException e)
        {
            await connection.DisposeAsync();
            throw new UserErrorException($"{Target.Display}: cannot connect: {e.Message}", e);
        }
        catch (Npgsql.NpgsqlException e)
        {
            await connection.DisposeAsync();
            throw new UserErrorException($"{Target.Display}: cannot connect: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a connection for reads: on SQLite one kept open with its statements prepared
    /// (<see cref="SqliteReadConnections"/>), elsewhere a new one from the driver's pool (PostgreSQL and SQL Server keep
    /// their own plans on the server).
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (readConnections is null)
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await read(connection);
        }
        PreparingConnection leased;
        try
        {
            leased = await readConnections.LeaseAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw SqliteSetup.Explain(e, Target.Value);
        }
        try
        {
            return await read(leased);
        }
        finally
        {
            await readConnections.ReturnAsync(leased);
        }
    }

    /// <summary>How a write transaction is retried after a transient failure; replaceable for tests (no wait).</summary>
    public Polly.ResiliencePipeline TransactionRetry { get; set; } = DatabaseErrors.TransactionRetry();

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction on a new connection: all of it is committed, or
    /// none. A transient failure (SQL Server deadlock 1205, time-outs, SQLite busy) rolls it back and
    /// runs the whole transaction again with back-off; every caller's transaction is an idempotent batch.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return await TransactionRetry.ExecuteAsync(async token =>
        {
            await using var connection = await OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }

    /// <summary>Brings the schema to the newest version (see <see cref="Migrator"/>).</summary>
    public async Task<MigrationResult> MigrateAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            return await Migrator.MigrateAsync(this, clock, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw SqliteSetup.Explain(e, Target.Value);
        }
    }

    /// <summary>Removes a SQLite file this process created, after a failure, so nothing half-created is left.</summary>
    public void DeleteIfCreatedByUs()
    {
        if (Provider != DatabaseProvider.Sqlite || ExistedBefore)
            return;
        readConnections?.Clear();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
            File.Delete(Target.Value + suffix);
    }

    internal IIntervalDayWriter CreateIntervalDayWriter(DbConnection connection, DbTransaction transaction) =>
        Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteIntervalDayWriter((SqliteConnection)connection),
            DatabaseProvider.PostgreSql => new PostgreSql.PostgreSqlIntervalDayWriter((Npgsql.NpgsqlConnection)connection, (Npgsql.NpgsqlTransaction)transaction),
            _ => new SqlServerIntervalDayWriter((SqlConnection)connection, (SqlTransaction)transaction),
        };
}
