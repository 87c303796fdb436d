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
