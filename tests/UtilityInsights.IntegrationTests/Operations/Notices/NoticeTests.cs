using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Statements;

namespace UtilityInsights.IntegrationTests.Operations.Notices;

/// <summary><c>notices run</c> on a small sample utility whose last month is billed and issued, in a real SQLite file.</summary>
public class NoticeTests
{
    private const int Homes = 40;
    private string folder = null!;
    private JsonElement first;
    private JsonElement firstAgain;
    private JsonElement tooEarlyForSecond;
    private JsonElement second;
    private string paidAccount = null!;
    private string partlyPaidAccount = null!;

    [OneTimeSetUp]
    public async Task IssueAMonthAndRunNoticesAsync()
    {
        folder = Directory.CreateTempSubdirectory("ui-notices-").FullName;
        Assert.That((await CliRunner.RunAsync(folder, "demo", "--premises", Homes.ToString(CultureInfo.InvariantCulture), "--months", "3", "--print-format", "html")).ExitCode, Is.EqualTo(0));
        await JsonAsync("billrun", "approve", "--cycle", "2025-03", "--all-held");
        // demo issued its month already (print batch as HTML); this issues whatever it left held and approved.
        await JsonAsync("billrun", "issue", "--cycle", "2025-03", "--print-format", "html");
        // One customer pays the whole bill before the reminders: no reminder for them.
        var (account, total) = IssuedBills()[0];
        paidAccount = account;
        var payments = Path.Combine(folder, "payments.csv");
        // Another pays $20.00 of theirs: their reminder thanks them for it and asks for the rest.
        partlyPaidAccount = TestDb.Query(folder, "SELECT account_id FROM bills WHERE cycle = '2025-03' AND status = 'Issued' AND total >= 5000 AND account_id <> @Paid " +
            "ORDER BY account_id", r => r.GetString(0), ("@Paid", account))[0];
        await File.WriteAllTextAsync(payments, $"account_id,paid_at,amount,method,reference\n{account},2026-11-01,{total / 100m:0.00},card,PAY-1\n" +
            $"{partlyPaidAccount},2026-12-20,20.00,card,PAY-2\n");
        await JsonAsync("payments", "import", payments);

        // Paper customers' notices are printed too when Chromium is installed (.ci/run installs it).
        var print = UtilityInsights.Printing.PdfPrinter.FindChromium() is null ? "html" : "pdf";
        // This utility charges $2.50 plus 1.5 % of the overdue balance for late payment.
        string[] lateFee = ["--late-fee", "2.50", "--late-fee-percent", "1.5", "--print-format", print];
        first = await JsonAsync(["notices", "run", "--as-of", "2027-01-05", .. lateFee]);
        firstAgain = await JsonAsync(["notices", "run", "--as-of", "2027-01-05", .. lateFee]);
        tooEarlyForSecond = await JsonAsync(["notices", "run", "--as-of", "2027-01-12", .. lateFee]);
        second = await JsonAsync(["notices", "run", "--as-of", "2027-01-20", .. lateFee]);
    }

    [OneTimeTearDown]
    public void RemoveSampleUtility()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<JsonElement> JsonAsync(params string[] args) => CliRunner.JsonAsync(folder, args);

    private List<(string Account, long Total)> IssuedBills() =>
        TestDb.Query(folder, "SELECT account_id, total FROM bills WHERE cycle = '2025-03' AND status = 'Issued' AND total >= 50000 ORDER BY account_id",
            r => (r.GetString(0), r.GetInt64(1)));

    private long NoticeCount() => TestDb.Query(folder, "SELECT COUNT(*) FROM notices", r => r.GetInt64(0))[0];

    [Test]
    public async Task The_paper_bills_are_printed_into_one_batch_PDF_with_every_bill_listed_in_the_manifest()
    {
        if (UtilityInsights.Printing.PdfPrinter.FindChromium() is null)
            Assert.Ignore("Chromium is not installed (apt-get install chromium).");
        // Another month, issued after the notices were run, so that they are not affected.
        await JsonAsync("billrun", "--cycle", "2025-01", "--hold-ceiling", "100000");
        await JsonAsync("billrun", "issue", "--cycle", "2025-01", "--out", "pdf-delivery");
        var print = Path.Combine(folder, "pdf-delivery", "2025-01", "print");
        var manifest = File.ReadAllLines(Path.Combine(print, "manifest.csv")).Skip(1).ToList();
        var pdfs = Directory.GetFiles(print, "*.pdf");

        Assert.Multiple(() =>
        {
            Assert.That(manifest, Is.Not.Empty);
            Assert.That(pdfs.Select(Path.GetFileName), Is.EqualTo(new[] { "statements-0001.pdf" }), "fewer than 500 statements: one batch");
            Assert.That(manifest.All(line => line.Contains(",statements-0001.pdf,", StringComparison.Ordinal)));
            Assert.That(pdfs.All(p => File.ReadAllBytes(p).AsSpan(0, 5).SequenceEqual("%PDF-"u8)));
            Assert.That(Directory.GetFiles(print, "*.partial"), Is.Empty);
        });
    }

