using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

public class DatabaseTargetTests
{
    [TestCase("Host=db.example;Database=utility;Username=billing", DatabaseProvider.PostgreSql)]
    [TestCase("host=127.0.0.1; port=5432; database=u; username=x", DatabaseProvider.PostgreSql)]
    [TestCase("Server=sql.example;Database=utility;User Id=billing;Password=x", DatabaseProvider.SqlServer)]
    [TestCase("Data Source=.;Initial Catalog=utility;Integrated Security=true", DatabaseProvider.SqlServer)]
    [TestCase("bills/utility-insights.db", DatabaseProvider.Sqlite)]
    public void The_db_option_selects_the_provider_its_text_names(string db, DatabaseProvider provider)
    {
        Assert.That(DatabaseTarget.Parse(db).Provider, Is.EqualTo(provider));
    }

    [Test]
    public void A_connection_string_is_shown_without_its_password()
    {
        Assert.That(DatabaseTarget.Parse("Host=db.example;Port=5433;Database=utility;Username=billing;Password=secret").Display,
            Is.EqualTo("PostgreSQL db.example:5433/utility"));
    }

    [Test]
    public async Task A_db_that_looks_like_a_connection_string_but_names_no_server_is_refused_and_no_file_is_created()
    {
        var folder = Directory.CreateTempSubdirectory("ui-target-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(folder, "db", "migrate", "--db", "Hots=db.example;Database=utility");

            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Stderr, Does.Contain("looks like a connection string but names no server").And.Contain("Host="));
            Assert.That(Directory.EnumerateFiles(folder), Is.Empty, "no SQLite file named after it (only the logs folder)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>
/// The demo utility billed on PostgreSQL and on SQLite from the same seed: every statement is the same, byte for byte, and
/// so are the cycle's bills and totals. Runs when UTILITYINSIGHTS_POSTGRES is set (.ci/run starts a server).
/// </summary>
public class PostgreSqlDemoTests
{
    [Test]
    public async Task The_demo_on_PostgreSQL_bills_exactly_as_on_SQLite()
    {
        var (server, database, connectionString) = await PostgreSqlStoreTests.CreateEmptyAsync();
        var sqlite = Directory.CreateTempSubdirectory("ui-demo-sqlite-").FullName;
        var postgres = Directory.CreateTempSubdirectory("ui-demo-postgres-").FullName;
        try
        {
            string[] demo = ["demo", "--premises", "120", "--months", "13", "--print-format", "html", "--json"];
            var onSqlite = await CliRunner.RunAsync(sqlite, demo);
            var onPostgres = await CliRunner.RunAsync(postgres, [.. demo, "--db", connectionString]);
            Assert.That(onSqlite.ExitCode, Is.EqualTo(0), onSqlite.ToString());
            Assert.That(onPostgres.ExitCode, Is.EqualTo(0), onPostgres.ToString());
            var statusSqlite = await CliRunner.JsonAsync(sqlite, "billrun", "status", "--cycle", "2026-01");
            var statusPostgres = await CliRunner.JsonAsync(postgres, "billrun", "status", "--cycle", "2026-01", "--db", connectionString);

            static Dictionary<string, string> Statements(string folder)
            {
                var root = Path.Combine(folder, "out", "statements");
                return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText, StringComparer.Ordinal);
            }
            var expected = Statements(sqlite);
            var actual = Statements(postgres);

            Assert.Multiple(() =>
            {
                Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys));
                Assert.That(expected.Where(e => actual.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key), Is.Empty, "statements that differ");
                Assert.That(statusPostgres.ToString(), Is.EqualTo(statusSqlite.ToString()), "the cycle's bills, holds and totals");
            });
        }
        finally
        {
            await PostgreSqlStoreTests.DropAsync(server, database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sqlite, recursive: true);
            Directory.Delete(postgres, recursive: true);
        }
    }
}
