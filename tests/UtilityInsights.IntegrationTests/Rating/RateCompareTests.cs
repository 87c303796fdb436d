using Microsoft.Playwright;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Rating;

/// <summary><c>rate compare</c> on the reference tariffs and a reference load: the ranking, why the cheapest is cheaper, and the HTML page.</summary>
public class RateCompareTests
{
    private static readonly string Urdb = Path.Combine(ReferenceTariffTests.Reference, "urdb");
    private static readonly string Load = Path.Combine(ReferenceTariffTests.Reference, "loads", "greenbutton-inland-hourly.csv");
    private const string Current = "flat_demand_res__539fb812ec4f024bc1dc1341";
    private string folder = null!;

    [SetUp]
    public void Create()
    {
        if (!Directory.Exists(Urdb))
            Assert.Ignore($"../shared/reference is not beside the project ({Urdb}).");
        folder = Directory.CreateTempSubdirectory("ui-compare-").FullName;
    }

    [TearDown]
    public void Remove()
    {
        if (folder is not null)
            Directory.Delete(folder, recursive: true);
    }

    private Task<CliResult> CompareAsync(params string[] more) =>
        CliRunner.RunAsync(folder, ["rate", "compare", "--reads", Load, "--tariffs", Urdb, "--time-zone", "Etc/GMT+5", .. more]);

    [Test]
    public async Task The_cheapest_tariff_is_explained_against_the_current_one_category_by_category_and_the_parts_add_up()
    {
        var result = await CompareAsync("--current", Current, "--text-charge", "City Fixed Charge", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString()); // the coincident-demand tariff is refused and listed
        using var document = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var tariffs = root.GetProperty("tariffs").EnumerateArray().ToList();
        var explanation = root.GetProperty("explanation");
        var totals = tariffs.Select(t => t.GetProperty("annual_total").GetDecimal()).ToList();
        var current = tariffs.Single(t => t.GetProperty("current").GetBoolean());

        Assert.Multiple(() =>
        {
            Assert.That(totals, Is.Ordered, "cheapest first");
            Assert.That(tariffs.Select(t => t.GetProperty("charges").EnumerateObject().Sum(c => c.Value.GetDecimal())),
                Is.EqualTo(totals), "each tariff's categories add up to its total");
            Assert.That(tariffs.Any(t => t.GetProperty("file").GetString()!.StartsWith("tou_simple", StringComparison.Ordinal)), Is.True,
                "the tariff with text charges is compared once the one that applies is named");
            Assert.That(explanation.GetProperty("from").GetString(), Is.EqualTo(current.GetProperty("id").GetString()));
            Assert.That(explanation.GetProperty("to").GetString(), Is.EqualTo(tariffs[0].GetProperty("id").GetString()));
            Assert.That(explanation.GetProperty("difference").GetDecimal(), Is.EqualTo(totals[0] - current.GetProperty("annual_total").GetDecimal()));
            Assert.That(explanation.GetProperty("categories").EnumerateArray().Sum(c => c.GetProperty("difference").GetDecimal()),
                Is.EqualTo(explanation.GetProperty("difference").GetDecimal()), "the categories' differences add up to the difference");
            Assert.That(explanation.GetProperty("words").GetString(), Does.StartWith("Moving from Residential- Demand to ").And.Contain("demand −$"));
            Assert.That(root.GetProperty("refused").EnumerateArray().Single().GetProperty("reason").GetString(), Does.Contain("coincident"));
        });
    }

