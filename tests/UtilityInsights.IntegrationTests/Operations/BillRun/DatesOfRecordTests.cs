using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// Issue 15, step 2.2: billing three past months in a row today gives the bills and ledger of
/// billing each on its own date — the wall clock decides nothing a bill says.
/// </summary>
public class DatesOfRecordTests
{
    [Test]
    public async Task Three_past_months_billed_today_post_on_their_statement_dates_show_each_payment_once_and_fall_due_on_time()
    {
        using var utility = await DemoUtility.CreateAsync("dates", 40, 13, train: true);
        var folder = utility.Folder;
        string? payer = null;
        foreach (var cycle in new[] { "2025-11", "2025-12", "2026-01" })
        {
            await CliRunner.JsonAsync(folder, "billrun", "--cycle", cycle);
            await CliRunner.JsonAsync(folder, "billrun", "issue", "--cycle", cycle, "--print-format", "html");
            if (cycle == "2025-11")
            {
                payer = TestDb.Query(folder, "SELECT b.account_id FROM bills AS b JOIN accounts AS a ON a.account_id = b.account_id WHERE b.cycle = '2025-11' AND b.status = 'Issued' AND a.language = 'en' ORDER BY b.account_id", r => r.GetString(0))[0];
                await File.WriteAllTextAsync(Path.Combine(folder, "pay.csv"), $"account_id,paid_at,amount,method,reference\n{payer},2025-12-20T10:00:00-05:00,30.00,card,DEC-20\n");
                Assert.That((await CliRunner.RunAsync(folder, "payments", "import", "pay.csv")).ExitCode, Is.EqualTo(0));
            }
        }
        var notices = await CliRunner.JsonAsync(folder, "notices", "run", "--as-of", "2026-01-05", "--print-format", "html");

        var posted = TestDb.Query(folder, "SELECT DISTINCT substr(reference, 3, 7), posted_at FROM ledger_entries WHERE kind = 'Charge' ORDER BY 1",
            r => (r.GetString(0), r.GetString(1)));
        var issued = TestDb.Query(folder, "SELECT DISTINCT cycle, issued_at FROM bills WHERE status = 'Issued' ORDER BY 1", r => (r.GetString(0), r.GetString(1)));
        string Line(string cycle, string label) => File.ReadAllLines(Path.Combine(folder, "out", "statements", payer!, cycle + ".txt"))
            .Last(l => l.StartsWith(label, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(posted, Is.EqualTo(new[] { ("2025-11", "2025-12-01T00:00:00.0000000Z"), ("2025-12", "2026-01-01T00:00:00.0000000Z"), ("2026-01", "2026-02-01T00:00:00.0000000Z") }),
                "each cycle's charges are posted on its statement date, not today");
            Assert.That(issued.Select(i => i.Item2), Is.EqualTo(posted.Select(p => p.Item2)));
            Assert.That(Line("2025-12", "Payments received"), Does.Contain("30.00"), "the December statement thanks the customer for the December 20 payment");
            Assert.That(Line("2026-01", "Payments received"), Does.Not.Contain("30.00"), "and only that statement");
            Assert.That(notices.GetProperty("overdue").GetInt32(), Is.GreaterThan(0), "November's bills, due December 22, are overdue on January 5");
            Assert.That(notices.GetProperty("first_reminders").GetInt32(), Is.GreaterThan(0));
        });
    }
}
