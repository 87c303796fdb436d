using UtilityInsights.Cohorts;

namespace UtilityInsights.IntegrationTests.Cohorts;

public class RecsEvaluationTests
{
    [Test]
    public void On_the_RECS_2015_homes_from_shared_reference_cohorts_reach_the_leave_one_out_R2_with_full_coverage_and_no_cohort_under_20()
    {
        var homes = RecsHomes.Load();

        var result = CohortEvaluator.Evaluate(homes, new CohortOptions());

        TestContext.Out.WriteLine($"model {result.Model}; baseline {result.Baseline}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Model.R2Loo, Is.GreaterThanOrEqualTo(0.45));
            Assert.That(result.Model.Coverage, Is.EqualTo(1.0));
            Assert.That(result.Model.MinCohortSize, Is.GreaterThanOrEqualTo(20));
            Assert.That(result.Model.R2Loo, Is.GreaterThan(result.Baseline.R2Loo));
            Assert.That(result.Assignments, Has.Count.EqualTo(homes.Count));
        });
    }

    [Test]
    public void With_shuffled_usage_the_cohorts_predict_nothing()
    {
        var homes = RecsHomes.Load();
        var random = new Random(11);
        var shuffled = homes.Select(h => h.UsagePerDay).OrderBy(_ => random.Next()).ToList();
        var scrambled = homes.Select((h, i) => h with { UsagePerDay = shuffled[i] }).ToList();

        var result = CohortEvaluator.Evaluate(scrambled, new CohortOptions());

        Assert.That(result.Model.R2Loo, Is.LessThan(0.02));
    }

    [Test]
    public void The_reported_R2_is_the_one_an_analyst_gets_from_the_assignments_alone()
    {
        var homes = RecsHomes.Load();
        var result = CohortEvaluator.Evaluate(homes, new CohortOptions());
        var usage = homes.ToDictionary(h => h.Id, h => h.UsagePerDay!.Value);

        var groups = result.Assignments.GroupBy(a => a.CohortId).Select(g => g.Select(a => usage[a.PremiseId]).ToList()).ToList();
        var mean = usage.Values.Average();
        double sse = 0, sst = 0;
        foreach (var group in groups)
        {
            var sum = group.Sum();
            foreach (var y in group)
            {
                var loo = (sum - y) / (group.Count - 1);
                sse += (y - loo) * (y - loo);
                sst += (y - mean) * (y - mean);
            }
        }

        Assert.That(1 - sse / sst, Is.EqualTo(result.Model.R2Loo).Within(1e-9));
        Assert.That(groups.Min(g => g.Count), Is.GreaterThanOrEqualTo(20));
    }
}

public class CohortsEvaluateCommandTests
{
    [Test]
    public async Task Cohorts_evaluate_on_RECS_written_as_canonical_CSVs_reports_the_figures_and_the_assignments_reproduce_them()
    {
        var homes = RecsHomes.Load();
        var folder = Directory.CreateTempSubdirectory("ui-cohorts-").FullName;
        try
        {
            using (var premises = CsvHelper.CsvWriter.Create(File.Create(Path.Combine(folder, "premises.csv"))))
            using (var usage = CsvHelper.CsvWriter.Create(File.Create(Path.Combine(folder, "usage.csv"))))
            {
                premises.WriteHeader(Ingestion.Csv.PremiseCsv.Columns.ToArray());
                usage.WriteHeader(Ingestion.Csv.UsageCsv.Columns.ToArray());
                foreach (var h in homes)
                {
                    premises.WriteRecord([
                        h.Id, "A-" + h.Id, "M-" + h.Id, h.Region, "", "", h.FloorArea!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        h.Occupants!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Domain.Vocabulary.ToText(h.HeatingFuel!.Value),
                        Domain.Vocabulary.ToText(h.HomeType!.Value), h.YearBuilt!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        h.HasAc == true ? "true" : "false", "", "", "", "", "UTC",
                    ]);
                    usage.WriteRecord([h.Id, "2015-01-01", "2016-01-01",
                        Math.Round((decimal)h.UsagePerDay!.Value * 365, 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "kWh"]);
                }
            }

            var result = await Cli.CliRunner.RunAsync(folder, "cohorts", "evaluate", "--premises", "premises.csv", "--usage", "usage.csv",
                "--assignments-out", "assignments.csv", "--json");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
            var root = json.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("r2_loo").GetDouble(), Is.GreaterThanOrEqualTo(0.45));
                Assert.That(root.GetProperty("coverage").GetDouble(), Is.EqualTo(1.0));
                Assert.That(root.GetProperty("min_cohort_size").GetInt32(), Is.GreaterThanOrEqualTo(20));
                Assert.That(root.GetProperty("baseline").GetProperty("r2_loo").GetDouble(), Is.LessThan(root.GetProperty("r2_loo").GetDouble()));
            });
            var assigned = File.ReadAllLines(Path.Combine(folder, "assignments.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.That(assigned, Has.Count.EqualTo(homes.Count));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