    [Test]
    public async Task Without_a_current_tariff_the_cheapest_is_explained_against_the_runner_up_and_an_unknown_current_one_is_a_clear_error()
    {
        var runnerUp = await CompareAsync("--json");
        var unknown = await CompareAsync("--current", "no-such-tariff");
        using var document = System.Text.Json.JsonDocument.Parse(runnerUp.Stdout);
        var tariffs = document.RootElement.GetProperty("tariffs").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("explanation").GetProperty("from").GetString(), Is.EqualTo(tariffs[1].GetProperty("id").GetString()));
            Assert.That(document.RootElement.GetProperty("explanation").GetProperty("words").GetString(), Does.Contain("less than the runner-up"));
            Assert.That(unknown.ExitCode, Is.EqualTo(1), unknown.ToString());
            Assert.That(unknown.Stderr, Does.Contain("--current no-such-tariff: no tariff of the folder").And.Contain(Current));
        });
    }

    /// <summary>A load that starts and ends mid-month is compared on its whole months; the two it covers in part are named, not billed whole.</summary>
    [Test]
    public async Task A_customers_Green_Button_download_is_rated_and_compared_as_its_reads_are_and_gas_or_billing_period_readings_are_refused_saying_why()
    {
        // The inland home's Green Button file (2011, Pacific time) is the reference load's source (relabelled to 2018 at UTC−05:00).
        var feed = Path.Combine(ReferenceTariffTests.Reference, "greenbutton", "samples", "electricity", "Inland_Single_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_9.xml.gz");
        var monthly = Path.Combine(ReferenceTariffTests.Reference, "greenbutton", "samples", "natural_gas",
            "ngma_natural_gas_billing_billing_data_Service_1_1_2021-05-26_to_2024-04-25.xml");
        var tariff = Path.Combine(Urdb, Current + ".json");
        var fromFeed = await CliRunner.JsonAsync(folder, "rate", "--tariff", tariff, "--reads", feed, "--from", "2011-01-01", "--to", "2012-01-01");
        var fromCsv = await CliRunner.JsonAsync(folder, "rate", "--tariff", tariff, "--reads", Load, "--from", "2018-01-01", "--to", "2019-01-01", "--time-zone", "Etc/GMT+5");
        var compared = await CliRunner.RunAsync(folder, "rate", "compare", "--reads", feed, "--tariffs", Urdb, "--json");
        var therms = Path.Combine(folder, "therms.csv");
        await File.WriteAllLinesAsync(therms, ["meter_id,interval_start,interval_minutes,quantity,unit,quality", "G-1,2025-01-01T00:00:00-06:00,60,0.5,therm,A"]);
        var gas = await CliRunner.RunAsync(folder, "rate", "--tariff", tariff, "--reads", therms, "--from", "2025-01-01", "--to", "2025-02-01");
        var periods = await CliRunner.RunAsync(folder, "rate", "compare", "--reads", monthly, "--tariffs", Urdb);
        static decimal Kwh(System.Text.Json.JsonElement rated) => rated.GetProperty("bills").EnumerateArray().Sum(b => b.GetProperty("usage").GetProperty("quantity").GetDecimal());

        Assert.Multiple(() =>
        {
            Assert.That(fromFeed.GetProperty("time_zone").GetString(), Is.EqualTo("America/Los_Angeles"), "the zone its LocalTimeParameters give");
            Assert.That(Kwh(fromFeed), Is.EqualTo(8343.306m).And.EqualTo(Kwh(fromCsv)), "the same year of reads");
            Assert.That(fromFeed.GetProperty("bills").GetArrayLength(), Is.EqualTo(12));
            Assert.That(compared.ExitCode, Is.EqualTo(2), compared.ToString()); // as from the CSV: the coincident-demand tariff is refused and listed
            using var ranking = System.Text.Json.JsonDocument.Parse(compared.Stdout);
            Assert.That((ranking.RootElement.GetProperty("from").GetString(), ranking.RootElement.GetProperty("to").GetString()), Is.EqualTo(("2011-01-01", "2012-01-01")));
            Assert.That(gas.ExitCode, Is.EqualTo(1), gas.ToString());
            Assert.That(gas.Stderr, Does.Contain("reads in therm: rate and rate compare price electricity (kWh)").And.Not.Contain("internal error"));
            Assert.That(periods.ExitCode, Is.EqualTo(1), periods.ToString());
            Assert.That(periods.Stderr, Does.Contain("is not an interval").And.Contain("not readings over billing periods"));
        });
    }

    [Test]
    public async Task A_load_starting_and_ending_mid_month_is_compared_on_its_whole_months_and_says_which_were_left_out()
    {
        var lines = await File.ReadAllLinesAsync(Load);
        var part = Path.Combine(folder, "part.csv");
        // January 15th, noon, to December 10th: 16.5 days of January's 31 and 10 of December's; and June 10th to 14th missing.
        static bool Between(string line, string from, string to) => string.CompareOrdinal(line.Split(',')[1], from) >= 0 && string.CompareOrdinal(line.Split(',')[1], to) < 0;
        await File.WriteAllLinesAsync(part, [lines[0], .. lines.Skip(1).Where(l => Between(l, "2018-01-15T12", "2018-12-11") && !Between(l, "2018-06-10", "2018-06-15"))]);
        var day = Path.Combine(folder, "day.csv");
        await File.WriteAllLinesAsync(day, [lines[0], .. lines.Skip(1).Take(24)]);
        string[] common = ["rate", "compare", "--tariffs", Urdb, "--time-zone", "Etc/GMT+5", "--text-charge", "City Fixed Charge"];

        var json = await CliRunner.RunAsync(folder, [.. common, "--reads", part, "--json"]);
        var text = await CliRunner.RunAsync(folder, [.. common, "--reads", part]);
        var none = await CliRunner.RunAsync(folder, [.. common, "--reads", day]);
        using var document = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That((root.GetProperty("from").GetString(), root.GetProperty("to").GetString()), Is.EqualTo(("2018-02-01", "2018-12-01")));
            Assert.That(root.GetProperty("tariffs").EnumerateArray().Select(t => t.GetProperty("months").GetInt32()), Has.All.EqualTo(10));
            Assert.That(root.GetProperty("left_out").EnumerateArray().Select(m => (m.GetProperty("month").GetString(), m.GetProperty("read_days").GetDecimal(),
                m.GetProperty("days").GetInt32())), Is.EqualTo(new[] { ("2018-01", 16.5m, 31), ("2018-12", 10m, 31) }));
            Assert.That(root.GetProperty("partly_read").EnumerateArray().Select(m => (m.GetProperty("month").GetString(), m.GetProperty("read_days").GetDecimal())),
                Is.EqualTo(new[] { ("2018-06", 25m) }), "a gap inside the compared months is named, not hidden");
            // The console wraps at its width: the words, one space between them.
            Assert.That(System.Text.RegularExpressions.Regex.Replace(text.Stdout, @"\s+", " "), Does.Contain("Feb 2018 – Nov 2018, cheapest first")
                .And.Contain("Left out, not read whole: Jan 2018 (reads for 16 days 12 hours of its 31 days), Dec 2018 (reads for 10 days of its 31 days).")
                .And.Contain("Compared on the reads they have: Jun 2018 (reads for 25 days of its 30 days)."));
            Assert.That(none.ExitCode, Is.EqualTo(1), none.ToString());
            Assert.That(none.Stderr, Does.Contain("the reads (2018-01-01 to 2018-01-01) cover no calendar month whole: tariffs are compared on whole months."));
        });
    }

    [Test]
    public async Task The_HTML_page_shows_the_ranking_the_explanation_and_a_plot_per_tariff_on_one_scale()
    {
        var page = Path.Combine(folder, "compare.html");
        var result = await CompareAsync("--current", Current, "--out", page, "--json");
        using var document = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var ranked = document.RootElement.GetProperty("tariffs").GetArrayLength();
        await using var browser = await ReportBrowser.OpenAsync(page, 1280, 900, "rate-compare");
        var view = browser.Page;

        await Assertions.Expect(view.Locator(".headline")).ToContainTextAsync("Moving from Residential- Demand to");
        await Assertions.Expect(view.Locator("tr.current")).ToContainTextAsync("(current)");
        Assert.That(await view.GetByRole(AriaRole.Img).CountAsync(), Is.EqualTo(ranked), "one plot per tariff");
        Assert.That(await browser.ScrollWidthAsync(), Is.LessThanOrEqualTo(1280), "nothing scrolls sideways");
    }
}
