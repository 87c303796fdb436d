using System.Text.Json;
using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;

namespace UtilityInsights.IntegrationTests.Security;

/// <summary>
/// Issue 13, findings 1 and 2: an id can never become a path, one customer's bill never reaches
/// another, and one account that cannot be delivered never stops the issue of the others.
/// </summary>
public class IdsAndDeliveryTests
{
    private const string Cycle = "2026-01";
    private string root = null!;
    private string folder = null!;

    [OneTimeSetUp]
    public async Task CreateSampleUtilityAsync()
    {
        root = Directory.CreateTempSubdirectory("ui-ids-").FullName;
        folder = Path.Combine(root, "work", "utility");
        Directory.CreateDirectory(folder);
        var demo = await CliRunner.RunAsync(folder, "demo", "--premises", "30", "--months", "13", "--prepare-only");
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
    }

    [OneTimeTearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    [TestCase("../../../x")]
    [TestCase("/srv/x/y")]
    [TestCase("./A-000003")]
    [TestCase("A 000003")]
    [TestCase("A-00000\u00e9")]
    [TestCase("A\"003")]
    [TestCase(".hidden")]
    public async Task An_account_id_that_could_name_a_path_is_rejected_with_its_line_field_and_reason(string id)
    {
        var file = Path.Combine(folder, $"accounts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle\n" +
            $"\"{id.Replace("\"", "\"\"", StringComparison.Ordinal)}\",Eve,1 Main St,,eve@example.com,555-0100,en,email,R01\n" +
            "A-900001,Ann,2 Main St,,ann@example.com,555-0101,en,email,R01\n");

