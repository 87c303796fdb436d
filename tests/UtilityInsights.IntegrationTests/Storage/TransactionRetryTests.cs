using Dapper;
using Microsoft.Data.Sqlite;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>A whole write transaction runs again after a transient failure (a deadlock on SQL Server, busy on SQLite) and never twice after a real one.</summary>
public class TransactionRetryTests
{
    private string folder = "";
    private UtilityDatabase database = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        folder = Directory.CreateTempSubdirectory("ui-retry-").FullName;
        database = UtilityDatabase.Open(Path.Combine(folder, "retry.db"));
        database.TransactionRetry = DatabaseErrors.TransactionRetry(TimeSpan.FromMilliseconds(1));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
    }

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<int> InsertWeatherAsync(Func<int, bool> failOnAttempt, List<int> attempts) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            attempts.Add(attempts.Count + 1);
            await connection.ExecuteAsync("INSERT INTO weather_days (region, day, hdd, cdd) VALUES ('R1', '2026-01-01', 10000000, 0)", transaction: transaction);
            if (failOnAttempt(attempts.Count))
                throw new SqliteException("database is locked (injected)", 5);
            return attempts.Count;
        }, CancellationToken.None);

    private async Task<long> WeatherRowsAsync()
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM weather_days");
    }

    [Test]
    public async Task A_transient_failure_rolls_the_batch_back_and_runs_it_again_once_committed()
    {
        var attempts = new List<int>();

        var result = await InsertWeatherAsync(attempt => attempt <= 2, attempts);

        Assert.That(result, Is.EqualTo(3));
        Assert.That(await WeatherRowsAsync(), Is.EqualTo(1), "the two failed attempts were rolled back");
    }

    [Test]
    public void A_failure_that_is_not_transient_is_not_retried()
    {
        var attempts = new List<int>();

        Assert.ThrowsAsync<InvalidOperationException>(() => database.InTransactionAsync<int>((_, _) => { attempts.Add(1); throw new InvalidOperationException("a bug"); }, CancellationToken.None));
        Assert.That(attempts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Retries_stop_after_four_and_the_failure_is_reported()
    {
        var attempts = new List<int>();

        Assert.ThrowsAsync<SqliteException>(() => InsertWeatherAsync(_ => true, attempts));
        Assert.That(attempts, Has.Count.EqualTo(5));
        Assert.That(await WeatherRowsAsync(), Is.Zero);
    }
}
