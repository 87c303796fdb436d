using System.Globalization;
using System.Text.Json.Nodes;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>A gas customer among the electricity ones: a bill in therms that compares and advises only what is true of gas, and a draw that leaves it out.</summary>
public class GasBillTests
{
    [Test]
    public async Task A_gas_home_is_left_out_of_the_cohorts_and_its_bill_says_why_and_gives_only_tips_that_save_gas()
    {
        using var utility = await DemoUtility.CreateAsync("gas", 120, 13);
        var folder = utility.Folder;
        var sample = Path.Combine(folder, "out", "sample");
        // A gas-heated home on the route of the sample's first dial-read meter, read the same days, in therms.
        var dialRead = File.ReadLines(Path.Combine(sample, "register-reads.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var electricMeter = dialRead[0][0];
        var premiseRow = File.ReadLines(Path.Combine(sample, "premises.csv")).Skip(1).First(l => l.Split(',')[2] == electricMeter).Split(',');
        var premiseHeader = File.ReadLines(Path.Combine(sample, "premises.csv")).First().Split(',');
        var accountLine = File.ReadLines(Path.Combine(sample, "accounts.csv")).Skip(1).First(l => l.StartsWith(premiseRow[1] + ",", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "gas-accounts.csv"), File.ReadLines(Path.Combine(sample, "accounts.csv")).First() + "\n" +
            "A-GAS-1" + accountLine[accountLine.IndexOf(',', StringComparison.Ordinal)..] + "\n");
        var premise = premiseHeader.Zip(premiseRow).ToDictionary(p => p.First, p => p.Second);
        premise["premise_id"] = "P-GAS-1";
        premise["account_id"] = "A-GAS-1";
        premise["meter_id"] = "M-GAS-1";
        premise["heating_fuel"] = "natural_gas";
        premise["tariff_id"] = "GAS-RES";
        premise["has_solar"] = "false";
        File.WriteAllText(Path.Combine(folder, "gas-premises.csv"), string.Join(',', premiseHeader) + "\n" + string.Join(',', premiseHeader.Select(h => premise[h])) + "\n");
        var register = 5_000;
        File.WriteAllLines(Path.Combine(folder, "gas-reads.csv"), ["meter_id,read_at,register,unit,read_type,multiplier",
            .. dialRead.Where(r => r[0] == electricMeter).Select(r =>
            {
                var month = int.Parse(r[1][5..7], CultureInfo.InvariantCulture);
                register += month is 12 or 1 or 2 ? 90 : month is >= 6 and <= 9 ? 12 : 40;
                return $"M-GAS-1,{r[1]},{register},therm,actual,1";
            })]);
        var tariff = JsonNode.Parse(File.ReadAllText(Path.Combine(sample, "tariffs", "RES-FLAT.json")))!;
        tariff["id"] = "GAS-RES";
        tariff["name"] = "Residential Gas Service";
        tariff["commodity"] = "gas";
        tariff["energy"]!["unit"] = "therm";
        tariff["energy"]!["periods"]![0]!["tiers"]![0]!["rate"] = "1.1200";
        tariff["riders"]![0]!["per"] = "therm";
        File.WriteAllText(Path.Combine(folder, "gas.json"), tariff.ToJsonString());
        foreach (var step in new[] { new[] { "tariffs", "import", "gas.json" }, ["accounts", "import", "gas-accounts.csv"], ["premises", "import", "gas-premises.csv"],
                     ["ingest", "gas-reads.csv", "--create-meters"] })
        {
            var done = await CliRunner.RunAsync(folder, step);
            Assert.That(done.ExitCode, Is.EqualTo(0), done.ToString());
        }

        var train = await CliRunner.JsonAsync(folder, "cohorts", "train");
        var cohort = TestDb.Query(folder, "SELECT COUNT(*) FROM cohort_assignments WHERE premise_id = 'P-GAS-1'", r => r.GetInt64(0)).Single();
        var program = await CliRunner.JsonAsync(folder, "program", "create", "--name", "reports", "--start", "2025-12-01");
        // An evaluator's own assignment that holds the gas home: evaluated without it.
        var accounts = File.ReadLines(Path.Combine(folder, "gas-accounts.csv")).Skip(1).Concat(File.ReadLines(Path.Combine(sample, "accounts.csv")).Skip(1))
            .Select(l => l.Split(',')[0]).ToList();
        File.WriteAllLines(Path.Combine(folder, "assignments.csv"), ["account_id,group", .. accounts.Select((a, i) => $"{a},{(i % 2 == 0 ? "treatment" : "control")}")]);
        await CliRunner.JsonAsync(folder, "program", "import", "--name", "imported", "--start", "2025-07-01", "--assignments", "assignments.csv");
        var evaluated = await CliRunner.JsonAsync(folder, "program", "evaluate", "--name", "imported");
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
}
