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
}
