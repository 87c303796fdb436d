using System.Text.Json;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.CohortModels;

public class CohortTrainingTests
{
    [Test]
    public async Task Cohorts_are_trained_on_the_demo_utility_registered_with_their_metadata_and_reported_with_plots()
    {
        using var utility = await DemoUtility.CreateAsync("train", 300, 4);
        var folder = utility.Folder;

        var train = await CliRunner.RunAsync(folder, "cohorts", "train", "--json");
        var report = await CliRunner.RunAsync(folder, "cohorts", "report", "--out", "report.html");

        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        using var json = JsonDocument.Parse(train.Stdout);
        var root = json.RootElement;
        var version = root.GetProperty("model_version").GetString()!;
        Assert.Multiple(async () =>
        {
            Assert.That(root.GetProperty("trained").GetInt32(), Is.GreaterThan(200));
            Assert.That(root.GetProperty("excluded").TryGetProperty("on_site_generation", out _), Is.False, "solar homes are kept, in cohorts of their own");
            Assert.That(File.Exists(root.GetProperty("model_path").GetString()), Is.True);
            var metadata = File.ReadAllText(root.GetProperty("metadata_path").GetString()!);
            Assert.That(metadata, Does.Contain("\"feature_importance\"").And.Contain("\"training_from\""));
            using (var stored = JsonDocument.Parse(metadata))
            {
                Assert.That(stored.RootElement.GetProperty("excluded").EnumerateObject().Select(e => e.Name),
                    Is.EquivalentTo(root.GetProperty("excluded").EnumerateObject().Select(e => e.Name)), "the model file's exclusion codes are the command's (snake case)");
            }
            var database = UtilityDatabase.Open(Path.Combine(folder, "utility-insights.db"));
            Assert.That((await database.CohortModels.LatestAsync(CancellationToken.None))!.ModelVersion, Is.EqualTo(version));
            Assert.That((await database.CohortModels.AssignmentsAsync(version, CancellationToken.None)).GetValueOrDefault("P-000001"), Does.Contain("#c").Or.Null);
            var solar = TestDb.Query(folder, "SELECT premise_id FROM premises WHERE has_solar = 1", r => r.GetString(0));
            var assignments = await database.CohortModels.AssignmentsAsync(version, CancellationToken.None);
            var solarCohorts = solar.Where(assignments.ContainsKey).Select(p => assignments[p]).ToList();
            Assert.That(solarCohorts, Is.Not.Empty.And.All.Contain("-solar"), "solar homes are compared only with solar homes");
            Assert.That(assignments.Where(a => !solar.Contains(a.Key)).Select(a => a.Value), Has.None.Contain("-solar"));
            Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
            var html = File.ReadAllText(Path.Combine(folder, "report.html"));
            Assert.That(html, Does.Contain("<svg").And.Contain("Cohort sizes").And.Contain("What drives cohort membership").And.Not.Contain("<script"));
        });
    }

    [Test]
    public async Task Cohorts_below_the_privacy_floor_are_counted_but_never_described_in_the_model_file_or_the_report()
    {
        // Sixty homes over the sample's climate regions: most regions hold fewer than 20 homes.
        using var utility = await DemoUtility.CreateAsync("floor", 60, 4);
        var folder = utility.Folder;

        var train = await CliRunner.RunAsync(folder, "cohorts", "train", "--json");
        var report = await CliRunner.RunAsync(folder, "cohorts", "report", "--out", "report.html");

        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        using var json = JsonDocument.Parse(train.Stdout);
        var metadata = JsonDocument.Parse(File.ReadAllText(json.RootElement.GetProperty("metadata_path").GetString()!)).RootElement;
        var described = metadata.GetProperty("cohorts").EnumerateArray().ToList();
        var small = metadata.GetProperty("small_cohorts").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(small, Is.Not.Empty, "the sample has regions under the floor");
            Assert.That(described.Select(c => c.GetProperty("homes").GetInt32()), Has.All.GreaterThanOrEqualTo(20));
            Assert.That(small.Select(c => c.EnumerateObject().Select(p => p.Name).ToList()), Has.All.EquivalentTo(new[] { "cohort_id", "homes" }), "counted only");
            Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
            var html = File.ReadAllText(Path.Combine(folder, "report.html"));
            Assert.That(html, Does.Contain("privacy floor"));
            foreach (var cohort in small)
                Assert.That(html, Does.Not.Contain(cohort.GetProperty("cohort_id").GetString()!), "no row or label for a cohort under the floor");
        });
    }
}
