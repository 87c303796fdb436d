using System.Text.Json;
using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary><c>billrun</c> on a sample utility in a real SQLite file, through the command line.</summary>
public class BillRunTests
{
    /// <summary>Enough homes for a dozen with solar panels.</summary>
    private const int Homes = 300;
    private string folder = null!;

    [OneTimeSetUp]
    public async Task CreateSampleUtilityAsync()
    {
        folder = Directory.CreateTempSubdirectory("ui-billrun-").FullName;
        Assert.That((await CliRunner.RunAsync(folder, "demo", "--premises", Homes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--months", "13", "--prepare-only")).ExitCode, Is.EqualTo(0));
        Assert.That((await CliRunner.RunAsync(folder, "cohorts", "train")).ExitCode, Is.EqualTo(0));
    }

    [OneTimeTearDown]
    public void RemoveSampleUtility()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<JsonElement> JsonAsync(params string[] args) => CliRunner.JsonAsync(folder, args);

    private List<(string BillId, string Status, long Total, string? Reason)> Bills(string cycle) =>
        TestDb.Query(folder, "SELECT bill_id, status, total, hold_reason FROM bills WHERE cycle = $cycle ORDER BY bill_id",
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.NullableString(3)), ("$cycle", cycle));

    [Test]
    public async Task Every_account_due_is_billed_or_held_once_with_statements_and_running_again_changes_nothing()
    {
        var run = await JsonAsync("billrun", "--cycle", "2026-01");
        var before = Bills("2026-01");
        var status = await JsonAsync("billrun", "status", "--cycle", "2026-01");
        var again = await JsonAsync("billrun", "--cycle", "2026-01");
        var after = Bills("2026-01");

        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("accounts_due").GetInt32(), Is.EqualTo(Homes));
            Assert.That(run.GetProperty("billed").GetInt32() + run.GetProperty("held").GetInt32(), Is.EqualTo(Homes));
            Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(Homes * 3 / 4), "most sample accounts can be billed");
            Assert.That(before, Has.Count.EqualTo(Homes), "one bill per account");
            Assert.That(status.GetProperty("billed").GetInt32(), Is.EqualTo(before.Count(b => b.Status == "Draft")));
            Assert.That(status.GetProperty("held").GetInt32(), Is.EqualTo(before.Count(b => b.Status == "Held")));
            Assert.That(status.GetProperty("total_amount").GetDecimal(), Is.EqualTo(before.Where(b => b.Status == "Draft").Sum(b => b.Total) / 100m));
            Assert.That(again.GetProperty("billed").GetInt32(), Is.EqualTo(0));
            Assert.That(after.Where(b => b.Reason?.StartsWith("cannot_bill", StringComparison.Ordinal) != true),
                Is.EqualTo(before.Where(b => b.Reason?.StartsWith("cannot_bill", StringComparison.Ordinal) != true)), "a finished cycle is left as it was");
            Assert.That(after, Has.Count.EqualTo(Homes));
        });
        // Every rated bill keeps what its charges were computed from; its kWh by period add up to its total.
        var determinants = TestDb.Query(folder, "SELECT determinants, period_start, period_end FROM bills WHERE cycle = '2026-01' " +
            "AND (hold_reason IS NULL OR hold_reason NOT LIKE 'cannot_bill%')",
            r => (Json: r.NullableString(0), Days: DateOnly.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture).DayNumber
                - DateOnly.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture).DayNumber));
        Assert.That(determinants, Has.Count.GreaterThan(Homes * 3 / 4));
        foreach (var (json, days) in determinants)
        {
            Assert.That(json, Is.Not.Null);
            var stored = JsonDocument.Parse(json!).RootElement;
            // The sample bills on 21 meter-reading routes: each bill's own period, 26 to 35 days.
            Assert.That(stored.GetProperty("Days").GetInt32(), Is.EqualTo(days).And.InRange(26, 35));
            Assert.That(stored.GetProperty("KwhByPeriod").EnumerateArray().Sum(p => p.GetDecimal()), Is.EqualTo(stored.GetProperty("TotalKwh").GetDecimal()));
        }
        var intervalMetered = TestDb.Query(folder, "SELECT p.account_id FROM premises AS p JOIN meters AS m ON m.meter_id = p.meter_id WHERE lower(m.kind) = 'interval'",
            r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
        foreach (var bill in before.Where(b => b.Status == "Draft"))
        {
            var account = bill.BillId.Split('-', 4)[3][..^2];
            var html = await File.ReadAllTextAsync(Path.Combine(folder, "out", "statements", account, "2026-01.html"));
            Assert.That(html, Does.Contain(account));
            var text = await File.ReadAllLinesAsync(Path.Combine(folder, "out", "statements", account, "2026-01.txt"));
            var usage = text.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(Your usage|Su consumo): ([\d,]+) kWh")).First(m => m.Success).Groups[2].Value;
            var history = text.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(Monthly usage|Consumo mensual): (?:.*, )?\S+ ([\d,]+) kWh(?: \([^)]*\))*\.$")).First(m => m.Success).Groups[2].Value;
            Assert.That(history, Is.EqualTo(usage), $"{account}: the history's last month is this bill's usage (solar homes too)");
            // A meter read monthly on its route was first read on January 1st, 2025, then on its route's January day: no read a
            // year ago covers a whole period to compare with. Interval meters have every hour of last January.
            if (intervalMetered.Contains(account))
            {
                Assert.That(text, Has.Some.Match("Compared with the same month last year: |Comparado con el mismo mes del año pasado: "),
                    $"{account}: January is explained against last January too");
            }
        }
    }

    [Test]
    public async Task A_bill_above_the_ceiling_is_held_with_its_reason_and_the_rest_are_ready()
    {
        var run = await JsonAsync("billrun", "--cycle", "2025-12", "--hold-ceiling", "120");
        var status = await JsonAsync("billrun", "status", "--cycle", "2025-12");
        var bills = Bills("2025-12");

        var aboveCeiling = bills.Where(b => b.Reason?.StartsWith("total_above_ceiling:", StringComparison.Ordinal) == true).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(aboveCeiling, Is.Not.Empty);
            Assert.That(aboveCeiling.All(b => b.Total > 120_00 && b.Status == "Held"));
            Assert.That(bills.Where(b => b.Status == "Draft").All(b => b.Total <= 120_00));
            Assert.That(status.GetProperty("held_by_reason").GetProperty("total_above_ceiling").GetInt32(), Is.EqualTo(aboveCeiling.Count));
            Assert.That(run.GetProperty("held").GetInt32(), Is.EqualTo(bills.Count(b => b.Status == "Held")));
        });
    }

    [Test]
    public async Task Issuing_delivers_by_channel_posts_each_charge_once_and_leaves_unapproved_holds_alone()
    {
        await JsonAsync("billrun", "--cycle", "2025-11", "--hold-ceiling", "120");
        var held = Bills("2025-11").Where(b => b.Reason?.StartsWith("total_above_ceiling:", StringComparison.Ordinal) == true).ToList();
        Assert.That(held, Has.Count.GreaterThanOrEqualTo(2), "the sample has bills above $120 in November");
        var approvedAccount = held[0].BillId.Split('-', 4)[3][..^2];

        var approved = await JsonAsync("billrun", "approve", "--cycle", "2025-11", "--account", approvedAccount);
        var issued = await JsonAsync("billrun", "issue", "--cycle", "2025-11", "--print-format", "html");
        var again = await JsonAsync("billrun", "issue", "--cycle", "2025-11", "--print-format", "html");
        var status = await JsonAsync("billrun", "status", "--cycle", "2025-11");
        var bills = Bills("2025-11");
        var rerendered = Path.Combine(folder, "rerendered.txt");
        var render = await CliRunner.RunAsync(folder, "statements", "render", "--account", approvedAccount, "--cycle", "2025-11", "--format", "text", "--out", rerendered);

        var issuedBills = bills.Where(b => b.Status == "Issued").ToList();
        var (charges, charged) = TestDb.Query(folder, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM ledger_entries WHERE kind = 'Charge' AND reference LIKE 'B-2025-11-%'",
            r => (r.GetInt64(0), r.GetInt64(1)))[0];
        var outbox = File.ReadAllLines(Path.Combine(folder, "out", "delivery", "2025-11", "email", "outbox.csv"));
        var manifest = File.ReadAllLines(Path.Combine(folder, "out", "delivery", "2025-11", "print", "manifest.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(approved.GetProperty("approved").GetInt32(), Is.EqualTo(1));
            Assert.That(issued.GetProperty("issued").GetInt32(), Is.EqualTo(issuedBills.Count));
            Assert.That(issuedBills.Select(b => b.BillId), Does.Contain(held[0].BillId), "the approved bill is issued");
            Assert.That(issuedBills.Select(b => b.BillId), Does.Not.Contain(held[1].BillId), "a bill still held is not");
            Assert.That(again.GetProperty("issued").GetInt32(), Is.EqualTo(0));
            Assert.That(charges, Is.EqualTo(issuedBills.Count), "one charge per issued bill");
            Assert.That(charged, Is.EqualTo(issuedBills.Sum(b => b.Total)), "the ledger holds exactly the issued totals");
            Assert.That(status.GetProperty("issued").GetInt32(), Is.EqualTo(issuedBills.Count));
            Assert.That(outbox.Length - 1 + manifest.Length - 1, Is.GreaterThanOrEqualTo(issuedBills.Count), "every issued bill is delivered at least once");
            Assert.That(render.ExitCode, Is.EqualTo(0), render.ToString());
            Assert.That(File.ReadAllText(rerendered), Is.EqualTo(File.ReadAllText(Path.Combine(folder, "out", "statements", approvedAccount, "2025-11.txt"))),
                "once issued, the statement still shows the same balance: its own charge is not counted twice");
            Assert.That(File.Exists(Path.Combine(folder, "out", "delivery", "2025-11", "print", $"{approvedAccount}.html"))
                || File.Exists(Path.Combine(folder, "out", "delivery", "2025-11", "email", $"{approvedAccount}.html")));
        });
    }

    [Test]
    public async Task Consecutive_statements_never_repeat_a_tip_and_explain_weather_in_the_customer_s_language()
    {
        await JsonAsync("billrun", "--cycle", "2025-09", "--hold-ceiling", "100000");
        await JsonAsync("billrun", "--cycle", "2025-10", "--hold-ceiling", "100000");
        var september = Tips("2025-09");
        var october = Tips("2025-10");
        var both = september.Keys.Intersect(october.Keys).ToList();
        var statements = Directory.GetFiles(Path.Combine(folder, "out", "statements"), "2025-10.txt", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        var spanish = statements.Where(s => s.Contains("Su consumo", StringComparison.Ordinal)).ToList();
        var summaries = Directory.GetFiles(Path.Combine(folder, "out", "statements"), "2025-10.sms.txt", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(both, Has.Count.GreaterThan(Homes / 2), "most accounts have a statement with tips in both months");
            foreach (var account in both)
                Assert.That(october[account].Intersect(september[account]), Is.Empty, $"{account}: a tip shown in September is not shown again in October");
            Assert.That(statements.Count(s => s.Contains(" weather (", StringComparison.Ordinal) || s.Contains("Clima m", StringComparison.Ordinal)),
                Is.GreaterThan(statements.Count / 2), "with degree days imported, most bills show what the weather did");
            Assert.That(spanish, Is.Not.Empty, "the sample has Spanish-speaking customers");
            Assert.That(spanish.All(s => s.Contains("- Energía", StringComparison.Ordinal) && !s.Contains("- Energy", StringComparison.Ordinal)
                && !s.Contains(" a month)", StringComparison.Ordinal)), "Spanish statements word every charge in Spanish");
            Assert.That(summaries, Has.Count.EqualTo(statements.Count), "an SMS summary beside every statement");
            Assert.That(summaries.All(m => m.Length <= 160 && m.Contains('$')), "each summary fits one SMS and says the amount due");
        });
        // AutoPay customers are told the bank pays (unless a payment already failed to come: then asked as everyone is); no one else is.
        var autoPay = TestDb.Query(folder, "SELECT account_id FROM accounts WHERE autopay = 1", r => r.GetString(0)).ToHashSet();
        var byAccount = Directory.GetFiles(Path.Combine(folder, "out", "statements"), "2025-10.txt", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(Path.GetDirectoryName(f)!), File.ReadAllText);
        Assert.Multiple(() =>
        {
            Assert.That(byAccount.Keys.Intersect(autoPay), Is.Not.Empty, "the sample has AutoPay customers");
            foreach (var (account, statement) in byAccount)
            {
                var told = statement.Contains("AutoPay pays it from your bank account on ", StringComparison.Ordinal)
                    || statement.Contains("El pago automático lo cobra de su cuenta bancaria el ", StringComparison.Ordinal);
                var pastDue = statement.Contains("Past due", StringComparison.Ordinal) || statement.Contains("Vencido", StringComparison.Ordinal);
                Assert.That(told, Is.EqualTo(autoPay.Contains(account) && !pastDue), account);
                var enrolled = statement.Contains("AutoPay: you are signed up", StringComparison.Ordinal) || statement.Contains("Pago automático: está inscrito", StringComparison.Ordinal);
                Assert.That(enrolled, Is.EqualTo(autoPay.Contains(account)), $"{account}: ways to pay, as an AutoPay customer reads them or not");
            }
        });
    }

    [Test]
    public async Task A_solar_homes_statement_lists_the_credit_of_each_issued_bill_as_its_export_lines_add_up()
    {
        foreach (var cycle in new[] { "2025-04", "2025-05" })
        {
            await JsonAsync("billrun", "--cycle", cycle, "--hold-ceiling", "100000");
            await JsonAsync("billrun", "issue", "--cycle", cycle, "--print-format", "html");
        }
        await JsonAsync("billrun", "--cycle", "2025-06", "--hold-ceiling", "100000");
        // Each bill's stored credit, and what its export lines add up to.
        // Each bill is listed under the month it is shown as: the month holding the middle of its period (a route's period from early
        // April to early May is April's).
        static string Shown(string start, string end)
        {
            var (from, to) = (DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
            return from.AddDays((to.DayNumber - from.DayNumber - 1) / 2).ToString("MMM", System.Globalization.CultureInfo.InvariantCulture);
        }
        var credits = TestDb.Query(folder, """
            SELECT b.account_id, b.cycle, b.status, b.export_credit,
                   (SELECT SUM(l.amount) FROM bill_lines AS l WHERE l.bill_id = b.bill_id AND l.description LIKE 'Credit for energy exported%'),
                   b.period_start, b.period_end
            FROM bills AS b JOIN premises AS p ON p.account_id = b.account_id
            WHERE p.has_solar = 1 AND b.cycle IN ('2025-04', '2025-05', '2025-06')
            """, r => (Account: r.GetString(0), Cycle: r.GetString(1), Status: r.GetString(2), Stored: r.IsDBNull(3) ? (long?)null : r.GetInt64(3),
            Lines: r.IsDBNull(4) ? (long?)null : r.GetInt64(4), Month: Shown(r.GetString(5), r.GetString(6))));
        var solarAccounts = credits.Where(c => c.Cycle == "2025-06" && c.Status == "Draft").Select(c => c.Account).ToList();
        Assume.That(solarAccounts, Is.Not.Empty, "the sample has solar homes billed in June");
        var listings = 0;

        Assert.Multiple(() =>
        {
            foreach (var bill in credits)
                Assert.That(bill.Stored, Is.EqualTo(bill.Lines), $"{bill.Account} {bill.Cycle}: the stored credit is its export lines' sum");
            Assert.That(credits.Count(c => c.Stored < 0), Is.GreaterThan(credits.Count / 2), "solar homes export in spring and summer");
            foreach (var account in solarAccounts)
            {
                string Dollars(string cycle) => credits.Single(c => c.Account == account && c.Cycle == cycle) is { Stored: < 0 } c
                    ? (-c.Stored!.Value / 100m).ToString("C2", System.Globalization.CultureInfo.GetCultureInfo("en-US")) : "";
                var text = File.ReadAllText(UtilityInsights.Operations.Issue.StatementFiles.For(Path.Combine(folder, "out", "statements"), new UtilityInsights.Domain.AccountId(account), "2025-06", "txt"));
                if (text.Contains("Su consumo", StringComparison.Ordinal))
                    continue; // the Spanish wording is in the golden files; here the months are matched by their English names
                var listed = System.Text.RegularExpressions.Regex.Match(text, @"Your bills credited the energy you sent: (.*?) — (\$[\d,.]+) in all\.");
                var issued = new[] { "2025-04", "2025-05" }.Where(c => credits.Single(b => b.Account == account && b.Cycle == c).Status == "Issued" && Dollars(c) != "").ToList();
                if (issued.Count + (Dollars("2025-06") == "" ? 0 : 1) < 2)
                    continue;
                Assert.That(listed.Success, Is.True, $"{account}: the June statement lists the credits month by month");
                string Month(string cycle) => credits.Single(c => c.Account == account && c.Cycle == cycle).Month;
                var expected = issued.Append("2025-06").Select(c => (Month(c), Dollars(c))).Where(p => p.Item2 != "").Select(p => $"{p.Item1} {p.Item2}");
                Assert.That(listed.Groups[1].Value.Trim(), Does.EndWith(string.Join(" · ", expected)), $"{account}: each month's credit as its bill gave it");
                listings++;
            }
            Assert.That(listings, Is.GreaterThan(0), "some English statements of solar homes list their credits");
        });
    }

    [Test]
    public async Task The_run_report_accounts_for_every_bill_and_every_cent_with_plots_and_no_script()
    {
        await JsonAsync("billrun", "--cycle", "2025-08", "--hold-ceiling", "150");
        var path = Path.Combine(folder, "report-2025-08.html");
        var report = (await JsonAsync("billrun", "report", "--cycle", "2025-08", "--out", path)).GetProperty("report");
        var status = await JsonAsync("billrun", "status", "--cycle", "2025-08");
        var bills = Bills("2025-08");
        var html = await File.ReadAllTextAsync(path);
        decimal Cents(long minorUnits) => minorUnits / 100m;

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("billed").GetInt32() + report.GetProperty("held").GetInt32(), Is.EqualTo(report.GetProperty("accounts_due").GetInt32()));
            Assert.That(report.GetProperty("held").GetInt32(), Is.EqualTo(status.GetProperty("held").GetInt32()));
            Assert.That(report.GetProperty("held_by_reason").GetProperty("total_above_ceiling").GetInt32(),
                Is.EqualTo(status.GetProperty("held_by_reason").GetProperty("total_above_ceiling").GetInt32()));
            Assert.That(report.GetProperty("total_amount").GetDecimal(), Is.EqualTo(bills.Where(b => b.Status == "Draft").Sum(b => Cents(b.Total))));
            Assert.That(report.GetProperty("revenue_by_tariff").EnumerateArray().Sum(t => t.GetProperty("total").GetDecimal()), Is.EqualTo(report.GetProperty("total_amount").GetDecimal()));
            Assert.That(report.GetProperty("revenue_by_category").EnumerateObject().Sum(c => c.Value.GetDecimal()), Is.EqualTo(report.GetProperty("total_amount").GetDecimal()));
            Assert.That(report.GetProperty("revenue_by_tariff").EnumerateArray().Sum(t => t.GetProperty("bills").GetInt32()), Is.EqualTo(report.GetProperty("billed").GetInt32()));
            Assert.That(report.GetProperty("comparison_states").EnumerateObject().Sum(c => c.Value.GetInt32()), Is.EqualTo(bills.Count(b => b.Reason?.StartsWith("cannot_bill", StringComparison.Ordinal) != true)));
            Assert.That(report.GetProperty("runs").GetArrayLength(), Is.GreaterThanOrEqualTo(1));
            Assert.That(report.GetProperty("runs")[0].GetProperty("accounts_per_second").GetDouble(), Is.GreaterThan(0));
            Assert.That(html, Does.Contain("<svg").And.Contain("Revenue by tariff").And.Contain("Held: Total above the ceiling").And.Not.Contain("<script"));
            Assert.That(html, Does.Not.Contain("UsingMoreThanAverage").And.Not.Contain("held: total_above_ceiling"), "reasons and states in words");
        });
    }

    [Test]
    public async Task A_rebill_reverses_the_issued_charge_with_a_correction_line_and_bills_the_corrected_reads_once()
    {
        await JsonAsync("billrun", "--cycle", "2025-07", "--hold-ceiling", "100000");
        await JsonAsync("billrun", "issue", "--cycle", "2025-07", "--print-format", "html");
        var (account, meter, zone) = IntervalAccount();
        var before = Bills("2025-07").Single(b => b.BillId == $"B-2025-07-{account}-1");
        // A corrected read: the meter really used 40 kWh more in one hour ten days into the bill's period (its route's).
        var day = DateOnly.Parse(TestDb.Query(folder, "SELECT period_start FROM bills WHERE bill_id = $b", r => r.GetString(0), ("$b", before.BillId))[0],
            System.Globalization.CultureInfo.InvariantCulture).AddDays(10).ToDateTime(new TimeOnly(18, 0));
        var start = new DateTimeOffset(day, TimeZoneInfo.FindSystemTimeZoneById(zone).GetUtcOffset(day));
        var corrected = Path.Combine(folder, "corrected.csv");
        await File.WriteAllTextAsync(corrected, $"meter_id,interval_start,interval_minutes,quantity,unit,quality\n{meter},{start:yyyy-MM-ddTHH:mm:sszzz},60,41.5,kWh,A\n");
        Assert.That((await CliRunner.RunAsync(folder, "ingest", corrected)).ExitCode, Is.AnyOf(0, 2));

        var rebill = await JsonAsync("billrun", "rebill", "--account", account, "--cycle", "2025-07", "--hold-ceiling", "100000");
        var issue = await JsonAsync("billrun", "issue", "--cycle", "2025-07", "--print-format", "html");
        var bills = Bills("2025-07").Where(b => b.BillId.StartsWith($"B-2025-07-{account}-", StringComparison.Ordinal)).ToList();
        var ledger = Ledger(account, "B-2025-07-");
        var posted = TestDb.Query(folder, "SELECT DISTINCT l.posted_at FROM ledger_entries AS l WHERE l.account_id = $account AND l.reference LIKE 'B-2025-07-%'",
            r => r.GetString(0), ("$account", account));
        var statementDate = TestDb.Query(folder, "SELECT period_end FROM bills WHERE bill_id = $b", r => r.GetString(0), ("$b", before.BillId))[0] + "T00:00:00.0000000Z";
        var statement = await File.ReadAllTextAsync(Path.Combine(folder, "out", "statements", account, "2025-07.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(rebill.GetProperty("cancelled").GetProperty("bill_id").GetString(), Is.EqualTo(before.BillId));
            Assert.That(rebill.GetProperty("bill").GetProperty("bill_id").GetString(), Is.EqualTo($"B-2025-07-{account}-2"));
            Assert.That(issue.GetProperty("issued").GetInt32(), Is.EqualTo(1), "only the corrected bill is issued");
            Assert.That(bills.Select(b => b.Status), Is.EqualTo(new[] { "Cancelled", "Issued" }));
            Assert.That(bills[1].Total, Is.GreaterThan(before.Total), "the corrected reads raise the bill");
            Assert.That(ledger.Select(e => e.Kind), Is.EqualTo(new[] { "Charge", "Adjustment", "Charge" }));
            Assert.That(ledger.Sum(e => e.Amount), Is.EqualTo(bills[1].Total), "charge, reversal and new charge leave exactly the corrected bill owed");
            Assert.That(posted, Is.EqualTo(new[] { statementDate }), "all three on the bill's statement date, not on the day the correction was made");
            Assert.That(statement, Does.Contain("corrected bill replaces bill " + before.BillId).Or.Contain("factura corregida reemplaza la factura " + before.BillId));
        });
    }

    private (string Account, string Meter, string Zone) IntervalAccount()
    {
        var found = TestDb.Query(folder, """
            SELECT p.account_id, p.meter_id, m.time_zone FROM premises AS p JOIN meters AS m ON m.meter_id = p.meter_id
            JOIN bills AS b ON b.account_id = p.account_id AND b.cycle = '2025-07' AND b.status = 'Issued'
            WHERE m.kind = 'interval' AND (p.has_solar IS NULL OR p.has_solar = 0) ORDER BY p.account_id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.That(found, Is.Not.Empty, "an issued bill of an interval meter");
        return found[0];
    }

    private List<(string Kind, long Amount)> Ledger(string account, string referencePrefix) =>
        TestDb.Query(folder, "SELECT kind, amount FROM ledger_entries WHERE account_id = $account AND reference LIKE $prefix ORDER BY entry_id",
            r => (r.GetString(0), r.GetInt64(1)), ("$account", account), ("$prefix", referencePrefix + "%"));

    private Dictionary<string, string[]> Tips(string cycle) =>
        TestDb.Query(folder, "SELECT account_id, tips FROM bills WHERE cycle = $cycle AND tips IS NOT NULL", r => (r.GetString(0), r.GetString(1).Split(',')), ("$cycle", cycle))
            .ToDictionary(t => t.Item1, t => t.Item2);

    [TestCase("2026-13", "--cycle")]
    [TestCase("2026-01", "--hold-usage-ratio", "0.5")]
    public async Task Bad_options_are_a_one_line_error(string cycle, string mention, string? ratio = null)
    {
        string[] args = ratio is null ? ["billrun", "--cycle", cycle] : ["billrun", "--cycle", cycle, "--hold-usage-ratio", ratio];
        var result = await CliRunner.RunAsync(folder, args);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain(mention));
    }
}
