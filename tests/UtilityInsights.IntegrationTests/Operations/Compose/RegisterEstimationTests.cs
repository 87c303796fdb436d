using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.Compose;

/// <summary>
/// Issue 15, step 2.4: a register meter whose read is missing at bill time is billed on an estimate
/// (marked on the statement, stored with the bill), and the next actual read trues it up: nothing is
/// lost and nothing billed twice.
/// </summary>
public class RegisterEstimationTests
{
    [Test]
    public async Task A_missing_register_read_is_estimated_and_the_next_bill_trues_it_up()
    {
        using var utility = await DemoUtility.CreateAsync("estimate", 40, 13, train: true);
        var folder = utility.Folder;
        var (account, meter) = TestDb.Query(folder, "SELECT p.account_id, m.meter_id FROM premises AS p JOIN meters AS m ON m.meter_id = p.meter_id " +
            "JOIN accounts AS a ON a.account_id = p.account_id WHERE lower(m.kind) = 'register' AND a.language = 'en' ORDER BY p.account_id",
            r => (r.GetString(0), r.GetString(1)))[0];
        long Unix(int year, int month, int day) => new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        decimal Dial(long from, long to) => TestDb.Query(folder, "SELECT register_value FROM register_reads WHERE meter_id = $m AND read_at_utc BETWEEN $f AND $t",
            r => r.GetInt64(0) / 1_000_000m, ("$m", meter), ("$f", from), ("$t", to)).Single();
        var november1 = Dial(Unix(2025, 10, 31), Unix(2025, 11, 1));
        var january1 = Dial(Unix(2025, 12, 31), Unix(2026, 1, 1));
        // The read at the end of November (December 1) never arrived.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM register_reads WHERE meter_id = $m AND read_at_utc BETWEEN $f AND $t";
            delete.Parameters.AddWithValue("$m", meter);
            delete.Parameters.AddWithValue("$f", Unix(2025, 11, 30));
            delete.Parameters.AddWithValue("$t", Unix(2025, 12, 1));
            Assert.That(delete.ExecuteNonQuery(), Is.EqualTo(1));
        }

        await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-11");
        await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-12");

        var bills = TestDb.Query(folder, "SELECT cycle, status, hold_reason, usage_quantity FROM bills WHERE account_id = $a ORDER BY cycle",
            r => (Cycle: r.GetString(0), Status: r.GetString(1), Reason: r.IsDBNull(2) ? null : r.GetString(2), Usage: r.GetInt64(3) / 1_000_000m), ("$a", account));
        var estimates = TestDb.Query(folder, "SELECT COUNT(*) FROM register_reads WHERE meter_id = $m AND read_type = 'Estimated'", r => r.GetInt64(0), ("$m", meter))[0];
        var november = File.ReadAllText(Path.Combine(folder, "out", "statements", account, "2025-11.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(bills.Select(b => b.Cycle), Is.EqualTo(new[] { "2025-11", "2025-12" }));
            Assert.That(bills[0].Reason ?? "", Does.Not.StartWith("cannot_bill"), "billed on an estimate, not refused");
            Assert.That(bills[0].Usage, Is.GreaterThan(0));
            Assert.That(november, Does.Contain("estimated from your average daily use"), "the statement says the read is estimated and how");
            Assert.That(estimates, Is.EqualTo(1), "the estimate is stored with the bill");
            Assert.That(bills[0].Usage + bills[1].Usage, Is.EqualTo(january1 - november1), "December's actual read trues November's estimate up exactly");
        });
    }
}
