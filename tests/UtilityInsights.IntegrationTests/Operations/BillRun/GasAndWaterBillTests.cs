using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// A gas or a water customer among the electricity ones: a bill in therms or gallons that compares and advises only what is true of it, with
/// its own emergency line and title, and a draw that leaves it out.
/// </summary>
public class GasAndWaterBillTests
{
    [Test]
    public async Task A_gas_home_is_left_out_of_the_cohorts_and_its_bill_says_why_and_gives_only_tips_that_save_gas()
    {
        using var utility = await DemoUtility.CreateAsync("gas", 120, 13);
        var folder = utility.Folder;
        var sample = Path.Combine(folder, "out", "sample");
        var accountLine = await AddHomeAsync(folder, "GAS", "gas", "therm", "natural_gas", "1.1200",
            month => month is 12 or 1 or 2 ? 90 : month is >= 6 and <= 9 ? 12 : 40);

        var train = await CliRunner.JsonAsync(folder, "cohorts", "train");
        var cohort = TestDb.Query(folder, "SELECT COUNT(*) FROM cohort_assignments WHERE premise_id = 'P-GAS-1'", r => r.GetInt64(0)).Single();
        var program = await CliRunner.JsonAsync(folder, "program", "create", "--name", "reports", "--start", "2025-12-01");
        // An evaluator's own assignment that holds the gas home: evaluated without it.
        var accounts = File.ReadLines(Path.Combine(folder, "home-accounts.csv")).Skip(1).Concat(File.ReadLines(Path.Combine(sample, "accounts.csv")).Skip(1))
            .Select(l => l.Split(',')[0]).ToList();
        File.WriteAllLines(Path.Combine(folder, "assignments.csv"), ["account_id,group", .. accounts.Select((a, i) => $"{a},{(i % 2 == 0 ? "treatment" : "control")}")]);
        await CliRunner.JsonAsync(folder, "program", "import", "--name", "imported", "--start", "2025-07-01", "--assignments", "assignments.csv");
        var evaluated = await CliRunner.JsonAsync(folder, "program", "evaluate", "--name", "imported");
        var evaluatedText = System.Text.RegularExpressions.Regex.Replace((await CliRunner.RunAsync(folder, "program", "evaluate", "--name", "imported")).Stdout, @"\s+", " ");
        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2026-01");
        var statement = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", "A-GAS-1", "2026-01.txt"));
        var ways = statement[statement.IndexOf("Ways to save", StringComparison.Ordinal)..statement.IndexOf("Ways to pay", StringComparison.Ordinal)];
        var page = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", "A-GAS-1", "2026-01.html"));
        var neighbour = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", accountLine.Split(',')[0], "2026-01.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(train.GetProperty("excluded").GetProperty("not_electricity").GetInt32(), Is.EqualTo(1), "a therm a day is not compared with kWh a day");
            Assert.That(cohort, Is.EqualTo(0));
            Assert.That(program.GetProperty("excluded").GetProperty("not_electricity").GetInt32(), Is.EqualTo(1), "a program's draw compares electricity use too");
            var attrition = evaluated.GetProperty("attrition");
            Assert.That(attrition.GetProperty("treatment").GetProperty("not_electricity").GetInt32(), Is.EqualTo(1), "an imported gas home is left out, saying why");
            Assert.That(attrition.GetProperty("control").GetProperty("not_electricity").GetInt32(), Is.EqualTo(0));
            // The control group's counts, in the treatment's order, name the gas and water homes too (0), not a count left out.
            Assert.That(evaluatedText, Does.Match(@"1 not on an electricity meter; control: \d+, \d+, \d+, 0\."));
            Assert.That(attrition.GetProperty("treatment").GetProperty("analysed").GetInt32(), Is.LessThan(attrition.GetProperty("treatment").GetProperty("assigned").GetInt32()));
            Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(0));
            Assert.That(statement, Does.Contain(" therm (").And.Contain("No neighbor comparison this month: we compare homes by their electricity use, and this bill is for gas"));
            var tips = ways.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            Assert.That(tips, Is.Not.Empty, "a gas-heated home's winter gas bill: heating tips");
            Assert.That(tips, Has.All.Contain(" therm, "));
            Assert.That(ways, Does.Not.Contain("standby").And.Not.Contain("LED").And.Not.Contain("kWh"));
            // Someone who smells gas is told to leave and call the gas emergency line (branding.json's gas_emergency_phone), not about outages.
            Assert.That(statement, Does.Contain("Smell gas? Leave at once, then call 1-800-555-0198, day or night").And.Not.Contain("outage"));
            Assert.That(page, Does.Contain("Smell gas? Leave at once, then call <span class=\"nowrap\">1-800-555-0198</span>").And.Not.Contain("outage"));
            Assert.That(neighbour, Does.Contain("Power outage or emergency? Call 1-800-555-0199, day or night").And.Not.Contain("Smell gas"));
        });
    }

    [Test]
    public async Task A_water_bill_is_a_water_statement_in_gallons_with_a_water_emergency_line_and_its_email_says_so()
    {
        using var utility = await DemoUtility.CreateAsync("water", 120, 13);
        var folder = utility.Folder;
        await AddHomeAsync(folder, "WAT", "water", "gal", "natural_gas", "0.0062", month => month is >= 6 and <= 8 ? 5_200 : 3_800);

        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2026-01");
        var issue = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", "2026-01", "--print-format", "html", "--json");
        var statement = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", "A-WAT-1", "2026-01.txt"));
        var page = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", "A-WAT-1", "2026-01.html"));
        var emailed = File.ReadLines(Path.Combine(folder, "out", "delivery", "2026-01", "email", "outbox.csv")).Single(l => l.Contains(",A-WAT-1,", StringComparison.Ordinal));
        var tips = statement[statement.IndexOf("Ways to save", StringComparison.Ordinal)..statement.IndexOf("Ways to pay", StringComparison.Ordinal)]
            .Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        // Its Green Button download: the gallons between each two reads of a year, as a volume of potable water in US gallons (ESPI's codes), valid
        // against the schemas, and read back by an importer as gallons on a water meter.
        var export = await CliRunner.RunAsync(folder, "export", "greenbutton", "--meter", "M-WAT-1", "--from", "2025-01-01", "--to", "2026-01-01", "--out", "water.xml");
        var feed = File.ReadAllText(Path.Combine(folder, "water.xml"));
        var schemas = Path.Combine(Rating.ReferenceTariffTests.Reference, "greenbutton", "schemas");
        var imported = await CliRunner.JsonAsync(folder, "ingest", "water.xml", "--create-meters", "--db", "imported.db");
        var dials = File.ReadLines(Path.Combine(folder, "home-reads.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (At: DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture), Register: decimal.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        var firstIn = dials.FindIndex(d => d.At.Year == 2025);
        var lastIn = dials.FindLastIndex(d => d.At.Year == 2025);
        var read2025 = dials[lastIn + 1].Register - dials[firstIn].Register;

        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(0));
            Assert.That(issue.ExitCode, Is.EqualTo(0), issue.ToString());
            Assert.That(statement.Split('\n')[0], Does.EndWith(" — Your water statement"));
            Assert.That(page, Does.Contain("<h1>Your water statement</h1>").And.Contain("<title>Your water statement · "));
            Assert.That(emailed, Does.Contain(",Your January 2026 water statement,"), "the email's subject");
            Assert.That(statement, Does.Contain(" gal (").And.Not.Contain("kWh").And.Not.Contain("therm"));
            Assert.That(statement, Does.Contain("No neighbor comparison this month: we compare homes by their electricity use, and this bill is for water"));
            Assert.That(statement, Does.Contain("Water main break or emergency? Call 1-800-555-0199, day or night"));
            Assert.That(tips, Has.All.Contain(" gal, "), "only tips that save water");
            Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
            Assert.That(feed, Does.Contain("<espi:uom>128</espi:uom>").And.Contain("<espi:commodity>9</espi:commodity>").And.Contain("<espi:kind>2</espi:kind>")
                .And.Contain("<espi:kind>58</espi:kind>"), "US gallons of potable water, a volume, on a water service");
            if (Directory.Exists(schemas))
                Assert.That(Ingest.EspiSchemas.Validate(schemas, Path.Combine(folder, "water.xml")), Is.Empty);
            var meter = imported.GetProperty("meters")[0];
            Assert.That(meter.GetProperty("total").GetProperty("unit").GetString(), Is.EqualTo("gal"));
            Assert.That(meter.GetProperty("total").GetProperty("quantity").GetDecimal(), Is.EqualTo(read2025), "from the first read of 2025 to the one after the last");
            // The reads' days are written as every other date on it.
            Assert.That(statement, Does.Match(@"Meter M-WAT-1: Previous read [\d,]+ \([A-Z][a-z]{2} \d{1,2}, \d{4}\), Current read [\d,]+ \([A-Z][a-z]{2} \d{1,2}, \d{4}\)"));
        });
    }

    [Test]
    public async Task A_gas_home_read_each_billing_period_through_Green_Button_is_billed_on_those_readings_and_says_so()
    {
        using var utility = await DemoUtility.CreateAsync("gasgb", 120, 13);
        var folder = utility.Folder;
        await AddHomeAsync(folder, "GBG", "gas", "therm", "natural_gas", "1.1200", month => month is 12 or 1 or 2 ? 90 : month is >= 6 and <= 9 ? 12 : 40,
            greenButton: true);

        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2026-01");
        var statement = File.ReadAllText(OutputPaths.Inside(folder, "out", "statements", "A-GBG-1", "2026-01.txt"));
        var billed = TestDb.Query(folder, "SELECT usage_quantity, usage_unit, status FROM bills WHERE account_id = 'A-GBG-1' AND cycle = '2026-01'",
            r => (Usage: r.GetInt64(0) / 1_000_000m, Unit: r.GetString(1), Status: r.GetString(2))).Single();
        // Checked against its readings later: it agrees (not called unread for having no days).
        var reconciled = await CliRunner.JsonAsync(folder, "billrun", "reconcile", "--cycle", "2026-01");
        // The utility corrects January's reading (the last of the feed) from 90 to 95 therms: ingest says a bill may no longer agree and
        // names the cycle; reconcile lists the bill, and rebills it on the corrected reading.
        var feed0 = XDocument.Load(Path.Combine(folder, "home-reads.xml"));
        XNamespace espi = "http://naesb.org/espi";
        feed0.Descendants(espi + "IntervalReading").Last().Element(espi + "value")!.Value = "95000";
        feed0.Save(Path.Combine(folder, "corrected.xml"));
        var corrected = await CliRunner.JsonAsync(folder, "ingest", "corrected.xml");
        var rebilled = await CliRunner.JsonAsync(folder, "billrun", "reconcile", "--cycle", "2026-01", "--rebill");
        var after = TestDb.Query(folder, "SELECT usage_quantity FROM bills WHERE account_id = 'A-GBG-1' AND cycle = '2026-01' ORDER BY revision DESC LIMIT 1",
            r => r.GetInt64(0) / 1_000_000m).Single();
        // The reading that ends at December's read removed: December's bill is held, saying what it needs — not billed on November's again.
        var removed = TestDb.Execute(folder, "DELETE FROM period_reads WHERE meter_id = 'GB-BillingAccount-GBG-UsagePoint-1' AND end_utc >= $from AND end_utc < $to",
            ("$from", new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()), ("$to", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
        var december = await CliRunner.RunAsync(folder, "billrun", "--cycle", "2025-12", "--json");
        var held = TestDb.Query(folder, "SELECT status, hold_reason FROM bills WHERE account_id = 'A-GBG-1' AND cycle = '2025-12'",
            r => (Status: r.GetString(0), Reason: r.NullableString(1))).Single();
        // In the portal, once January's bill is sent: usage per bill, as a dial-read customer's, and a Green Button download of the readings.
        var issued = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", "2026-01", "--print-format", "html");
        var user = await CliRunner.JsonAsync(folder, "portal", "users", "add", "--account", "A-GBG-1");
        var database = UtilityDatabase.Open(DatabaseTarget.Parse(Path.Combine(folder, "utility-insights.db")));
        var app = UtilityInsights.Web.PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System);
        await app.StartAsync();
        string usage, feed;
        try
        {
            using var session = new UtilityInsights.IntegrationTests.Web.HttpSession(app.Urls.First());
            await session.SignInAsync("A-GBG-1", user.GetProperty("password").GetString()!);
            usage = await (await session.GetAsync("/usage")).Content.ReadAsStringAsync();
            feed = await (await session.GetAsync("/greenbutton?from=2025-01-01&through=2025-12-31")).Content.ReadAsStringAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        var readingsIn2025 = TestDb.Query(folder, "SELECT COUNT(*) FROM period_reads WHERE meter_id = 'GB-BillingAccount-GBG-UsagePoint-1' AND start_utc >= $from AND start_utc < $to",
            r => r.GetInt64(0), ("$from", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(-6)).ToUnixTimeSeconds()),
            ("$to", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-6)).ToUnixTimeSeconds())).Single();

        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(0));
            Assert.That(billed, Is.EqualTo((90m, "therm", "Draft")), "the reading that ends at January's read: 90 therms");
            Assert.That(statement, Does.Match(@"Meter GB-BillingAccount-GBG-UsagePoint-1: Read each billing period: usage from 1 reading of Dec \d{1,2} – Jan \d{1,2}, 2026, Multiplier 1"));
            Assert.That(statement, Does.Contain("90 therm (").And.Not.Contain("interval meter").And.Not.Contain("kWh"));
            // The months before, read the same way: each calendar month by the reading that ends in it (a winter month's 90, a spring one's 40).
            Assert.That(statement, Does.Contain("Monthly usage: Jan 90 therm, Feb 90 therm, Mar 40 therm,"));
            Assert.That(reconciled.GetProperty("changed").EnumerateArray().Select(c => c.GetProperty("account_id").GetString()), Does.Not.Contain("A-GBG-1"));
            Assert.That(reconciled.GetProperty("checked").GetInt32(), Is.GreaterThan(0));
            Assert.That((corrected.GetProperty("accepted").GetInt64(), corrected.GetProperty("duplicates").GetInt64(), corrected.GetProperty("conflicts").GetInt64()),
                Is.EqualTo((1L, 12L, 1L)), "the corrected reading replaces the one stored; the other twelve are as they were");
            Assert.That(corrected.GetProperty("reconcile_cycles").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "2026-01" }));
            var change = rebilled.GetProperty("changed").EnumerateArray().Single(c => c.GetProperty("account_id").GetString() == "A-GBG-1");
            Assert.That((change.GetProperty("billed").GetDecimal(), change.GetProperty("now").GetDecimal()), Is.EqualTo((90m, 95m)));
            Assert.That(change.GetProperty("rebilled").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Object));
            Assert.That(after, Is.EqualTo(95m), "rebilled on the corrected reading");
            Assert.That(removed, Is.EqualTo(1));
            Assert.That(december.ExitCode, Is.EqualTo(0), december.ToString());
            Assert.That(held.Status, Is.EqualTo("Held"));
            Assert.That(held.Reason, Does.Contain("cannot be billed for 2025-12").And.Contain("on its period reads").And.Contain("none missing between them"));
            Assert.That(issued.ExitCode, Is.EqualTo(0), issued.ToString());
            Assert.That(usage, Does.Contain("Usage per bill").And.Not.Contain("Daily usage").And.Not.Contain("<select id=\"month\""),
                "no days to show: its bills, as a dial-read meter's");
            Assert.That(usage, Does.Contain("action=\"/greenbutton\""));
            Assert.That(readingsIn2025, Is.GreaterThanOrEqualTo(11));
            Assert.That(System.Text.RegularExpressions.Regex.Count(feed, "<espi:IntervalReading>"), Is.EqualTo(readingsIn2025), "the readings that start in 2025, not an empty feed");
            Assert.That(feed, Does.Contain("<espi:uom>169</espi:uom>"));
        });
    }

    /// <summary>
    /// Adds a home on another commodity to a demo utility: account A-{id}-1, premise P-{id}-1 and dial-read meter M-{id}-1 on the route of the
    /// sample's first dial-read meter, read the same days (its register going up by <paramref name="monthlyUse"/> of the month read), on a
    /// one-rate tariff {id}-RES in <paramref name="unit"/>, billed by email. With <paramref name="greenButton"/>, its meter sends
    /// the same use as a Green Button feed of one reading a period between those days, as a gas utility's head-end gives them: the meter is
    /// the feed's usage point, GB-BillingAccount-{id}-UsagePoint-1. Returns the sample account line it copied (the neighbour's).
    /// </summary>
    private static async Task<string> AddHomeAsync(string folder, string id, string commodity, string unit, string heatingFuel, string rate, Func<int, int> monthlyUse,
        bool greenButton = false)
    {
        var sample = Path.Combine(folder, "out", "sample");
        var dialRead = File.ReadLines(Path.Combine(sample, "register-reads.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var electricMeter = dialRead[0][0];
        var premiseRow = File.ReadLines(Path.Combine(sample, "premises.csv")).Skip(1).First(l => l.Split(',')[2] == electricMeter).Split(',');
        var premiseHeader = File.ReadLines(Path.Combine(sample, "premises.csv")).First().Split(',');
        var accountLine = File.ReadLines(Path.Combine(sample, "accounts.csv")).Skip(1).First(l => l.StartsWith(premiseRow[1] + ",", StringComparison.Ordinal));
        // Split and joined again on every comma (a quoted address's too): only the channel, fourth from the end, is changed.
        var fields = accountLine.Split(',');
        fields[0] = $"A-{id}-1";
        fields[^3] = "email";
        File.WriteAllText(Path.Combine(folder, "home-accounts.csv"), File.ReadLines(Path.Combine(sample, "accounts.csv")).First() + "\n" + string.Join(',', fields) + "\n");
        var premise = premiseHeader.Zip(premiseRow).ToDictionary(p => p.First, p => p.Second);
        premise["premise_id"] = $"P-{id}-1";
        premise["account_id"] = $"A-{id}-1";
        premise["meter_id"] = greenButton ? $"GB-BillingAccount-{id}-UsagePoint-1" : $"M-{id}-1";
        premise["heating_fuel"] = heatingFuel;
        premise["tariff_id"] = $"{id}-RES";
        premise["has_solar"] = "false";
        File.WriteAllText(Path.Combine(folder, "home-premises.csv"), string.Join(',', premiseHeader) + "\n" + string.Join(',', premiseHeader.Select(h => premise[h])) + "\n");
        var readDays = dialRead.Where(r => r[0] == electricMeter).Select(r => DateTimeOffset.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
        var reads = "home-reads.csv";
        if (greenButton)
        {
            reads = "home-reads.xml";
            File.WriteAllText(Path.Combine(folder, reads), PeriodFeed(id, premise["time_zone"], readDays.Zip(readDays.Skip(1), (from, to) => (from, to, monthlyUse(to.Month)))));
        }
        else
        {
            var register = 5_000;
            File.WriteAllLines(Path.Combine(folder, reads), ["meter_id,read_at,register,unit,read_type,multiplier",
                .. readDays.Select(at =>
                {
                    register += monthlyUse(at.Month);
                    return $"M-{id}-1,{at:yyyy-MM-ddTHH:mm:sszzz},{register},{unit},actual,1";
                })]);
        }
        var tariff = JsonNode.Parse(File.ReadAllText(Path.Combine(sample, "tariffs", "RES-FLAT.json")))!;
        tariff["id"] = $"{id}-RES";
        tariff["name"] = $"Residential {char.ToUpperInvariant(commodity[0])}{commodity[1..]} Service";
        tariff["commodity"] = commodity;
        tariff["energy"]!["unit"] = unit;
        tariff["energy"]!["periods"]![0]!["tiers"]![0]!["rate"] = rate;
        tariff["riders"]![0]!["per"] = unit;
        File.WriteAllText(Path.Combine(folder, "home-tariff.json"), tariff.ToJsonString());
        foreach (var step in new[] { new[] { "tariffs", "import", "home-tariff.json" }, ["accounts", "import", "home-accounts.csv"], ["premises", "import", "home-premises.csv"],
                     ["ingest", reads, "--create-meters"] })
        {
            var done = await CliRunner.RunAsync(folder, step);
            Assert.That(done.ExitCode, Is.EqualTo(0), done.ToString());
        }
        return accountLine;
    }
    /// <summary>A gas Green Button feed (therms, in thousandths) of one reading a period, each from one read to the next, in the zone's local time.</summary>
    private static string PeriodFeed(string id, string timeZone, IEnumerable<(DateTimeOffset From, DateTimeOffset To, int Therms)> periods)
    {
        XNamespace atom = "http://www.w3.org/2005/Atom", espi = "http://naesb.org/espi";
        var usagePoint = $"/espi/BillingAccount/{id}/UsagePoint/1";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        XElement Entry(string self, XElement content, params string[] related) => new(atom + "entry",
            new XElement(atom + "link", new XAttribute("rel", "self"), new XAttribute("href", self)),
            related.Select(r => new XElement(atom + "link", new XAttribute("rel", "related"), new XAttribute("href", r))),
            new XElement(atom + "content", content));
        static XElement Period(XNamespace espi, string name, DateTimeOffset from, DateTimeOffset to) => new(espi + name,
            new XElement(espi + "duration", (long)(to - from).TotalSeconds), new XElement(espi + "start", from.ToUnixTimeSeconds()));
        var feed = new XElement(atom + "feed",
            Entry(usagePoint, new XElement(espi + "UsagePoint", new XElement(espi + "ServiceCategory", new XElement(espi + "kind", 1))),
                $"{usagePoint}/MeterReading", "/espi/LocalTimeParameters/1"),
            Entry("/espi/LocalTimeParameters/1", new XElement(espi + "LocalTimeParameters",
                new XElement(espi + "dstEndRule", "B40E2000"), new XElement(espi + "dstOffset", 3600), new XElement(espi + "dstStartRule", "360E2000"),
                new XElement(espi + "tzOffset", (long)zone.BaseUtcOffset.TotalSeconds))),
            Entry($"{usagePoint}/MeterReading/1", new XElement(espi + "MeterReading"), $"{usagePoint}/MeterReading/1/IntervalBlock", "/espi/ReadingType/1"),
            Entry("/espi/ReadingType/1", new XElement(espi + "ReadingType", new XElement(espi + "powerOfTenMultiplier", -3), new XElement(espi + "uom", 169))),
            Entry($"{usagePoint}/MeterReading/1/IntervalBlock/1", new XElement(espi + "IntervalBlock",
                periods.Select(p => new XElement(espi + "IntervalReading", Period(espi, "timePeriod", p.From, p.To), new XElement(espi + "value", p.Therms * 1000))))));
        return new XDocument(feed).ToString();
    }
}
