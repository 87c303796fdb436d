using System.Globalization;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>Issue 17: bills that run from one scheduled read of the account's meter-reading route to the next, through the command line.</summary>
public class RouteBillingTests
{
    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The January text statement of an account, named by the one function that turns an account id into a file name.</summary>
    private static string Statement(string folder, string account, string extension = "txt") =>
        UtilityInsights.Operations.Issue.StatementFiles.For(Path.Combine(folder, "out", "statements"), new UtilityInsights.Domain.AccountId(account), "2026-01", extension);

    /// <summary>The history chart's bars as the text statement lists them ("Monthly usage: Jan 987 kWh, …, Dec 1,214 kWh (last year 987 kWh).").</summary>
    private static List<(string Month, decimal Usage)> Bars(string statement)
    {
        var line = statement.Split('\n').Single(l => l.StartsWith("Monthly usage: ", StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Matches(line, @"(?:: |, )([A-Z][a-z]{2}) ([\d,]+) kWh")
            .Select(m => (m.Groups[1].Value, decimal.Parse(m.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture))).ToList();
    }

    [Test]
    public async Task Each_account_is_billed_from_its_routes_read_before_to_its_read_in_the_cycles_month_and_a_read_on_the_17th_gives_a_17th_to_17th_bill()
    {
        using var utility = await DemoUtility.CreateAsync("routes", 84, 13, train: true);
        var folder = utility.Folder;
        // An English interval-metered home billed on the flat tariff, without solar panels, on a route other than R18.
        var (account, meter, moved) = TestDb.Query(folder, """
            SELECT a.account_id, m.meter_id, a.cycle FROM accounts AS a JOIN premises AS p ON p.account_id = a.account_id JOIN meters AS m ON m.meter_id = p.meter_id
            WHERE a.cycle <> 'R18' AND a.language = 'en' AND lower(m.kind) = 'interval' AND p.tariff_id = 'RES-FLAT' AND p.has_solar = 0 ORDER BY a.account_id
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2))).First();
        // Its route moves to the 17th (a new calendar version): December 17 and January 17.
        var calendar = Path.Combine(folder, "route17.csv");
        await File.WriteAllTextAsync(calendar, $"route,read_date\n{moved},2025-12-17\n{moved},2026-01-17\n");
        var imported = await CliRunner.JsonAsync(folder, "routes", "import", calendar);

        // Another home on a later route moves in on January 10th (a first bill), and one moved out before December (no bill).
        var (movedIn, movedInMeter) = TestDb.Query(folder, """
            SELECT a.account_id, m.meter_id FROM accounts AS a JOIN premises AS p ON p.account_id = a.account_id JOIN meters AS m ON m.meter_id = p.meter_id
            WHERE a.cycle >= 'R10' AND a.cycle <> $moved AND lower(m.kind) = 'interval' ORDER BY a.account_id DESC
            """, r => (r.GetString(0), r.GetString(1)), ("$moved", moved)).First();
        var movedOut = TestDb.Query(folder, "SELECT account_id FROM accounts WHERE account_id NOT IN ($a, $b) ORDER BY account_id DESC", r => r.GetString(0),
            ("$a", account), ("$b", movedIn)).First();
        static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var rows = TestDb.Query(folder, "SELECT account_id, name, service_address, mailing_address, email, phone, language, channel, cycle FROM accounts WHERE account_id IN ($a, $b)",
            r => Enumerable.Range(0, 9).Select(i => r.IsDBNull(i) ? "" : r.GetString(i)).ToList(), ("$a", movedIn), ("$b", movedOut));
        var moves = Path.Combine(folder, "moves.csv");
        await File.WriteAllLinesAsync(moves, [
            "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle,start_date,end_date",
            .. rows.Select(r => string.Join(',', r.Select(Quoted)) + (r[0] == movedIn ? ",2026-01-10," : ",,2025-11-20")),
        ]);
        Assert.That((await CliRunner.RunAsync(folder, "accounts", "import", moves)).ExitCode, Is.EqualTo(0));

        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2026-01", "--hold-ceiling", "100000");
        var r18 = await CliRunner.JsonAsync(folder, "routes", "show", "--route", "R18");

        var bills = TestDb.Query(folder, """
            SELECT b.account_id, a.cycle, a.language, b.period_start, b.period_end, b.usage_quantity FROM bills AS b JOIN accounts AS a ON a.account_id = b.account_id
            WHERE b.cycle = '2026-01' AND (b.hold_reason IS NULL OR b.hold_reason NOT LIKE 'cannot_bill%')
            """, r => (Account: r.GetString(0), Route: r.GetString(1), Language: r.GetString(2), Start: Date(r.GetString(3)), End: Date(r.GetString(4)),
            Usage: r.GetInt64(5) / 1_000_000m));
        var readDates = TestDb.Query(folder, "SELECT route, read_date FROM route_read_dates WHERE version = 1", r => (Route: r.GetString(0), Date: Date(r.GetString(1))))
            .ToLookup(d => d.Route, d => d.Date);
        var ours = bills.Single(b => b.Account == account);
        var delivered = TestDb.Query(folder, "SELECT SUM(delivered) FROM interval_read_days WHERE meter_id = $m AND local_date >= '2025-12-17' AND local_date < '2026-01-17'",
            r => r.GetInt64(0) / 1_000_000m, ("$m", meter))[0];
        var lines = TestDb.Query(folder, "SELECT description, quantity, rate, amount FROM bill_lines WHERE bill_id = $b ORDER BY line_no",
            r => (Description: r.GetString(0), Quantity: r.IsDBNull(1) ? 0m : r.GetInt64(1) / 1_000_000m, Rate: r.IsDBNull(2) ? 0m : r.GetInt64(2) / 1_000_000m,
                Amount: r.GetInt64(3) / 100m), ("$b", $"B-2026-01-{account}-1"));
        var statement = await File.ReadAllTextAsync(Statement(folder, account));
        var route18 = bills.First(b => b.Route == "R18" && b.Language == "en" && b.Account != movedIn);
        var route18Statement = await File.ReadAllTextAsync(Statement(folder, route18.Account));

        Assert.Multiple(() =>
        {
            Assert.That(imported.GetProperty("version").GetInt32(), Is.EqualTo(2), "the demo's 21 routes are version 1");
            Assert.That(run.GetProperty("held").GetInt32() + run.GetProperty("billed").GetInt32(), Is.EqualTo(83));
            Assert.That(run.GetProperty("out_of_service").GetInt32(), Is.EqualTo(1), "the home that moved out in November is not billed for January");
            Assert.That(bills.Any(b => b.Account == movedOut), Is.False);
            var first = bills.Single(b => b.Account == movedIn);
            Assert.That(first.Start, Is.EqualTo(new DateOnly(2026, 1, 10)), "the first bill runs from the move-in");
            Assert.That(first.Usage, Is.EqualTo(TestDb.Query(folder, "SELECT SUM(delivered) FROM interval_read_days WHERE meter_id = $m AND local_date >= '2026-01-10' AND local_date < $end",
                r => r.GetInt64(0) / 1_000_000m, ("$m", movedInMeter), ("$end", first.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))[0]));
            Assert.That((ours.Start, ours.End), Is.EqualTo((new DateOnly(2025, 12, 17), new DateOnly(2026, 1, 17))), "the moved route is billed from the 17th to the 17th");
            Assert.That(ours.Usage, Is.EqualTo(delivered), "every hour of the 31 local days from December 17th, none after");
            var energy = lines.Single(l => l.Description == "Energy");
            Assert.That((energy.Quantity, energy.Amount), Is.EqualTo((delivered, Math.Round(delivered * energy.Rate, 2, MidpointRounding.AwayFromZero))));
            Assert.That(lines.Single(l => l.Description == "Basic service charge").Amount, Is.EqualTo(11.50m), "the sample tariffs charge monthly amounts per period");
            Assert.That(statement, Does.Contain("Billing period: Dec 17 – Jan 16, 2026 (31 days)"));
            foreach (var bill in bills.Where(b => b.Route != moved && b.Account != movedIn))
            {
                var end = readDates[bill.Route].Single(d => d.Year == 2026 && d.Month == 1);
                var start = readDates[bill.Route].Single(d => d.Year == 2025 && d.Month == 12);
                Assert.That((bill.Start, bill.End), Is.EqualTo((start, end)), $"{bill.Account} on {bill.Route}: from the route's December read to its January read");
            }
            Assert.That(route18Statement, Does.Contain($"Billing period: {route18.Start:MMM d} – {route18.End.AddDays(-1):MMM d, yyyy} ({route18.End.DayNumber - route18.Start.DayNumber} days)"),
                "a route-18 home's statement shows its own period");
            // The history chart ends with the bill shown as the month holding most of its period, after the twelve calendar months
            // before that month: a period of early December to early January is December's, and no month's days are shown twice.
            foreach (var (bill, month) in new[] { (12, "Dec"), (1, "Jan") }.Select(m => (bills.First(b => b.Language == "en" && b.Route != moved && b.Account != movedIn
                && b.Start.AddDays((b.End.DayNumber - b.Start.DayNumber - 1) / 2).Month == m.Item1), m.Item2)))
            {
                var text = File.ReadAllText(Statement(folder, bill.Account));
                var bars = Bars(text);
                Assert.That(bars[^1], Is.EqualTo((month, Math.Round(bill.Usage, MidpointRounding.AwayFromZero))), $"{bill.Account} ({bill.Start} to {bill.End}): this bill last");
                // Calendar months up to it, one a bar, from January 2025 (where the reads begin): twelve before a January bill, eleven before December's.
                var shown = month == "Dec" ? new DateOnly(2025, 12, 1) : new DateOnly(2026, 1, 1);
                Assert.That(bars.Select(b => b.Month), Is.EqualTo(Enumerable.Range(0, month == "Dec" ? 12 : 13).Reverse()
                    .Select(before => shown.AddMonths(-before).ToString("MMM", CultureInfo.InvariantCulture))), $"{bill.Account}: the months before it, each once");
                Assert.That(File.ReadAllText(Statement(folder, bill.Account, "sms.txt")), Does.Contain("your bill for Jan 2026 is"),
                    $"{bill.Account}: the bill is named by its cycle, as the email's subject and the portal's list name it");
                // The year-earlier bar beside it is the figure of the statement's "Same period last year" line. The reads begin in
                // January 2025: a route's period a year earlier is not whole, so the line compares with January 2025 — the month a
                // January bill is shown as, a year earlier, but not December's, which gets no year-earlier bar.
                var sameLastYear = System.Text.RegularExpressions.Regex.Match(text, @"Same period last year: Jan 2025: ([\d,]+) kWh");
                Assert.That(sameLastYear.Success, Is.True, text);
                var usage = bill.Usage.ToString("#,0", CultureInfo.InvariantCulture);
                Assert.That(text, Does.Contain(month == "Jan" ? $"Jan {usage} kWh (last year {sameLastYear.Groups[1].Value} kWh)." : $"Dec {usage} kWh."));
            }
            var january = r18.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("cycle").GetString() == "2026-01");
            Assert.That((Date(january.GetProperty("start").GetString()!), Date(january.GetProperty("end").GetString()!)), Is.EqualTo((route18.Start, route18.End)));
        });
    }

    /// <summary>
    /// A bill run before an interval meter's reads of its whole period are in (its route's last days not loaded yet) bills none of it:
    /// the account is held saying what is missing, and the next run, once the reads are loaded, bills the whole period — a part
    /// of the period was billed as if it were all of it before.
    /// </summary>
    [Test]
    public async Task An_interval_meter_whose_reads_stop_inside_its_period_is_held_until_they_are_loaded_then_billed_for_the_whole_period()
    {
        using var utility = await DemoUtility.CreateAsync("unread", 30, 2);
        var folder = utility.Folder;
        // An interval meter on a route read after February 20th: its reads from the 20th on "have not arrived".
        var (account, meter, periodEnd) = TestDb.Query(folder, """
            SELECT a.account_id, m.meter_id, MIN(d.read_date) FROM accounts AS a JOIN premises AS p ON p.account_id = a.account_id
            JOIN meters AS m ON m.meter_id = p.meter_id JOIN route_read_dates AS d ON d.route = a.cycle
            WHERE lower(m.kind) = 'interval' AND d.read_date >= '2025-02-23' AND d.read_date < '2025-03-01'
            GROUP BY a.account_id, m.meter_id ORDER BY a.account_id
            """, r => (r.GetString(0), r.GetString(1), Date(r.GetString(2)))).First();
        var removed = TestDb.Execute(folder, "DELETE FROM interval_read_days WHERE meter_id = $m AND local_date >= '2025-02-20'", ("$m", meter));

        var first = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-02", "--hold-ceiling", "100000");
        var waiting = await CliRunner.JsonAsync(folder, "billrun", "status", "--cycle", "2025-02");
        var held = TestDb.Query(folder, "SELECT status, hold_reason FROM bills WHERE account_id = $a AND cycle = '2025-02'",
            r => (Status: r.GetString(0), Reason: r.NullableString(1)), ("$a", account)).Single();
        var unread = periodEnd.DayNumber - Date("2025-02-20").DayNumber;
        // The reads arrive, in a file of their own.
        var late = Path.Combine(folder, "late-reads.csv");
        var sample = await File.ReadAllLinesAsync(Path.Combine(folder, "out", "sample", "interval-reads.csv"));
        await File.WriteAllLinesAsync(late, [sample[0], .. sample.Where(l => l.StartsWith(meter + ",", StringComparison.Ordinal)
            && string.CompareOrdinal(l.Split(',')[1], "2025-02-20") >= 0)]);
        var ingest = await CliRunner.RunAsync(folder, "ingest", late, "--json");
        var second = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-02", "--hold-ceiling", "100000");
        var billed = TestDb.Query(folder, "SELECT status, hold_reason, period_start, usage_quantity FROM bills WHERE account_id = $a AND cycle = '2025-02'",
            r => (Status: r.GetString(0), Reason: r.NullableString(1), Start: r.GetString(2), Usage: r.GetInt64(3) / 1_000_000m), ("$a", account)).Single();
        var delivered = TestDb.Query(folder, "SELECT SUM(delivered) FROM interval_read_days WHERE meter_id = $m AND local_date >= $from AND local_date < $to",
            r => r.GetInt64(0) / 1_000_000m, ("$m", meter), ("$from", billed.Start), ("$to", periodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))[0];

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(9), "February 20th to 28th");
            Assert.That(held.Status, Is.EqualTo("Held"));
            Assert.That(held.Reason, Is.EqualTo($"reads_missing: meter {meter} has no reads for {unread} days of 2025-02 ({billed.Start} to " +
                $"{periodEnd.AddDays(-1):yyyy-MM-dd}), the first at 2025-02-20 00:00: billed once they are loaded (ingest them, then run billrun again), or on estimates (billrun estimate --cycle 2025-02)."));
            Assert.That(first.GetProperty("held").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(waiting.GetProperty("held_by_reason").GetProperty("reads_missing").GetInt32(), Is.EqualTo(1), "counted apart from bills that cannot be billed");
            Assert.That(ingest.ExitCode, Is.EqualTo(0), ingest.ToString());
            Assert.That(second.GetProperty("billed").GetInt32() + second.GetProperty("held").GetInt32(), Is.EqualTo(1), "only the held account is billed again");
            Assert.That(billed.Reason ?? "", Does.Not.StartWith("reads_missing").And.Not.StartWith("cannot_bill"));
            Assert.That(billed.Usage, Is.EqualTo(delivered).And.GreaterThan(0), "the whole period's usage");
        });
    }

    /// <summary>
    /// A meter that stopped sending need not hold its bill until a technician reads it: <c>billrun estimate</c> fills its period's
    /// missing reads from the weeks before (stored as estimates), the next run bills the period whole, the statement counting them;
    /// a meter with no reads in those weeks keeps waiting, saying why. When the actual reads come they replace the estimates, and
    /// <c>billrun reconcile</c> lists the bill they change and rebills it on the actual reads.
    /// </summary>
    [Test]
    public async Task A_meter_that_stopped_sending_is_billed_on_estimates_when_asked_and_rebilled_when_its_reads_come()
    {
        using var utility = await DemoUtility.CreateAsync("estimate", 30, 2);
        var folder = utility.Folder;
        // Two interval meters on routes read after February 20th: one stops on the 20th, the other sent nothing in January.
        var meters = TestDb.Query(folder, """
            SELECT a.account_id, m.meter_id, MIN(d.read_date) FROM accounts AS a JOIN premises AS p ON p.account_id = a.account_id
            JOIN meters AS m ON m.meter_id = p.meter_id JOIN route_read_dates AS d ON d.route = a.cycle
            WHERE lower(m.kind) = 'interval' AND d.read_date >= '2025-02-23' AND d.read_date < '2025-03-01'
            GROUP BY a.account_id, m.meter_id ORDER BY a.account_id
            """, r => (Account: r.GetString(0), Meter: r.GetString(1), End: Date(r.GetString(2))));
        var (account, meter, periodEnd) = meters[0];
        var (unread, unreadMeter, _) = meters[1];
        TestDb.Execute(folder, "DELETE FROM interval_read_days WHERE meter_id = $m AND local_date >= '2025-02-20'", ("$m", meter));
        TestDb.Execute(folder, "DELETE FROM interval_read_days WHERE meter_id = $m AND local_date < '2025-02-01'", ("$m", unreadMeter));
        await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-02", "--hold-ceiling", "100000");

        var estimate = await CliRunner.JsonAsync(folder, "billrun", "estimate", "--cycle", "2025-02");
        var again = await CliRunner.JsonAsync(folder, "billrun", "estimate", "--cycle", "2025-02");
        var rebilled = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-02", "--hold-ceiling", "100000");
        var bills = TestDb.Query(folder, "SELECT account_id, status, hold_reason, period_start, usage_quantity FROM bills WHERE account_id IN ($a, $b) AND cycle = '2025-02'",
            r => (Account: r.GetString(0), Status: r.GetString(1), Reason: r.NullableString(2), Start: r.GetString(3), Usage: r.GetInt64(4) / 1_000_000m),
            ("$a", account), ("$b", unread)).ToDictionary(b => b.Account);
        var billed = bills[account];
        string PeriodSum(string column) => TestDb.Query(folder, $"SELECT SUM({column}) FROM interval_read_days WHERE meter_id = $m AND local_date >= $from AND local_date < $to",
            r => r.GetInt64(0).ToString(CultureInfo.InvariantCulture), ("$m", meter), ("$from", billed.Start), ("$to", periodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))[0];
        var estimatedUsage = decimal.Parse(PeriodSum("delivered"), CultureInfo.InvariantCulture) / 1_000_000m;
        // The statement counts every estimated read of the period: these and any gap ingestion filled.
        var estimatedReads = int.Parse(PeriodSum("estimated_count"), CultureInfo.InvariantCulture);
        var statement = await File.ReadAllTextAsync(UtilityInsights.Operations.Issue.StatementFiles.For(Path.Combine(folder, "out", "statements"),
            new UtilityInsights.Domain.AccountId(account), "2025-02", "txt"));
        var days = periodEnd.DayNumber - Date("2025-02-20").DayNumber;

        // The bill is issued; the meter's reads come after all (they differ from the estimates).
        Assert.That((await CliRunner.RunAsync(folder, "billrun", "approve", "--cycle", "2025-02", "--all-held")).ExitCode, Is.EqualTo(0));
        Assert.That((await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", "2025-02")).ExitCode, Is.EqualTo(0));
        var late = Path.Combine(folder, "late-reads.csv");
        var sample = await File.ReadAllLinesAsync(Path.Combine(folder, "out", "sample", "interval-reads.csv"));
        await File.WriteAllLinesAsync(late, [sample[0], .. sample.Where(l => l.StartsWith(meter + ",", StringComparison.Ordinal)
            && string.CompareOrdinal(l.Split(',')[1], "2025-02-20") >= 0)]);
        var arrived = await CliRunner.RunAsync(folder, "ingest", late);
        var actualUsage = decimal.Parse(PeriodSum("delivered"), CultureInfo.InvariantCulture) / 1_000_000m;
        var reconciled = await CliRunner.JsonAsync(folder, "billrun", "reconcile", "--cycle", "2025-02", "--rebill");
        var afterwards = await CliRunner.JsonAsync(folder, "billrun", "reconcile", "--cycle", "2025-02");
        var text = await CliRunner.RunAsync(folder, "billrun", "reconcile", "--cycle", "2025-02");
        var notWaiting = await CliRunner.RunAsync(folder, "billrun", "estimate", "--cycle", "2025-02", "--account", account);
        var badId = await CliRunner.RunAsync(folder, "billrun", "estimate", "--cycle", "2025-02", "--account", "../A-1");
        var corrected = TestDb.Query(folder, "SELECT revision, status, usage_quantity FROM bills WHERE account_id = $a AND cycle = '2025-02' ORDER BY revision",
            r => (Revision: r.GetInt32(0), Status: r.GetString(1), Usage: r.GetInt64(2) / 1_000_000m), ("$a", account));

        Assert.Multiple(() =>
        {
            Assert.That(estimate.GetProperty("waiting").GetInt32(), Is.EqualTo(2));
            Assert.That(estimate.GetProperty("estimated_accounts").GetInt32(), Is.EqualTo(1));
            Assert.That(estimate.GetProperty("estimated_reads").GetInt64(), Is.EqualTo(days * 24L), "every hour from the 20th to the period's end");
            var waits = estimate.GetProperty("not_estimated").EnumerateArray().Single();
            Assert.That(waits.GetProperty("account_id").GetString(), Is.EqualTo(unread));
            Assert.That(waits.GetProperty("reason").GetString(), Does.StartWith($"meter {unreadMeter} has no reads to estimate ").And.Contain("no reads from ").And.EndWith(" to then): it needs reading"));
            Assert.That(again.GetProperty("estimated_reads").GetInt64(), Is.EqualTo(0), "nothing left to estimate");
            Assert.That(rebilled.GetProperty("billed").GetInt32() + rebilled.GetProperty("held").GetInt32(), Is.EqualTo(2));
            Assert.That(billed.Reason ?? "", Does.Not.StartWith("reads_missing"));
            Assert.That(billed.Usage, Is.EqualTo(estimatedUsage), "the whole period, read and estimated");
            Assert.That(bills[unread].Reason, Does.StartWith("reads_missing:"), "still waiting");
            Assert.That(estimatedReads, Is.GreaterThanOrEqualTo(days * 24));
            Assert.That(statement, Does.Match($@" \({estimatedReads:N0} estimated, on (.+, )?Feb \d+–{periodEnd.AddDays(-1).Day}\)"),
                "the statement names the days estimated: up to the period's last day");
            Assert.That(actualUsage, Is.Not.EqualTo(estimatedUsage), "the actual reads replaced the estimates");
            Assert.That(arrived.ExitCode, Is.EqualTo(0), arrived.ToString());
            var said = System.Text.RegularExpressions.Regex.Replace(arrived.Stdout, @"\s+", " ");
            var replaced = System.Text.RegularExpressions.Regex.Match(said, @"([\d,]+) estimates replaced by actual reads");
            Assert.That(int.Parse(replaced.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.InRange(1, days * 24));
            Assert.That(said, Does.Contain("a bill made on them may no longer agree with them. billrun reconcile --cycle 2025-02 lists those"), "the cycle whose bill took in those days");
            var change = reconciled.GetProperty("changed").EnumerateArray().Single();
            Assert.That(change.GetProperty("account_id").GetString(), Is.EqualTo(account));
            Assert.That(change.GetProperty("status").GetString(), Is.EqualTo("Issued"));
            Assert.That(change.GetProperty("billed").GetDecimal(), Is.EqualTo(estimatedUsage));
            Assert.That(change.GetProperty("now").GetDecimal(), Is.EqualTo(actualUsage));
            Assert.That(change.GetProperty("rebilled").GetProperty("bill_id").GetString(), Is.EqualTo($"B-2025-02-{account}-2"));
            Assert.That(corrected.Select(b => (b.Revision, b.Status)), Is.EqualTo(new[] { (1, "Cancelled"), (2, "Draft") }));
            Assert.That(corrected[1].Usage, Is.EqualTo(actualUsage));
            Assert.That(afterwards.GetProperty("changed").GetArrayLength(), Is.EqualTo(0));
            Assert.That((notWaiting.ExitCode, badId.ExitCode), Is.EqualTo((1, 1)));
            Assert.That(notWaiting.Stderr, Does.Contain($"account {account} has no bill waiting for reads in 2025-02"));
            Assert.That(badId.Stderr, Does.Contain("--account '../A-1'"));
            Assert.That(System.Text.RegularExpressions.Regex.Replace(text.Stdout, @"\s+", " "), Does.Match(@"2025-02: \d+ bills of interval meters checked against their reads; every one agrees\."));
        });
    }

    [Test]
    public async Task A_read_tolerance_outside_0_to_10_days_and_a_bad_route_file_are_clear_errors()
    {
        var folder = Directory.CreateTempSubdirectory("ui-route-errors-").FullName;
        try
        {
            var tolerance = await CliRunner.RunAsync(folder, "billrun", "--cycle", "2026-01", "--read-tolerance", "11");
            var file = Path.Combine(folder, "routes.csv");
            await File.WriteAllTextAsync(file, "route,read_date\nR01,2026-01-02\nR01,2026-02-31\n,2026-01-05\n");
            var imported = await CliRunner.RunAsync(folder, "routes", "import", file);
            var rules = Path.Combine(folder, "rules.csv");
            await File.WriteAllTextAsync(rules, "route,working_day\nR01,1\n");
            var noMonths = await CliRunner.RunAsync(folder, "routes", "import", rules);

            Assert.Multiple(() =>
            {
                Assert.That(tolerance.ExitCode, Is.EqualTo(1));
                Assert.That(tolerance.Stderr, Does.Contain("--read-tolerance 11: between 0 and 10 days"));
                Assert.That(imported.ExitCode, Is.EqualTo(2), imported.ToString());
                Assert.That(File.ReadAllText(file + ".rejects.csv"), Does.Contain("3,read_date").And.Contain("4,route"));
                Assert.That(imported.Stdout, Does.Contain("Route calendar version 1: 1 route, 1 read date"));
                Assert.That(noMonths.ExitCode, Is.EqualTo(1));
                Assert.That(noMonths.Stderr, Does.Contain("--from YYYY-MM and --to YYYY-MM"));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
