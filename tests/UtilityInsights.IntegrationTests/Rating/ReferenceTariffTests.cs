using System.Text.Json;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Rating;
using UtilityInsights.Time;

namespace UtilityInsights.IntegrationTests.Rating;

/// <summary>
/// The engine on the real tariffs and load profiles of ../shared/reference. Expected amounts were
/// computed independently, by hand (a short script over the CSV with the URDB rules), not by this engine.
/// </summary>
public class ReferenceTariffTests
{
    internal static readonly string Reference = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../../shared/reference"));
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    private static IEnumerable<string> UrdbFiles() =>
        Directory.Exists(Path.Combine(Reference, "urdb"))
            ? Directory.EnumerateFiles(Path.Combine(Reference, "urdb"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!
            : ["(shared/reference missing)"];

    private static string Urdb(string file)
    {
        var path = Path.Combine(Reference, "urdb", file);
        if (!File.Exists(path))
            Assert.Ignore($"../shared/reference is not beside the project ({path}).");
        return path;
    }

    private static List<UsageInterval> Load(string file)
    {
        var path = Path.Combine(Reference, "loads", file);
        if (!File.Exists(path))
            Assert.Ignore($"../shared/reference is not beside the project ({path}).");
        return Ingestion.Reads.IntervalCsv.Read(path).Select(r => new UsageInterval(r.Read.Start, r.Read.IntervalMinutes, r.Read.Quantity.Value)).ToList();
    }

    private static readonly Dictionary<string, string> ExpectedRefusals = new(StringComparer.Ordinal)
    {
        ["com_coincident__53be967e5257a37a15b4b9fa.json"] = "coincidentratestructure",
        ["tou_simple__53eb8b535257a368616fb30f.json"] = "fixedattrs",
    };

    [TestCaseSource(nameof(UrdbFiles))]
    public void Each_reference_URDB_tariff_imports_or_is_refused_naming_the_unsupported_feature(string file)
    {
        var json = File.ReadAllText(Urdb(file));

        if (ExpectedRefusals.TryGetValue(file, out var field))
        {
            var error = Assert.Throws<TariffException>(() => UrdbTariffImporter.Import(json));
            Assert.That(error!.Field, Is.EqualTo(field));
            return;
        }
        var tariff = UrdbTariffImporter.Import(json).Single();
        var bills = CalendarMonthRater.Rate(tariff, Load("ssc-residential-hourly.csv"), Est, new DateOnly(2018, 1, 1), new DateOnly(2019, 1, 1));
        Assert.That(bills, Has.Count.EqualTo(12));
        Assert.That(bills.All(b => b.Total.Amount == b.Lines.Sum(l => l.Amount.Amount) && b.Lines.All(l => l.Amount.IsRounded)), Is.True);
    }

    private static RatedBill January(string tariffFile, string loadFile) =>
        CalendarMonthRater.Rate(UrdbTariffImporter.Import(File.ReadAllText(Urdb(tariffFile))).Single(), Load(loadFile), Est, new DateOnly(2018, 1, 1), new DateOnly(2018, 2, 1)).Single();

    [Test]
    public void TOU_with_tiers_on_the_SAM_residential_load_in_January()
    {
        var bill = January("tou_tiered__539f755bec4f024411ed12dd.json", "ssc-residential-hourly.csv");

        Assert.That(bill.Lines.Select(l => l.Amount.Amount), Is.EqualTo(new[] { 24.93m, 14.76m, 24.25m }));
        Assert.That(bill.Usage.Value, Is.EqualTo(375.090543m));
    }

    [Test]
    public void Daily_tiers_on_the_Chicago_load_in_January()
    {
        var bill = January("kwh_daily_tiers__539fb9b6ec4f024bc1dc25bd.json", "crb-chicago-9000kwh-hourly.csv");

        Assert.That(bill.Total.Amount, Is.EqualTo(68.76m));
    }

    [Test]
    public void Flat_demand_on_the_Chicago_load_in_January()
    {
        var bill = January("flat_demand_res__539fb812ec4f024bc1dc1341.json", "crb-chicago-9000kwh-hourly.csv");

        Assert.Multiple(() =>
        {
            Assert.That(bill.Charges(ChargeCategory.Energy).Amount, Is.EqualTo(41.04m));
            Assert.That(bill.Charges(ChargeCategory.Demand).Amount, Is.EqualTo(14.17m));
            Assert.That(bill.Charges(ChargeCategory.Fixed).Amount, Is.EqualTo(25.00m));
            Assert.That(bill.PeakKw, Is.EqualTo(1.771597m));
        });
    }

    [Test]
    public void A_daily_fixed_charge_uses_the_actual_days_of_the_month()
    {
        var bill = January("fixed_per_day__596ebab65457a38a493f1f7c.json", "ssc-residential-hourly.csv");

        Assert.That(bill.Charges(ChargeCategory.Fixed).Amount, Is.EqualTo(16.43m));
    }

    [Test]
    public void A_monthly_fuel_adjustment_is_its_own_line()
    {
        var bill = January("fuel_adj_monthly__58ff97175457a3e552cd3b46.json", "ssc-residential-hourly.csv");

        Assert.That(bill.Lines.Single(l => l.Facts is FuelAdjustmentLine).Amount.Amount, Is.EqualTo(6.28m));
        Assert.That(bill.Charges(ChargeCategory.Other).Amount, Is.EqualTo(6.28m));
    }

    [Test]
    public void The_rate_command_prints_the_DESIGN_json_shape()
    {
        var folder = Directory.CreateTempSubdirectory("ui-rate-").FullName;
        try
        {
            var load = Path.Combine(Reference, "loads", "ssc-residential-hourly.csv");
            var tariff = Urdb("tou_tiered__539f755bec4f024411ed12dd.json");
            if (!File.Exists(load))
                Assert.Ignore("../shared/reference is not beside the project.");

            var result = CliRunner.RunAsync(folder, "rate", "--tariff", tariff, "--reads", load, "--time-zone", "Etc/GMT+5", "--cycle", "calendar-month",
                "--from", "2018-01-01", "--to", "2019-01-01", "--json").GetAwaiter().GetResult();

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            using var json = JsonDocument.Parse(result.Stdout);
            var bills = json.RootElement.GetProperty("bills");
            Assert.That(bills.GetArrayLength(), Is.EqualTo(12));
            var january = bills[0];
            Assert.Multiple(() =>
            {
                Assert.That(january.GetProperty("period").GetProperty("start").GetString(), Is.EqualTo("2018-01-01"));
                Assert.That(january.GetProperty("period").GetProperty("end").GetString(), Is.EqualTo("2018-02-01"));
                Assert.That(january.GetProperty("usage").GetProperty("unit").GetString(), Is.EqualTo("kWh"));
                Assert.That(january.GetProperty("charges").GetProperty("energy").GetDecimal(), Is.EqualTo(39.69m));
                Assert.That(january.GetProperty("charges").GetProperty("fixed").GetDecimal(), Is.EqualTo(24.25m));
                Assert.That(january.GetProperty("total").GetDecimal(), Is.EqualTo(63.94m));
                Assert.That(january.GetProperty("lines").GetArrayLength(), Is.EqualTo(3));
                Assert.That(january.TryGetProperty("peak_kw", out _), Is.True);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public class RateBetweenReadDatesTests
{
    [Test]
    public async Task Rate_with_read_dates_bills_each_period_between_them_and_every_hour_once()
    {
        var load = Path.Combine(ReferenceTariffTests.Reference, "loads", "ssc-residential-hourly.csv");
        if (!File.Exists(load))
            Assert.Ignore("../shared/reference is not beside the project.");
        var folder = Directory.CreateTempSubdirectory("ui-rate-dates-").FullName;
        try
        {
            var tariff = Path.Combine(folder, "route.json");
            await File.WriteAllTextAsync(tariff, """
                { "format": "utility-insights-tariff/1", "id": "ROUTE", "name": "Route flat", "effective_from": "2017-01-01", "monthly_charges": "prorated",
                  "fixed_charges": [ { "description": "Basic service charge", "amount": "11.50", "per": "month" } ],
                  "energy": { "periods": [ { "name": "All hours", "tiers": [ { "rate": "0.12" } ] } ] } }
                """);
            string[] common = ["rate", "--tariff", tariff, "--reads", load, "--time-zone", "Etc/GMT+5"];

            var byRoute = await CliRunner.RunAsync(folder, [.. common, "--read-dates", "2018-01-17,2018-02-16,2018-03-19", "--json"]);
            var byMonth = await CliRunner.RunAsync(folder, [.. common, "--from", "2018-01-17", "--to", "2018-03-19", "--json"]);
            var backwards = await CliRunner.RunAsync(folder, [.. common, "--read-dates", "2018-02-16,2018-01-17"]);
            var both = await CliRunner.RunAsync(folder, [.. common, "--read-dates", "2018-01-17,2018-02-16", "--from", "2018-01-01"]);
            // The load is 2018's: a period reaching into 2019 is billed on the reads it has, and says so.
            var beyond = await CliRunner.JsonAsync(folder, [.. common, "--read-dates", "2018-11-16,2018-12-17,2019-01-16,2019-02-15"]);
            var beyondText = await CliRunner.RunAsync(folder, [.. common, "--read-dates", "2018-11-16,2018-12-17,2019-01-16,2019-02-15"]);

            Assert.That(byRoute.ExitCode, Is.EqualTo(0), byRoute.ToString());
            using var route = JsonDocument.Parse(byRoute.Stdout);
            using var month = JsonDocument.Parse(byMonth.Stdout);
            var bills = route.RootElement.GetProperty("bills").EnumerateArray().ToList();
            decimal Usage(JsonDocument d) => d.RootElement.GetProperty("bills").EnumerateArray().Sum(b => b.GetProperty("usage").GetProperty("quantity").GetDecimal());
            Assert.Multiple(() =>
            {
                Assert.That(bills.Select(b => (b.GetProperty("period").GetProperty("start").GetString(), b.GetProperty("period").GetProperty("end").GetString())),
                    Is.EqualTo(new[] { ("2018-01-17", "2018-02-16"), ("2018-02-16", "2018-03-19") }));
                Assert.That(Usage(route), Is.EqualTo(Usage(month)), "the same hours, cut at the read dates instead of the months");
                // 30 days are 30 × 12 ÷ 365 = 0.986301 months of $11.50; 31 days 1.019178.
                Assert.That(bills.Select(b => b.GetProperty("charges").GetProperty("fixed").GetDecimal()), Is.EqualTo(new[] { 11.34m, 11.72m }));
                foreach (var bill in bills)
                {
                    Assert.That(bill.GetProperty("charges").GetProperty("energy").GetDecimal(),
                        Is.EqualTo(Math.Round(bill.GetProperty("usage").GetProperty("quantity").GetDecimal() * 0.12m, 2, MidpointRounding.AwayFromZero)));
                }
                Assert.That(bills.Select(b => (b.GetProperty("read_days").GetDecimal(), b.GetProperty("complete").GetBoolean())), Is.EqualTo(new[] { (30m, true), (31m, true) }));
                Assert.That(beyond.GetProperty("bills").EnumerateArray().Select(b => (b.GetProperty("read_days").GetDecimal(), b.GetProperty("complete").GetBoolean())),
                    Is.EqualTo(new[] { (31m, true), (15m, false), (0m, false) }));
                Assert.That(beyondText.Stdout, Does.Contain("The reads cover 15 days of its 30 days: the bill charges only what was read.")
                    .And.Contain("No reads in this period: the bill charges nothing for usage."));
                Assert.That((backwards.ExitCode, both.ExitCode), Is.EqualTo((1, 1)));
                Assert.That(backwards.Stderr, Does.Contain("2018-01-17 (date 2) must come after 2018-02-16"));
                Assert.That(both.Stderr, Does.Contain("without --from and --to"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public class TariffCommandTests
{
    [Test]
    public async Task Tariffs_are_imported_as_versions_listed_and_a_refused_one_is_a_one_line_error()
    {
        var folder = Directory.CreateTempSubdirectory("ui-tariffs-").FullName;
        try
        {
            Ingestion.Samples.SampleUtilityGenerator.Generate(new Ingestion.Samples.SampleOptions(3, 1, 1, Ingestion.Samples.SampleOptions.DefaultStart, Path.Combine(folder, "s")));
            var tou = Path.Combine(folder, "s", "tariffs", "RES-TOU.json");
            await File.WriteAllTextAsync(Path.Combine(folder, "bad.json"), """{ "format": "utility-insights-tariff/1", "id": "X", "name": "X", "effective_from": "2024-01-01", "energy": { "periods": [] } }""");

            var first = await CliRunner.RunAsync(folder, "tariffs", "import", tou, "--json");
            var again = await CliRunner.RunAsync(folder, "tariffs", "import", tou, "--json");
            var bad = await CliRunner.RunAsync(folder, "tariffs", "import", Path.Combine(folder, "bad.json"));
            var list = await CliRunner.RunAsync(folder, "tariffs", "list", "--json");

            using var a = JsonDocument.Parse(first.Stdout);
            using var b = JsonDocument.Parse(again.Stdout);
            Assert.Multiple(() =>
            {
                Assert.That(a.RootElement.GetProperty("imported")[0].GetProperty("added").GetBoolean(), Is.True);
                Assert.That(b.RootElement.GetProperty("imported")[0].GetProperty("added").GetBoolean(), Is.False);
                Assert.That(bad.ExitCode, Is.EqualTo(1));
                Assert.That(bad.Stderr.Trim(), Does.Contain("bad.json").And.Contain("energy"));
                Assert.That(list.Stdout, Does.Contain("RES-TOU").And.Not.Contain("\"X\""));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_tariff_with_charges_written_only_as_text_is_imported_once_the_analyst_names_the_one_that_applies_and_bills_it_ever_after()
    {
        var folder = Directory.CreateTempSubdirectory("ui-text-charge-").FullName;
        try
        {
            var tariff = Path.Combine(ReferenceTariffTests.Reference, "urdb", "tou_simple__53eb8b535257a368616fb30f.json");
            var reads = Path.Combine(ReferenceTariffTests.Reference, "loads", "greenbutton-inland-hourly.csv");

            var refused = await CliRunner.RunAsync(folder, "tariffs", "import", tariff);
            var unknown = await CliRunner.RunAsync(folder, "tariffs", "import", tariff, "--text-charge", "Suburban Fixed Charge");
            var imported = await CliRunner.JsonAsync(folder, "tariffs", "import", tariff, "--text-charge", "City Fixed Charge");
            var id = imported.GetProperty("imported")[0].GetProperty("id").GetString()!;
            var shown = await CliRunner.JsonAsync(folder, "tariffs", "show", id);
            var rated = await CliRunner.JsonAsync(folder, "rate", "--tariff", tariff, "--reads", reads, "--from", "2018-01-01", "--to", "2018-03-01",
                "--text-charge", "City Fixed Charge");

            Assert.Multiple(() =>
            {
                Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
                Assert.That(refused.Stderr, Does.Contain("\"Rural Fixed Charge: $28\"").And.Contain("\"City Fixed Charge: $26\"").And.Contain("--text-charge"));
                Assert.That(unknown.ExitCode, Is.EqualTo(1), unknown.ToString());
                Assert.That(unknown.Stderr, Does.Contain("'Suburban Fixed Charge' is not one of its charges written only as text"));
                Assert.That(shown.GetProperty("fixed_charges")[0].GetProperty("description").GetString(), Is.EqualTo("City Fixed Charge"),
                    "the stored document reads back with the charge named");
                Assert.That(shown.GetProperty("fixed_charges")[0].GetProperty("amount").GetDecimal(), Is.EqualTo(26m));
                Assert.That(rated.GetProperty("bills").EnumerateArray().Select(b => b.GetProperty("charges").GetProperty("fixed").GetDecimal()), Is.All.EqualTo(26m));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