    [Test]
    public void Every_overdue_balance_gets_one_first_reminder_and_a_paid_one_none()
    {
        var issued = IssuedBills().Count;
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("first_reminders").GetInt32(), Is.GreaterThan(0));
            Assert.That(first.GetProperty("overdue").GetInt32(), Is.EqualTo(first.GetProperty("first_reminders").GetInt32()));
            Assert.That(first.GetProperty("overdue").GetInt32(), Is.LessThan(first.GetProperty("checked").GetInt32()), "the account that paid is not overdue");
            Assert.That(File.Exists(Path.Combine(folder, "out", "notices", paidAccount, "2025-03-reminder.txt")), Is.False, "no reminder to a customer who paid");
            Assert.That(issued, Is.GreaterThan(0));
        });
    }

    [Test]
    public void A_configured_late_payment_charge_is_made_once_per_overdue_bill_with_its_first_reminder()
    {
        var fees = TestDb.Query(folder, "SELECT e.bill_id, e.account_id, e.amount, n.amount FROM ledger_entries AS e " +
            "JOIN notices AS n ON n.bill_id = e.bill_id AND n.stage = 'FirstReminder' WHERE e.kind = 'LateFee' ORDER BY e.bill_id",
            r => (Bill: r.GetString(0), Account: r.GetString(1), Fee: r.GetInt64(2) / 100m, Reminded: r.GetInt64(3) / 100m));
        var reminders = first.GetProperty("first_reminders").GetInt32();

        Assert.Multiple(() =>
        {
            Assert.That(fees, Has.Count.EqualTo(reminders), "one charge per bill reminded, none for the bill that was paid");
            Assert.That(first.GetProperty("late_fees").GetInt32(), Is.EqualTo(reminders));
            Assert.That(first.GetProperty("late_fee_total").GetDecimal(), Is.EqualTo(fees.Sum(f => f.Fee)));
            Assert.That(firstAgain.GetProperty("late_fees").GetInt32() + tooEarlyForSecond.GetProperty("late_fees").GetInt32() + second.GetProperty("late_fees").GetInt32(),
                Is.EqualTo(0), "never charged again: not on a re-run, not with the second notice");
            Assert.That(fees.Select(f => f.Account), Does.Not.Contain(paidAccount));
            // The reminder asks for the balance with the charge; the charge is $2.50 + 1.5 % of the balance without it.
            Assert.That(fees.All(f => f.Fee == decimal.Round(2.50m + (f.Reminded - f.Fee) * 0.015m, 2, MidpointRounding.AwayFromZero)), Is.True);
            var (bill, account, fee, _) = fees[0];
            var text = File.ReadAllText(Path.Combine(folder, "out", "notices", account, $"{UtilityInsights.Billing.BillIds.CycleOf(bill)}-reminder.txt"));
            Assert.That(text, Does.Contain(fee.ToString("0.00", CultureInfo.InvariantCulture)).And.Contain("late payment charge").Or.Contain("cargo por pago atrasado"));
        });
    }

    [Test]
    public void An_AutoPay_customers_first_reminder_says_the_banks_payment_did_not_come_not_that_they_forgot()
    {
        var reminded = TestDb.Query(folder, "SELECT n.account_id, a.autopay, a.language FROM notices AS n JOIN accounts AS a ON a.account_id = n.account_id " +
            "WHERE n.stage = 'FirstReminder' ORDER BY n.account_id", r => (Account: r.GetString(0), AutoPay: r.GetInt64(1) == 1, Language: r.GetString(2)));
        string Letter(string account) => File.ReadAllText(OutputPaths.Inside(folder, "out", "notices", account, "2025-03-reminder.txt"));
        string Sms(string account) => File.ReadAllText(OutputPaths.Inside(folder, "out", "notices", account, "2025-03-reminder.sms.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(reminded.Where(r => r.AutoPay), Is.Not.Empty, "the sample has AutoPay customers with a bill past due");
            foreach (var (account, autoPay, language) in reminded)
            {
                var (intro, sms) = (autoPay, language) switch
                {
                    (true, "es") => ("El pago automático de su factura de marzo de 2025", "el pago automatico de mar"),
                    (true, _) => ("Your AutoPay payment for your March 2025 bill", "your AutoPay payment for Mar 2025 ("),
                    (false, "es") => ("Sabemos que a veces se pasa", "le recordamos su saldo"),
                    _ => ("We know things slip by", "a reminder: your Mar 2025 balance"),
                };
                Assert.That(Letter(account), Does.Contain(intro), account);
                Assert.That(Sms(account), Does.Contain(sms).And.Not.Contain("..."), account);
            }
        });
    }

    /// <summary>
    /// February billed and issued, a reminder with a late payment charge at the end of February, then March billed: the March
    /// statement (dated after the charge) shows it on its own line and in the amount due. A statement dated before a charge does not.
    /// </summary>
    [Test]
    public async Task A_statement_drawn_after_a_late_payment_charge_shows_it_on_its_own_line_and_adds_it_to_the_amount_due()
    {
        using var utility = await DemoUtility.CreateAsync("late-fee", 30, 3);
        var dir = utility.Folder;
        await CliRunner.JsonAsync(dir, "billrun", "--cycle", "2025-02", "--hold-ceiling", "100000");
        await CliRunner.JsonAsync(dir, "billrun", "issue", "--cycle", "2025-02", "--print-format", "html");
        await CliRunner.JsonAsync(dir, "notices", "run", "--as-of", "2025-02-28", "--first-after", "1", "--late-fee", "2.50", "--print-format", "html");
        await CliRunner.JsonAsync(dir, "billrun", "--cycle", "2025-03", "--hold-ceiling", "100000");
        // An English customer charged for paying February late, whose March statement is dated after the charge.
        var (account, fee) = TestDb.Query(dir, """
            SELECT e.account_id, e.amount FROM ledger_entries AS e JOIN accounts AS a ON a.account_id = e.account_id
            JOIN bills AS b ON b.account_id = e.account_id AND b.cycle = '2025-03'
            WHERE e.kind = 'LateFee' AND a.language = 'en' AND b.period_end > '2025-02-28' ORDER BY e.account_id
            """, r => (r.GetString(0), r.GetInt64(1) / 100m))[0];
        var rendered = Path.Combine(dir, "late-fee");
        foreach (var format in new[] { "text", "html" })
        {
            var result = await CliRunner.RunAsync(dir, "statements", "render", "--account", account, "--cycle", "2025-03", "--format", format,
                "--out", $"{rendered}.{format}");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        }
        var text = await File.ReadAllTextAsync(rendered + ".text");
        var html = await File.ReadAllTextAsync(rendered + ".html");
        // February's statement built again now, with the charge on the ledger: dated before it, it does not show it.
        var again = await CliRunner.RunAsync(dir, "statements", "render", "--account", account, "--cycle", "2025-02", "--format", "text", "--out", "february.txt", "--preview");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        var february = await File.ReadAllTextAsync(Path.Combine(dir, "february.txt"));
        decimal Amount(string label) => decimal.Parse(text.Split('\n').Last(l => l.StartsWith(label, StringComparison.Ordinal)).Split(": ")[1]
            .Replace("−", "-", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(fee, Is.EqualTo(2.50m));
            Assert.That(Amount("Late payment charge"), Is.EqualTo(fee));
            Assert.That(Amount("Amount due"), Is.EqualTo(Amount("New charges") + Amount("Previous balance") + Amount("Payments received") + Amount("Late payment charge")),
                "every line of the summary adds up to the amount due");
            Assert.That(html, Does.Contain("Late payment charge (as your terms of service set out)</th>"));
            Assert.That(february, Does.Not.Contain("Late payment charge"), "February's statement is dated before the charge");
        });
    }

    [Test]
    public void Running_again_sends_nothing_twice_and_a_second_notice_waits_for_its_turn()
    {
        Assert.Multiple(() =>
        {
            Assert.That(firstAgain.GetProperty("first_reminders").GetInt32() + firstAgain.GetProperty("second_notices").GetInt32(), Is.EqualTo(0));
            Assert.That(tooEarlyForSecond.GetProperty("second_notices").GetInt32(), Is.EqualTo(0), "a week after the first reminder is too early for a second notice");
            Assert.That(second.GetProperty("second_notices").GetInt32(), Is.EqualTo(first.GetProperty("first_reminders").GetInt32()));
            Assert.That(NoticeCount(), Is.EqualTo(2 * first.GetProperty("first_reminders").GetInt32()), "one notice per bill and stage");
        });
    }

    [Test]
    public void A_reminder_is_dated_lists_each_unpaid_bill_thanks_for_a_partial_payment_and_a_second_notice_is_no_second_fee()
    {
        var notices = Path.Combine(folder, "out", "notices");
        var reminder = File.ReadAllText(StatementFiles.For(notices, new AccountId(partlyPaidAccount), "2025-03-reminder", "txt"));
        var secondNotice = File.ReadAllText(StatementFiles.For(notices, new AccountId(partlyPaidAccount), "2025-03-second-notice", "txt"));
        var spanish = reminder.Contains("Estimado/a", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(reminder, Does.Contain(spanish ? "Fecha: 5 de enero de 2027" : "Date: January 5, 2027"));
            Assert.That(secondNotice, Does.Contain(spanish ? "Fecha: 20 de enero de 2027" : "Date: January 20, 2027"));
            Assert.That(reminder, Does.Match(spanish ? @"- factura de marzo de 2025 \(\$[\d,.]+\)" : @"- March 2025 bill \(\$[\d,.]+\)"), "each unpaid bill with its amount");
            Assert.That(reminder, Does.Contain(spanish ? "Gracias por su pago de $20.00 el 20 de diciembre de 2026" : "Thank you for your payment of $20.00 on December 20, 2026"));
            Assert.That(secondNotice, Does.Contain(spanish ? "no una factura nueva" : "not a new bill"));
            Assert.That(secondNotice, Does.Contain(spanish ? "No se ha añadido ningún otro cargo" : "No further charge has been added"), "the first reminder's charge is not a second fee");
        });
    }

    [Test]
    public void Notices_are_courteous_offer_a_plan_and_help_and_never_threaten()
    {
        var files = Directory.GetFiles(Path.Combine(folder, "out", "notices"), "*.*", SearchOption.AllDirectories);
        var notices = files.Where(f => (f.EndsWith(".txt", StringComparison.Ordinal) && !f.EndsWith(".sms.txt", StringComparison.Ordinal))
            || f.EndsWith(".html", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        var texts = files.Where(f => f.EndsWith(".sms.txt", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        string[] threats = ["disconnect", "shut off", "shutoff", "terminat", "legal action", "collection agenc", "penalt", "suspen", "desconex", "corte del servicio", "acción legal", "cobranza"];

        Assert.That(notices, Is.Not.Empty);
        Assert.That(texts, Has.Count.EqualTo(notices.Count / 2), "a text message beside each letter");
        Assert.Multiple(() =>
        {
            foreach (var text in texts)
            {
                Assert.That(threats.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)), Is.Empty);
                Assert.That(SmsText.IsGsm7(text) && SmsText.Septets(text) <= 160, Is.True, $"one GSM 7-bit message: {text}");
                Assert.That(text, Does.Contain("$").And.Contain("1-800").And.EndWith(" example.com/account"), "the amount, the number to call and the whole link");
                Assert.That(text, Does.Contain("Thank you").Or.Contain("payment plan").Or.Contain("Gracias").Or.Contain("plan de pagos"));
            }
            foreach (var notice in notices)
            {
                Assert.That(threats.Where(w => notice.Contains(w, StringComparison.OrdinalIgnoreCase)), Is.Empty);
                Assert.That(notice, Does.Contain("payment plan").Or.Contain("plan de pagos"));
                Assert.That(notice, Does.Contain("LIHEAP"));
                Assert.That(notice, Does.Contain("Thank you").Or.Contain("gracias").Or.Contain("Gracias"));
            }
            Assert.That(notices.Any(n => n.Contains("Estimado/a", StringComparison.Ordinal)), "Spanish-speaking customers get Spanish notices");
            Assert.That(File.Exists(Path.Combine(folder, "out", "notices", "notices-2027-01-05.csv")));
        });
        if (UtilityInsights.Printing.PdfPrinter.FindChromium() is null)
            return;
        var listed = File.ReadAllLines(Path.Combine(folder, "out", "notices", "notices-2027-01-05.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(listed.Where(f => f[3] is "paper" or "both").All(f => f[8].EndsWith(".pdf", StringComparison.Ordinal)
                && File.Exists(Path.Combine(folder, "out", "notices", f[8]))), "every paper customer's notice is printed");
            Assert.That(listed.Where(f => f[3] == "email").All(f => f[8].Length == 0), "email-only customers get no paper");
            Assert.That(listed.Where(f => f[9].Length > 0).All(f => File.Exists(Path.Combine(folder, "out", "notices", f[10]))), "customers with a phone are listed with their text");
        });
    }
}
