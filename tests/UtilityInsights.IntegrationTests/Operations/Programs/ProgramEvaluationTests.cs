using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Operations.Programs;

/// <summary>
/// <c>program evaluate</c> on 2,000 generated homes, all through the command line: a planted 3 % saving
/// from July is recovered (its interval covers 3 and not 0); no saving is found where none was planted,
/// nor when the groups are shuffled after the fact; the HTML report is looked at in Chromium.
/// </summary>
[NonParallelizable]
public class ProgramEvaluationTests
{
    private const string ProgramStart = "2025-07-01";
    private string planted = null!;
    private string unplanted = null!;

    /// <summary>A sample of 2,000 homes over 2025 with a program from July, loaded into its folder's database with the sample's own assignment.</summary>
    private static async Task<string> LoadAsync(string name, string effect)
    {
        var folder = Directory.CreateTempSubdirectory($"ui-program-{name}-").FullName;
        async Task Run(params string[] args)
        {
            var result = await CliRunner.RunAsync(folder, args);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        }
        await Run("samples", "generate", "--premises", "2000", "--months", "12", "--start", "2025-01", "--seed", "7", "--out", "s",
            "--program-start", ProgramStart, "--treatment-effect", effect);
        await Run("accounts", "import", "s/accounts.csv");
        await Run("premises", "import", "s/premises.csv");
        var ingest = await CliRunner.RunAsync(folder, "ingest", "--create-meters", "s/interval-reads.csv", "s/register-reads.csv");
        Assert.That(ingest.ExitCode, Is.AnyOf(0, 2), ingest.ToString()); // the sample's planted read faults are rejected
        await Run("program", "import", "--name", "her", "--start", ProgramStart, "--assignments", "s/program-assignments.csv");
        return folder;
    }

