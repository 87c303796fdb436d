using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;

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
