using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Web;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// Issue 15, step 2.1: the statement a customer was sent is stored once with the bill, and every
/// channel shows exactly that, whatever changed in the database afterwards.
/// </summary>
public partial class BillOfRecordTests
{
    [GeneratedRegex(@"""rate"": ""(?<rate>[0-9.]+)""")]
    private static partial Regex Rate();

    [Test]
    public async Task After_new_reads_a_new_tariff_version_a_new_cohort_model_and_a_payment_every_channel_shows_the_bill_as_it_was_issued()
    {
        var folder = Directory.CreateTempSubdirectory("ui-record-").FullName;
        try
        {
            var demo = await CliRunner.JsonAsync(folder, "demo", "--premises", "60", "--months", "13", "--print-format", "html");
            var cycle = demo.GetProperty("cycle").GetString()!;
            var delivery = Path.Combine(folder, "out", "delivery", cycle);
            var readsCsv = File.ReadAllLines(Path.Combine(folder, "out", "sample", "interval-reads.csv"));
            // An emailed customer with an interval meter, so that new reads change their month.
            var (billId, account, meter, tariff) = File.ReadAllLines(Path.Combine(delivery, "email", "outbox.csv")).Skip(1)
                .Select(l => l.Split(','))
                .Select(c => (Bill: c[0], Account: c[1], Premise: TestDb.Query(folder, "SELECT meter_id, tariff_id FROM premises WHERE account_id = $a",
                    r => (r.GetString(0), r.GetString(1)), ("$a", c[1]))[0]))
                .Where(x => readsCsv.Any(l => l.StartsWith(x.Premise.Item1 + "," + cycle, StringComparison.Ordinal)))
                .Select(x => (x.Bill, x.Account, x.Premise.Item1, x.Premise.Item2)).First();
            var emailed = await File.ReadAllTextAsync(StatementFiles.Named(Path.Combine(delivery, "email"), account, "html"));
            var emailedText = await File.ReadAllTextAsync(Path.Combine(delivery, "email", $"{account}.txt"));

            // Everything a rebuilt statement would read changes.
            var newReads = Path.Combine(folder, "corrected.csv");
            await File.WriteAllLinesAsync(newReads, readsCsv.Take(1).Concat(readsCsv.Where(l => l.StartsWith(meter + "," + cycle, StringComparison.Ordinal))
                .Select(l => l.Split(',')).Select(c => string.Join(',', c[0], c[1], c[2],
                    (decimal.Parse(c[3], CultureInfo.InvariantCulture) * 2 + 0.5m).ToString(CultureInfo.InvariantCulture), c[4], "A"))));
            var tariffFile = Path.Combine(folder, "new-tariff.json");
            var tariffJson = await File.ReadAllTextAsync(Path.Combine(folder, "out", "sample", "tariffs", tariff + ".json"));
            await File.WriteAllTextAsync(tariffFile, Rate().Replace(tariffJson, m => $"\"rate\": \"{decimal.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture) + 0.05m}\"", 1));
            var payments = Path.Combine(folder, "payments.csv");
            await File.WriteAllTextAsync(payments, $"account_id,paid_at,amount,method,reference\n{account},{cycle}-20,25.00,card,REC-1\n");
            Assert.That((await CliRunner.RunAsync(folder, "ingest", newReads)).ExitCode, Is.EqualTo(0));
            Assert.That((await CliRunner.RunAsync(folder, "tariffs", "import", tariffFile)).ExitCode, Is.EqualTo(0));
            Assert.That((await CliRunner.RunAsync(folder, "cohorts", "train")).ExitCode, Is.EqualTo(0));
            Assert.That((await CliRunner.RunAsync(folder, "payments", "import", payments)).ExitCode, Is.EqualTo(0));

            var database = UtilityDatabase.Open(Path.Combine(folder, "utility-insights.db"));
            var renderer = StatementRenderer.Default();
            using var pages = new StatementPages(database, renderer, TipCatalog.Default(), BrandingConfig.Default());
            var bill = (await database.Bills.GetAsync(new AccountId(account), cycle, CancellationToken.None))!;
            var portal = await pages.HtmlAsync(bill, CancellationToken.None);
            var rendered = await CliRunner.JsonAsync(folder, "statements", "render", "--account", account, "--cycle", cycle, "--format", "html", "--out", "again.html");
            var renderedText = await CliRunner.RunAsync(folder, "statements", "render", "--account", account, "--cycle", cycle, "--format", "text", "--out", "again.txt");
            var rebuilt = renderer.RenderHtml((await new StatementBuilder(database, TipCatalog.Default(), BrandingConfig.Default())
                .BuildAsync(new AccountId(account), cycle, renderer, CancellationToken.None)).Model);

            Assert.Multiple(() =>
            {
                Assert.That(bill.BillId, Is.EqualTo(billId));
                Assert.That(rebuilt, Is.Not.EqualTo(emailed), "the data changed: a statement rebuilt today would differ");
                Assert.That(portal, Is.EqualTo(emailed), "the portal shows the bill as it was emailed");
                Assert.That(rendered.GetProperty("source").GetString(), Is.EqualTo("bill_of_record"));
                Assert.That(File.ReadAllText(Path.Combine(folder, "again.html")), Is.EqualTo(emailed), "statements render gives the bill as sent");
                Assert.That(renderedText.ExitCode, Is.EqualTo(0));
                Assert.That(File.ReadAllText(Path.Combine(folder, "again.txt")), Is.EqualTo(emailedText));
                Assert.That(File.ReadAllText(Path.Combine(folder, "out", "statements", account, cycle + ".html")), Is.EqualTo(emailed), "the bill run's file is the same document");
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task After_the_templates_change_an_issued_bill_still_renders_as_it_was_sent_and_a_new_statement_uses_the_new_ones()
    {
        var folder = Directory.CreateTempSubdirectory("ui-templates-").FullName;
        try
        {
            var demo = await CliRunner.JsonAsync(folder, "demo", "--premises", "30", "--months", "3", "--print-format", "html");
            var cycle = demo.GetProperty("cycle").GetString()!;
            var delivery = Path.Combine(folder, "out", "delivery", cycle);
            var account = File.ReadAllLines(Path.Combine(delivery, "email", "outbox.csv")).Skip(1).Select(l => l.Split(',')[1]).First();
            var emailed = await File.ReadAllTextAsync(StatementFiles.Named(Path.Combine(delivery, "email"), account, "html"));

            // A new release of the templates: another title and another layout rule.
            var changed = Path.Combine(folder, "templates-2");
            foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "templates"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(changed, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "templates"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var english = Path.Combine(changed, "i18n", "en.json");
            await File.WriteAllTextAsync(english, (await File.ReadAllTextAsync(english)).Replace("\"Your energy statement\"", "\"Your monthly energy bill\"", StringComparison.Ordinal));
            var newRelease = StatementRenderer.Load(changed);

            var database = UtilityDatabase.Open(Path.Combine(folder, "utility-insights.db"));
            using var pages = new StatementPages(database, newRelease, TipCatalog.Default(), BrandingConfig.Default());
            var bill = (await database.Bills.GetAsync(new AccountId(account), cycle, CancellationToken.None))!;
            var portal = await pages.HtmlAsync(bill, CancellationToken.None);
            var preview = newRelease.RenderHtml((await new StatementBuilder(database, TipCatalog.Default(), BrandingConfig.Default())
                .BuildAsync(new AccountId(account), cycle, newRelease, CancellationToken.None)).Model);

            Assert.Multiple(() =>
            {
                Assert.That(newRelease.TemplateVersion, Is.Not.EqualTo(StatementRenderer.Default().TemplateVersion));
                Assert.That(emailed, Does.Contain("Your energy statement"));
                Assert.That(portal, Is.EqualTo(emailed), "the issued bill renders with the templates it was sent with");
                Assert.That(preview, Does.Contain("Your monthly energy bill"), "a statement made now uses the new templates");
                Assert.That(TestDb.Query(folder, "SELECT COUNT(*) FROM template_sets", r => r.GetInt64(0))[0], Is.EqualTo(1L), "the bill run kept its templates once");
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Without_statement_files_the_bill_of_record_still_serves_issue_and_render()
    {
        using var utility = await DemoUtility.CreateAsync("no-files", 30, 3);
        var folder = utility.Folder;

        var run = await CliRunner.JsonAsync(folder, "billrun", "--cycle", "2025-03", "--no-statement-files");
        var issue = await CliRunner.JsonAsync(folder, "billrun", "issue", "--cycle", "2025-03", "--print-format", "html");
        var account = Directory.GetFiles(Path.Combine(folder, "out", "delivery", "2025-03", "email"), "*.html").Select(Path.GetFileNameWithoutExtension).First()!;
        var render = await CliRunner.JsonAsync(folder, "statements", "render", "--account", account, "--cycle", "2025-03", "--format", "html", "--out", "rendered.html");

        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("billed").GetInt32(), Is.GreaterThan(20));
            Assert.That(run.GetProperty("out").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Directory.Exists(Path.Combine(folder, "out", "statements")), Is.False, "no statement files written");
            Assert.That(issue.GetProperty("issued").GetInt32(), Is.EqualTo(run.GetProperty("billed").GetInt32()), "every ready bill issued from its document");
            Assert.That(issue.GetProperty("failed").GetArrayLength(), Is.Zero);
            Assert.That(render.GetProperty("source").GetString(), Is.EqualTo("bill_of_record"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "rendered.html")),
                Is.EqualTo(File.ReadAllText(StatementFiles.Named(Path.Combine(folder, "out", "delivery", "2025-03", "email"), account, "html"))), "the email is the bill of record");
        });
    }

    [Test]
    public void A_statement_document_round_trips_to_the_same_statement()
    {
        var model = JsonSerializer.Deserialize<StatementModel>(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../UtilityInsights.Tests/Statements/golden/english.model.json")))!;
        var renderer = StatementRenderer.Default();

        var stored = StatementDocument.Write(model, renderer.TemplateVersion);
        var (back, template) = StatementDocument.Read(stored);

        Assert.That(template, Is.EqualTo(renderer.TemplateVersion));
        Assert.That(renderer.RenderHtml(back), Is.EqualTo(renderer.RenderHtml(model)));
        Assert.That(renderer.RenderText(back), Is.EqualTo(renderer.RenderText(model)));
        Assert.That(stored.Length, Is.LessThan(JsonSerializer.SerializeToUtf8Bytes(model).Length / 2), "compressed");
    }
}
