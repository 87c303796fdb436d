using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>A bill run killed with SIGKILL at random moments and resumed ends exactly as an uninterrupted run.</summary>
public class BillRunKillTests
{
    [Test]
    public async Task A_run_killed_three_times_and_resumed_bills_every_account_once_with_the_same_totals_as_an_uninterrupted_run()
    {
        // Ten shares of accounts (BillRunner.LoadSize), so that a run on a fast machine still has most of its work left
        // when its first share is stored: 300 accounts (three shares, two built at once) were done before a kill came.
        const int accounts = 1_000;
        var (killed, clean) = await TwoCopiesAsync(accounts);
        try
        {

            var uninterrupted = await CliRunner.RunAsync(clean, "billrun", "--cycle", "2026-01");
            Assert.That(uninterrupted.ExitCode, Is.EqualTo(0), uninterrupted.ToString());

            // Each kill comes a random 0–60 ms (the first 0–20 ms) after the run has stored more bills than the last one left: while
            // it builds, writes statements or commits the next share, whatever the machine's speed (a kill timed by the clock can
            // miss a fast run).
            var seed = Environment.TickCount;
            TestContext.Out.WriteLine($"kill delays seeded with {seed}");
            var random = new Random(seed);
            var afterKills = new List<int>();
            for (var kill = 0; kill < 3; kill++)
            {
                var before = Bills(killed).Count;
                await CliRunner.KillWhenAsync(killed, () => Bills(killed).Count > before, TimeSpan.FromMilliseconds(random.Next(0, kill == 0 ? 20 : 60)),
                    "billrun", "--cycle", "2026-01");
                SqliteConnection.ClearAllPools();
                afterKills.Add(Bills(killed).Count);
            }
            TestContext.Out.WriteLine($"bills after each kill: {string.Join(", ", afterKills)}");
            Assert.That(afterKills.Any(n => n is > 0 and < accounts), Is.True, "at least one kill landed in the middle of the run");
            var resumed = await CliRunner.RunAsync(killed, "billrun", "--cycle", "2026-01");
            Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());

            var expected = Bills(clean);
            var actual = Bills(killed);
            Assert.Multiple(() =>
            {
                Assert.That(expected, Has.Count.EqualTo(accounts), "billed + held = accounts due");
                Assert.That(actual, Is.EqualTo(expected), "the same bills, statuses, reasons and totals");
                Assert.That(LineCount(killed), Is.EqualTo(LineCount(clean)), "no bill line written twice");
                Assert.That(Statements(killed), Is.EquivalentTo(Statements(clean)), "the same statements, none half-written");
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(killed, recursive: true);
            Directory.Delete(clean, recursive: true);
        }
    }

    [Test]
    public async Task Two_partitions_running_at_once_bill_every_account_exactly_once_as_one_run_would()
    {
        var (shared, single) = await TwoCopiesAsync(200);
        try
        {

            var one = CliRunner.RunAsync(shared, "billrun", "--cycle", "2026-01", "--partition", "1/2", "--json");
            var two = CliRunner.RunAsync(shared, "billrun", "--cycle", "2026-01", "--partition", "2/2", "--json");
            var results = await Task.WhenAll(one, two);
            var whole = await CliRunner.RunAsync(single, "billrun", "--cycle", "2026-01");
            var bad = await CliRunner.RunAsync(single, "billrun", "--cycle", "2026-01", "--partition", "3/2");

            Assert.Multiple(() =>
            {
                Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", results.Select(r => r.ToString())));
                Assert.That(whole.ExitCode, Is.EqualTo(0), whole.ToString());
                var billedByPartitions = results.Sum(r => System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement is var j
                    ? j.GetProperty("billed").GetInt32() + j.GetProperty("held").GetInt32() : 0);
                Assert.That(billedByPartitions, Is.EqualTo(200), "the shares add up to the cycle, no overlap");
                Assert.That(results.Select(r => System.Text.Json.JsonDocument.Parse(r.Stdout).RootElement.GetProperty("billed").GetInt32()), Is.All.GreaterThan(0),
                    "both shares did work");
                Assert.That(Bills(shared), Is.EqualTo(Bills(single)));
                Assert.That(bad.ExitCode, Is.EqualTo(1));
                Assert.That(bad.Stderr, Does.Contain("--partition '3/2'"));
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(shared, recursive: true);
            Directory.Delete(single, recursive: true);
        }
    }

    /// <summary>A sample utility ready to bill (no cohorts), in a folder and an identical copy of its database in another.</summary>
    private static async Task<(string Folder, string Copy)> TwoCopiesAsync(int premises)
    {
        var folder = Directory.CreateTempSubdirectory("ui-billrun-").FullName;
        var copy = Directory.CreateTempSubdirectory("ui-billrun-copy-").FullName;
        Assert.That((await CliRunner.RunAsync(folder, "demo", "--premises", premises.ToString(System.Globalization.CultureInfo.InvariantCulture), "--months", "13",
            "--prepare-only")).ExitCode, Is.EqualTo(0));
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(folder, "utility-insights.db*"))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return (folder, copy);
    }

    private static List<(string BillId, string Status, long Total, string? Reason)> Bills(string folder)
    {
        using var connection = Open(folder);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT bill_id, status, total, hold_reason FROM bills WHERE cycle = '2026-01' ORDER BY bill_id";
        using var reader = command.ExecuteReader();
        var bills = new List<(string, string, long, string?)>();
        while (reader.Read())
            bills.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return bills;
    }

    private static long LineCount(string folder)
    {
        using var connection = Open(folder);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM bill_lines";
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string folder)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Every statement file under out/statements, as ACCOUNT/FILE.</summary>
    private static IEnumerable<string> Statements(string folder)
    {
        var root = Path.Combine(folder, "out", "statements");
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f));
    }
}