    [OneTimeSetUp]
    public async Task LoadBothAsync()
    {
        planted = await LoadAsync("planted", "3");
        unplanted = await LoadAsync("none", "0");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { planted, unplanted })
        {
            if (folder is not null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static (double Savings, double Low, double High) Savings(JsonElement json) =>
        (json.GetProperty("savings_percent").GetDouble(), json.GetProperty("ci95")[0].GetDouble(), json.GetProperty("ci95")[1].GetDouble());

    [Test]
    public async Task A_planted_3_percent_saving_is_recovered_with_an_interval_covering_3_and_not_0()
    {
        var json = await CliRunner.JsonAsync(planted, "program", "evaluate", "--name", "her");
        var (savings, low, high) = Savings(json);

        Assert.Multiple(() =>
        {
            Assert.That(low, Is.LessThan(3).And.GreaterThan(0), $"{savings} % ({low} to {high})");
            Assert.That(high, Is.GreaterThan(3));
            var homes = json.GetProperty("homes");
            Assert.That(homes.GetProperty("treatment").GetInt32() + homes.GetProperty("control").GetInt32(), Is.EqualTo(2000));
            Assert.That(homes.GetProperty("control").GetInt32(), Is.InRange(330, 470), "about a fifth held out");
            Assert.That(json.GetProperty("balance").GetProperty("balanced").GetBoolean(), Is.True, "the groups were alike before the start");
            Assert.That(json.GetProperty("months").GetArrayLength(), Is.EqualTo(6), "July to December");
            Assert.That(json.GetProperty("method").GetString(), Does.Contain("Regression on pre-period usage"));
        });
    }

    [Test]
    public async Task With_no_saving_planted_the_interval_covers_zero()
    {
        var (savings, low, high) = Savings(await CliRunner.JsonAsync(unplanted, "program", "evaluate", "--name", "her"));

        Assert.That(low, Is.LessThan(0), $"{savings} % ({low} to {high})");
        Assert.That(high, Is.GreaterThan(0));
    }

    [Test]
    public async Task Groups_shuffled_after_the_fact_show_no_saving()
    {
        // The same homes and usage, the planted groups' labels dealt out again at random in the same proportions.
        var lines = await File.ReadAllLinesAsync(Path.Combine(planted, "s", "program-assignments.csv"));
        var groups = lines.Skip(1).Select(l => l.Split(',')[1]).ToArray();
        new Random(11).Shuffle(groups);
        var shuffled = Path.Combine(planted, "shuffled.csv");
        await File.WriteAllLinesAsync(shuffled, lines.Take(1).Concat(lines.Skip(1).Select((l, i) => l.Split(',')[0] + "," + groups[i])));
        var import = await CliRunner.RunAsync(planted, "program", "import", "--name", "shuffled", "--start", ProgramStart, "--assignments", shuffled);
        Assert.That(import.ExitCode, Is.EqualTo(0), import.ToString());

        var (savings, low, high) = Savings(await CliRunner.JsonAsync(planted, "program", "evaluate", "--name", "shuffled"));

        Assert.That(low, Is.LessThan(0), $"{savings} % ({low} to {high})");
        Assert.That(high, Is.GreaterThan(0));
    }

    [Test]
    public async Task An_assignment_file_with_bad_rows_stores_the_good_ones_and_lists_the_bad_with_line_and_reason()
    {
        var file = Path.Combine(planted, "partial.csv");
        await File.WriteAllTextAsync(file, "account_id,group\nA-000001,treatment\nA-000002,control\nA-999999,control\nA-000001,control\nA-000003,placebo\n../x,control\n");

        var result = await CliRunner.RunAsync(planted, "program", "import", "--name", "partial", "--start", ProgramStart, "--assignments", file);
        var again = await CliRunner.RunAsync(planted, "program", "import", "--name", "partial", "--start", ProgramStart, "--assignments", file);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stdout, Does.Contain("line 4, field account_id: is not a known account"));
            Assert.That(result.Stdout, Does.Contain("line 5, field account_id: is assigned twice in the file"));
            Assert.That(result.Stdout, Does.Contain("line 6, field group: is not treatment or control"));
            Assert.That(result.Stdout, Does.Contain("line 7, field account_id"));
            Assert.That(File.Exists(file + ".rejects.csv"), Is.True);
            Assert.That(result.Stdout, Does.Contain("1 accounts in treatment").Or.Contain("1 account in treatment"));
            Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
            Assert.That(again.Stderr, Does.Contain("already exists"));
        });
    }

    [Test]
    public async Task Evaluating_a_program_that_does_not_exist_or_before_its_start_is_a_clear_error()
    {
        var missing = await CliRunner.RunAsync(planted, "program", "evaluate", "--name", "nope");
        var early = await CliRunner.RunAsync(planted, "program", "evaluate", "--name", "her", "--from", "2025-03-01");

        Assert.Multiple(() =>
        {
            Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
            Assert.That(missing.Stderr, Does.Contain("no program named 'nope'"));
            Assert.That(early.ExitCode, Is.EqualTo(1), early.ToString());
            Assert.That(early.Stderr, Does.Contain("only usage after the start"));
        });
    }

    [TestCase(1280, 900)]
    [TestCase(390, 844)]
    public async Task The_report_shows_the_estimate_plots_and_balance_and_fits_the_screen(int width, int height)
    {
        var report = Path.Combine(planted, $"report-{width}.html");
        var json = await CliRunner.JsonAsync(planted, "program", "evaluate", "--name", "her", "--out", report);
        await using var browser = await ReportBrowser.OpenAsync(report, width, height, $"program-report-{width}px");
        var page = browser.Page;

        var savings = json.GetProperty("savings_percent").GetDouble().ToString("0.00", CultureInfo.InvariantCulture);
        Assert.Multiple(async () =>
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Program her");
            await Assertions.Expect(page.Locator(".headline")).ToContainTextAsync($"used {savings} % less");
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Average usage per home and day, treatment and control" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Savings in percent of the control group's usage, with 95 % intervals, by month" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Were the groups alike before the start?")).ToBeVisibleAsync();
            Assert.That(await browser.ScrollWidthAsync(), Is.LessThanOrEqualTo(width), "nothing scrolls sideways");
        });
    }
}
