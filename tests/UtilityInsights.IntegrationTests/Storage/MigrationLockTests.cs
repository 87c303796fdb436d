using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>Several processes that start on one new database take turns migrating it (issue 13): each migration is applied once.</summary>
public class MigrationLockTests
{
    [Test]
    public async Task Four_processes_migrating_one_new_SQLite_file_at_once_all_succeed_and_apply_each_migration_once()
    {
        var folder = Directory.CreateTempSubdirectory("ui-migrate-lock-").FullName;
        try
        {
            var runs = Enumerable.Range(0, 4).Select(_ => CliRunner.RunAsync(folder, "db", "migrate", "--db", "utility-insights.db", "--json")).ToList();
            var results = await Task.WhenAll(runs);

            foreach (var result in results)
                Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            var versions = TestDb.Query(folder, "SELECT version FROM schema_version ORDER BY version", r => r.GetInt32(0));
            Assert.That(versions, Is.EqualTo(Enumerable.Range(1, versions.Count)), "each version once, none missing");
            var appliedCounts = results.Select(r => System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement.GetProperty("applied").GetArrayLength()).ToList();
            Assert.That(appliedCounts.Sum(), Is.EqualTo(versions.Count), "between them the four processes applied every migration exactly once");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Four_processes_migrating_one_new_PostgreSQL_database_at_once_apply_each_migration_once_and_leave_no_lock_held()
    {
        var (server, name, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var folder = Directory.CreateTempSubdirectory("ui-migrate-lock-pg-").FullName;
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CliRunner.RunAsync(folder, "db", "migrate", "--db", connectionString, "--json")));

            foreach (var result in results)
                Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var versions = new Npgsql.NpgsqlCommand("SELECT count(*), count(DISTINCT version), max(version) FROM schema_version", connection);
            await using (var reader = await versions.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Assert.That((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)), Is.EqualTo((reader.GetInt64(1), (long)reader.GetInt32(2), reader.GetInt32(2))),
                    "each version once, none missing");
            }
            var appliedCounts = results.Select(r => System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement.GetProperty("applied").GetArrayLength()).ToList();
            Assert.That(appliedCounts.Sum(), Is.EqualTo(appliedCounts.Max()), "one process applied them all; the others found them applied");
            // A session lock outlives a pooled connection's closing: migrating (here, finding nothing to do) releases it by hand, so that
            // another session can take it while this process's connection waits in the pool.
            await Migrator.MigrateAsync(UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString)), TimeProvider.System, CancellationToken.None);
            await using var free = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            free.Parameters.AddWithValue("key", 0x55492D4D49475200L);
            Assert.That(await free.ExecuteScalarAsync(), Is.True, "the migration lock is free");
        }
        finally
        {
            await PostgreSqlStoreTests.DropAsync(server, name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_command_on_a_schema_already_current_does_not_wait_for_a_writer()
    {
        // Every command migrates first. With the schema current it takes no write lock, so it starts while another process is in
        // the middle of a write transaction (an import's batch, say) instead of waiting for it (up to the 60-s busy timeout).
        var folder = Directory.CreateTempSubdirectory("ui-migrate-current-").FullName;
        try
        {
            Assert.That((await CliRunner.RunAsync(folder, "db", "migrate", "--db", "utility-insights.db")).ExitCode, Is.Zero);
            using var writer = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Pooling=False");
            writer.Open();
            using var transaction = writer.BeginTransaction(); // BEGIN IMMEDIATE: the write lock, held until the end of the test
            using (var write = writer.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "UPDATE schema_version SET name = name";
                write.ExecuteNonQuery();
            }

            var run = CliRunner.RunAsync(folder, "db", "migrate", "--db", "utility-insights.db", "--json");
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));

            Assert.That(finished, Is.SameAs(run), "db migrate waited for the other process's write transaction");
            var result = await run;
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("applied").GetArrayLength(), Is.Zero);
            transaction.Rollback();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
