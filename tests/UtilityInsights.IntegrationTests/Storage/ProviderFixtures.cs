using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>The store contract on a real SQLite file in a temporary folder.</summary>
[TestFixture]
public sealed class SqliteStoreTests : StoreContract
{
    private string folder = null!;

    protected override Task<UtilityDatabase> CreateDatabaseAsync()
    {
        folder = Directory.CreateTempSubdirectory("ui-sqlite-").FullName;
        return Task.FromResult(UtilityDatabase.Open(Path.Combine(folder, "test.db")));
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The store contract on SQL Server: runs when UTILITYINSIGHTS_SQLSERVER holds a connection
/// string to a server where the login may create databases; each test gets its own database.
/// </summary>
[TestFixture]
public sealed class SqlServerStoreTests : StoreContract
{
    public const string Variable = "UTILITYINSIGHTS_SQLSERVER";
    private string? databaseName;
    private string? serverConnection;

    protected override async Task<UtilityDatabase> CreateDatabaseAsync()
    {
        serverConnection = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(serverConnection))
            Assert.Ignore($"SQL Server tests need {Variable} to hold a connection string.");
        databaseName = $"ui_test_{Guid.NewGuid():N}";
        await using (var connection = new SqlConnection(serverConnection))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{databaseName}]", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new SqlConnectionStringBuilder(serverConnection) { InitialCatalog = databaseName };
        return UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.SqlServer, builder.ConnectionString));
    }

    protected override async Task DropDatabaseAsync()
    {
        if (databaseName is null || serverConnection is null)
            return;
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(serverConnection);
        await connection.OpenAsync();
        try
        {
            await using var command = new SqlCommand($"ALTER DATABASE [{databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{databaseName}]", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (SqlException)
        {
            // A server (or a login) that refuses SINGLE_USER: a plain DROP, so that a failed test never leaks a database.
            await using var drop = new SqlCommand($"IF DB_ID(N'{databaseName}') IS NOT NULL DROP DATABASE [{databaseName}]", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// The store contract on PostgreSQL: runs when UTILITYINSIGHTS_POSTGRES holds a connection string to a server where the
/// user may create databases (<c>.ci/run</c> starts one); each test gets its own database, dropped afterwards.
/// </summary>
[TestFixture]
public sealed class PostgreSqlStoreTests : StoreContract
{
    public const string Variable = "UTILITYINSIGHTS_POSTGRES";
    private string? databaseName;
    private string? serverConnection;

    /// <summary>A new empty database on the configured server (the test is skipped, saying why, without one); returns its connection string.</summary>
    public static async Task<(string ServerConnection, string Database, string ConnectionString)> CreateEmptyAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
            Assert.Ignore($"PostgreSQL tests need {Variable} to hold a connection string (.ci/run starts a server).");
        var name = $"ui_test_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return (server!, name, new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public static async Task DropAsync(string serverConnection, string databaseName)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(serverConnection);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<UtilityDatabase> CreateDatabaseAsync()
    {
        (serverConnection, databaseName, var connectionString) = await CreateEmptyAsync();
        return UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString));
    }

    protected override Task DropDatabaseAsync() =>
        databaseName is null || serverConnection is null ? Task.CompletedTask : DropAsync(serverConnection, databaseName);
}