        var result = await CliRunner.RunAsync(folder, "accounts", "import", file);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        var rejects = await File.ReadAllLinesAsync(file + ".rejects.csv");
        Assert.That(rejects, Has.Length.EqualTo(2));
        Assert.That(rejects[1], Does.StartWith("2,account_id,"));
        Assert.That(TestDb.Query(folder, "SELECT COUNT(*) FROM accounts WHERE account_id = $id", r => r.GetInt64(0), ("$id", id))[0], Is.Zero);
        Assert.That(TestDb.Query(folder, "SELECT COUNT(*) FROM accounts WHERE account_id = 'A-900001'", r => r.GetInt64(0))[0], Is.EqualTo(1), "the good row is kept");
    }

    [Test]
    public async Task Ids_a_database_made_before_the_rule_holds_never_write_outside_the_output_folder_nor_reach_another_customer()
    {
        // A database made before the rule: accounts that are paths, one of them posing as A-000003 with another email and phone.
        foreach (var (bad, n) in new[] { ("./A-000003", 1), ("../../../escaped", 2), ("x/y", 3) })
        {
            TestDb.CopyRow(folder, "accounts", "account_id", "A-000003", ("account_id", bad), ("email", $"attacker{n}@example.com"), ("phone", $"555-99{n:00}"));
            TestDb.CopyRow(folder, "premises", "account_id", "A-000003", ("premise_id", $"P-BAD-{n}"), ("account_id", bad));
        }

        var check = await CliRunner.RunAsync(folder, "db", "check", "--json");
        var run = await CliRunner.RunAsync(folder, "billrun", "--cycle", Cycle, "--json");
        var issue = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", Cycle, "--print-format", "html", "--json");

        Assert.That(check.ExitCode, Is.EqualTo(2), check.ToString());
        var invalid = JsonDocument.Parse(check.Stdout).RootElement.GetProperty("invalid").EnumerateArray()
            .Where(i => i.GetProperty("column").GetString() == "account_id").Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.That(invalid, Is.SupersetOf(new[] { "./A-000003", "../../../escaped", "x/y" }));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        var skipped = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("invalid_ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(skipped, Is.EquivalentTo(new[] { "./A-000003", "../../../escaped", "x/y" }));
        Assert.That(issue.ExitCode, Is.EqualTo(0), issue.ToString());
        Assert.That(File.Exists(Path.Combine(root, "escaped", $"{Cycle}.html")) || Directory.Exists(Path.Combine(root, "work", "escaped")), Is.False,
            "nothing is written outside the output folder");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.That(files.Where(f => !f.StartsWith(Path.Combine("work", "utility") + Path.DirectorySeparatorChar, StringComparison.Ordinal)), Is.Empty);
        var outbox = await File.ReadAllTextAsync(Path.Combine(folder, "out", "delivery", Cycle, "email", "outbox.csv"));
        var texts = Path.Combine(folder, "out", "delivery", Cycle, "sms", "outbox.csv");
        var sms = File.Exists(texts) ? await File.ReadAllTextAsync(texts) : "";
        Assert.That(outbox + sms, Does.Not.Contain("attacker").And.Not.Contain("555-99"), "A-000003's bill goes to no one else");
    }

    [Test]
    public async Task An_account_that_cannot_be_delivered_is_reported_and_the_rest_are_issued_listed_and_charged_once()
    {
        const string cycle = "2025-12";
        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", cycle);
        Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(5));
        // A ready bill of an account whose id (stored before the rule) cannot name a file, in the middle of the cycle.
        TestDb.CopyRow(folder, "accounts", "account_id", "A-000010", ("account_id", "A-000010/evil"), ("email", "evil@example.com"));
        TestDb.CopyRow(folder, "bills", "bill_id", $"B-{cycle}-A-000010-1", ("bill_id", $"B-{cycle}-A-000010/evil-1"), ("account_id", "A-000010/evil"));
        var ready = TestDb.Query(folder, "SELECT COUNT(*) FROM bills WHERE cycle = $c AND status = 'Draft'", r => r.GetInt64(0), ("$c", cycle))[0];

        var first = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", cycle, "--print-format", "html", "--json");
        var second = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", cycle, "--print-format", "html", "--json");

        Assert.That(first.ExitCode, Is.EqualTo(2), first.ToString());
        var result = JsonDocument.Parse(first.Stdout).RootElement;
        Assert.That(result.GetProperty("issued").GetInt32(), Is.EqualTo(ready - 1), "every other bill is issued");
        var failed = result.GetProperty("failed").EnumerateArray().Single();
        Assert.That(failed.GetProperty("account_id").GetString(), Is.EqualTo("A-000010/evil"));
        Assert.That(failed.GetProperty("reason").GetString(), Does.Contain("path separator"));
        Assert.That(second.ExitCode, Is.EqualTo(2), second.ToString());
        Assert.That(JsonDocument.Parse(second.Stdout).RootElement.GetProperty("issued").GetInt32(), Is.Zero, "a re-run issues nothing twice");
        var charges = TestDb.Query(folder, "SELECT reference, COUNT(*) FROM ledger_entries WHERE kind = 'Charge' AND reference LIKE $c GROUP BY reference",
            r => (r.GetString(0), r.GetInt64(1)), ("$c", $"B-{cycle}-%"));
        Assert.That(charges, Has.Count.EqualTo(ready - 1));
        Assert.That(charges.All(c => c.Item2 == 1), "each charge posted once");
        var delivery = Path.Combine(folder, "out", "delivery", cycle);
        var lists = new[] { Path.Combine(delivery, "email", "outbox.csv"), Path.Combine(delivery, "print", "manifest.csv") }
            .Where(File.Exists).Select(f => File.ReadAllLines(f).Skip(1).Select(l => l.Split(',')[0]).ToList()).ToList();
        foreach (var list in lists)
            Assert.That(list, Has.Count.EqualTo(list.Distinct().Count()), "each bill listed once in each list");
        var listed = lists.SelectMany(l => l).Distinct().ToList();
        Assert.That(listed, Has.Count.EqualTo(ready - 1), "every issued bill is listed");
        Assert.That(listed, Does.Not.Contain($"B-{cycle}-A-000010/evil-1"));
    }
}
