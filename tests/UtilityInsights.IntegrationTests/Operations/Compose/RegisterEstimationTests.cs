using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.Compose;

/// <summary>
/// Issues 15 (step 2.4) and 17: a register meter whose scheduled route read is missing at bill time is billed on an estimate
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
        // The meter is read on its route's scheduled days (the Nth working day, 10:00 local): October's, November's and December's.
        var route = TestDb.Query(folder, "SELECT cycle FROM accounts WHERE account_id = $a", r => r.GetString(0), ("$a", account))[0];
        var readDates = TestDb.Query(folder, "SELECT read_date FROM route_read_dates WHERE route = $r AND read_date >= '2025-10-01' AND read_date < '2026-01-01' ORDER BY read_date",
            r => DateOnly.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture), ("$r", route));
        Assert.That(readDates, Has.Count.EqualTo(3));
        long Unix(DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero).ToUnixTimeSeconds();
        (long From, long To) On(DateOnly day) => (Unix(day, 0), Unix(day, 23));
        decimal Dial((long From, long To) on) => TestDb.Query(folder, "SELECT register_value FROM register_reads WHERE meter_id = $m AND read_at_utc BETWEEN $f AND $t",
            r => r.GetInt64(0) / 1_000_000m, ("$m", meter), ("$f", on.From), ("$t", on.To)).Single();
        var october = Dial(On(readDates[0]));
        var december = Dial(On(readDates[2]));
        // November's scheduled read never arrived.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "utility-insights.db")};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM register_reads WHERE meter_id = $m AND read_at_utc BETWEEN $f AND $t";
            delete.Parameters.AddWithValue("$m", meter);
            delete.Parameters.AddWithValue("$f", On(readDates[1]).From);
            delete.Parameters.AddWithValue("$t", On(readDates[1]).To);
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
            Assert.That(bills[0].Usage + bills[1].Usage, Is.EqualTo(december - october), "December's actual read trues November's estimate up exactly");
        });
    }

    /// <summary>A register meter's first month (no dial read before it) is held, and the reason says which read is missing — not "no reads".</summary>
    [Test]
    public async Task A_register_meter_without_a_read_before_its_period_is_held_saying_which_read_it_needs()
    {
        using var utility = await DemoUtility.CreateAsync("first-month", 30, 1);
        await CliRunner.JsonAsync(utility.Folder, "billrun", "--cycle", "2025-01");

        var registerBills = TestDb.Query(utility.Folder,
            "SELECT b.status, b.hold_reason FROM bills AS b JOIN premises AS p ON p.account_id = b.account_id JOIN meters AS m ON m.meter_id = p.meter_id " +
            "WHERE lower(m.kind) = 'register'", r => (Status: r.GetString(0), Reason: r.IsDBNull(1) ? "" : r.GetString(1)));
        // Most of them: a meter on a route whose first read falls within the read tolerance of its period's start is billed.
        var held = registerBills.Where(b => b.Status == "Held").Select(b => b.Reason).ToList();
        Assert.That(held, Has.Count.GreaterThan(registerBills.Count / 2), "the demo's register meters have no read before January");
        Assert.That(held, Has.All.StartWith("cannot_bill: register meter ").And.All.Contains("needs a dial read in the 45 days up to the period's start"));
        // The period in the words an operator reads: its first and last day.
        Assert.That(held, Has.All.Match(@"cannot be billed for 2025-01 \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)"));

        // Approving one by hand is refused, saying why and what to do instead; the bill stays held.
        var heldAccount = TestDb.Query(utility.Folder, "SELECT account_id FROM bills WHERE status = 'Held' AND hold_reason LIKE 'cannot_bill: register meter %' ORDER BY account_id",
            r => r.GetString(0))[0];
        var approve = await CliRunner.RunAsync(utility.Folder, "billrun", "approve", "--cycle", "2025-01", "--account", heldAccount);
        Assert.That(approve.ExitCode, Is.EqualTo(1), approve.ToString());
        Assert.That(approve.Stderr, Does.Contain($"account {heldAccount}'s bill for 2025-01 could not be billed, so it cannot be approved: register meter ")
            .And.Contain("Fix the cause and run `billrun --cycle 2025-01` again."));
        Assert.That(TestDb.Query(utility.Folder, $"SELECT status FROM bills WHERE account_id = '{heldAccount}'", r => r.GetString(0)), Is.EqualTo(new[] { "Held" }));
    }
}
