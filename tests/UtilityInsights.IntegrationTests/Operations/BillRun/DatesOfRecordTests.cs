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
        // Two customers pay on December 20th: one whose route is read in December after that (its December statement is dated later),
        // one whose route is read before it (its December statement is dated earlier: the payment is the January statement's).
        string Payer(string readDates) => TestDb.Query(folder, $"""
            SELECT a.account_id FROM accounts AS a JOIN route_read_dates AS d ON d.route = a.cycle
            WHERE a.language = 'en' AND d.read_date >= '2025-12-01' AND d.read_date < '2026-01-01' AND {readDates} ORDER BY a.account_id
            """, r => r.GetString(0))[0];
        var (late, early) = (Payer("d.read_date >= '2025-12-21'"), Payer("d.read_date <= '2025-12-19'"));
        foreach (var cycle in new[] { "2025-11", "2025-12", "2026-01" })
        {
            await CliRunner.JsonAsync(folder, "billrun", "--cycle", cycle);
            await CliRunner.JsonAsync(folder, "billrun", "issue", "--cycle", cycle, "--print-format", "html");
            if (cycle == "2025-11")
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "pay.csv"),
                    $"account_id,paid_at,amount,method,reference\n{late},2025-12-20T10:00:00-05:00,30.00,card,DEC-20-A\n{early},2025-12-20T10:00:00-05:00,30.00,card,DEC-20-B\n");
                Assert.That((await CliRunner.RunAsync(folder, "payments", "import", "pay.csv")).ExitCode, Is.EqualTo(0));
            }
        }
        // A third customer's November bill — the one its reminder of January 5th is about (its December bill not yet due) — is
        // corrected today, long after its statement date, and the corrected bill issued.
        var corrected = TestDb.Query(folder, $"""
            SELECT b.account_id FROM bills AS b WHERE b.cycle = '2025-11' AND b.status = 'Issued' AND b.due_date < '2026-01-05'
              AND NOT EXISTS (SELECT 1 FROM bills AS d WHERE d.account_id = b.account_id AND d.cycle = '2025-12' AND d.due_date < '2026-01-05')
              AND b.account_id NOT IN ('{late}', '{early}') ORDER BY b.account_id
            """, r => r.GetString(0))[0];
        await CliRunner.JsonAsync(folder, "billrun", "rebill", "--account", corrected, "--cycle", "2025-11");
        await CliRunner.JsonAsync(folder, "billrun", "issue", "--cycle", "2025-11", "--print-format", "html");
        var notices = await CliRunner.JsonAsync(folder, "notices", "run", "--as-of", "2026-01-05", "--print-format", "html");

        // Each bill's charge is posted on its own statement date — its period's end, the route's read — not the cycle's and not today.
        var charges = TestDb.Query(folder, """
            SELECT b.period_end, b.issued_at, l.posted_at FROM bills AS b JOIN ledger_entries AS l ON l.reference = b.bill_id AND l.kind = 'Charge'
            WHERE b.status = 'Issued'
            """, r => (End: r.GetString(0), Issued: r.GetString(1), Posted: r.GetString(2)));
        string Line(string account, string cycle, string label) =>
            File.ReadAllLines(UtilityInsights.Operations.Issue.StatementFiles.For(Path.Combine(folder, "out", "statements"), new UtilityInsights.Domain.AccountId(account), cycle, "txt"))
            .Last(l => l.StartsWith(label, StringComparison.Ordinal));
        var correctedBill = $"B-2025-11-{corrected}-2";
        var correctedTotal = TestDb.Query(folder, "SELECT total FROM bills WHERE bill_id = $b AND status = 'Issued'", r => r.GetInt64(0), ("$b", correctedBill)).Single();
        // What its reminder asks for, less the late payment charge the reminder adds.
        var reminded = TestDb.Query(folder, "SELECT n.amount - COALESCE((SELECT l.amount FROM ledger_entries AS l WHERE l.reference = $fee), 0) FROM notices AS n WHERE n.bill_id = $b",
            r => r.GetInt64(0), ("$b", correctedBill), ("$fee", UtilityInsights.Billing.AccountBalance.LateFeeReference(correctedBill)));
        Assert.Multiple(() =>
        {
            Assert.That(reminded, Is.EqualTo(new[] { correctedTotal }),
                "the reminder of a bill corrected after the reminder's date asks for the corrected bill once, not with the one it replaced");
            Assert.That(charges, Has.Count.GreaterThan(100));
            Assert.That(charges.Where(c => c.Posted != c.End + "T00:00:00.0000000Z" || c.Issued != c.Posted), Is.Empty,
                "each bill's charge is posted, and the bill issued, on its statement date");
            Assert.That(charges.Select(c => c.End).Distinct().Count(), Is.GreaterThan(3), "routes' statement dates, not one date a cycle");
            Assert.That(Line(late, "2025-12", "Payments received"), Does.Contain("30.00"), "a December statement dated after December 20th thanks the customer");
            Assert.That(Line(late, "2026-01", "Payments received"), Does.Not.Contain("30.00"), "and only that statement");
            Assert.That(Line(early, "2025-12", "Payments received"), Does.Not.Contain("30.00"), "one dated before it does not list it, composed later or not");
            Assert.That(Line(early, "2026-01", "Payments received"), Does.Contain("30.00"), "the next one does, once");
            Assert.That(notices.GetProperty("overdue").GetInt32(), Is.GreaterThan(0), "November's bills, due in December, are overdue on January 5");
            Assert.That(notices.GetProperty("first_reminders").GetInt32(), Is.GreaterThan(0));
        });
    }
}
