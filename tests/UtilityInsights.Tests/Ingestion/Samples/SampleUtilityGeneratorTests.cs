using System.Security.Cryptography;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Ingestion.Samples;
using UtilityInsights.Tests.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.Samples;

public class SampleUtilityGeneratorTests
{
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    private SampleSummary Generate(string name, int seed, int premises = 40, int months = 2) =>
        SampleUtilityGenerator.Generate(new SampleOptions(premises, months, seed, SampleOptions.DefaultStart, Path.Combine(files.Folder, name)));

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Test]
    public void The_same_seed_gives_the_same_bytes()
    {
        Generate("a", seed: 7);
        Generate("b", seed: 7);

        Assert.That(Hashes(Path.Combine(files.Folder, "b")), Is.EqualTo(Hashes(Path.Combine(files.Folder, "a"))));
    }

    [Test]
    public void Another_seed_gives_another_territory()
    {
        Generate("a", seed: 7);
        Generate("b", seed: 8);

        Assert.That(File.ReadAllText(Path.Combine(files.Folder, "b", "premises.csv")),
            Is.Not.EqualTo(File.ReadAllText(Path.Combine(files.Folder, "a", "premises.csv"))));
    }

    [Test]
    public void Accounts_and_premises_read_back_without_a_single_rejection()
    {
        var summary = Generate("a", seed: 3, premises: 300, months: 1);
        var folder = Path.Combine(files.Folder, "a");

        var accounts = AccountCsv.Read(Path.Combine(folder, "accounts.csv")).ToList();
        var premises = PremiseCsv.Read(Path.Combine(folder, "premises.csv"), 2030).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(accounts.Where(r => !r.IsAccepted).Select(r => r.Rejection!.ToString()), Is.Empty);
            Assert.That(premises.Where(r => !r.IsAccepted).Select(r => r.Rejection!.ToString()), Is.Empty);
            Assert.That(accounts, Has.Count.EqualTo(summary.Premises));
            Assert.That(accounts.Count(a => a.Value!.Language == UtilityInsights.Domain.Language.Spanish), Is.InRange(10, 60));
            Assert.That(summary.IntervalMeters, Is.InRange(210, 270), "about 80 % of premises are interval metered");
        });
    }

    [Test]
    public void Hourly_reads_cover_every_hour_of_every_interval_meter_except_the_planted_gaps()
    {
        var summary = Generate("a", seed: 11, premises: 30, months: 1);
        var anomalies = File.ReadAllLines(Path.Combine(files.Folder, "a", "anomalies.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var missing = anomalies.Where(a => a[1] is "gap" or "long_gap").Sum(a => int.Parse(a[3].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        var duplicates = anomalies.Count(a => a[1] == "duplicate");

        Assert.That(summary.IntervalReads, Is.EqualTo(summary.IntervalMeters * 31L * 24 - missing + duplicates));
    }

    [Test]
    public void Every_kind_of_anomaly_is_planted_for_the_validation_stage()
    {
        Generate("a", seed: 5, premises: 60, months: 3);

        var kinds = File.ReadAllLines(Path.Combine(files.Folder, "a", "anomalies.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet();

        Assert.That(kinds, Is.SupersetOf(new[] { "gap", "long_gap", "spike", "negative", "duplicate", "rollover" }));
    }

    [Test]
    public void Weather_has_one_row_per_region_per_day_with_degree_days_that_follow_the_seasons()
    {
        Generate("a", seed: 1, premises: 5, months: 12);
        var rows = File.ReadAllLines(Path.Combine(files.Folder, "a", "weather.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        double Hdd(string region, string month) => rows.Where(r => r[0] == region && r[1].StartsWith(month, StringComparison.Ordinal))
            .Sum(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(rows, Has.Count.EqualTo(5 * 365));
        Assert.That(Hdd("cold", "2025-01"), Is.GreaterThan(Hdd("cold", "2025-07") + 500));
        Assert.That(Hdd("cold", "2025-01"), Is.GreaterThan(Hdd("hot-humid", "2025-01")));
    }

    [Test]
    public void Bad_options_are_user_errors()
    {
        Assert.Throws<UserErrorException>(() => Generate("a", seed: 1, premises: 0));
        Assert.Throws<UserErrorException>(() => Generate("a", seed: 1, months: 0));
    }
}
