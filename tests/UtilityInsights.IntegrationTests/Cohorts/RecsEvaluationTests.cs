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
            Assert.That(result.Model.R2Loo, Is.GreaterThan(result.Baseline.R2Loo!.Value));
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

/// <summary>
/// Issue 18, part 2: <c>cohorts evaluate</c> on the analyst's own survey data — RECS 2015 as a premises file without any billing
/// column, its extra columns used as features — from the command line.
/// </summary>
public class CohortsOnSurveyDataTests
{
    private string folder = null!;

    [OneTimeSetUp]
    public void Write()
    {
        folder = Directory.CreateTempSubdirectory("ui-recs-survey-").FullName;
        RecsHomes.WriteAnalysisFiles(folder);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(folder, recursive: true);

    /// <summary>The analyst's settings recorded in benchmarks/RESULTS.md: every feature, a larger ensemble of smaller trees.</summary>
    private static readonly string[] Tuned = ["--trees", "300", "--leaves-per-tree", "4"];

    [Test]
    public async Task Without_billing_fields_and_with_extra_columns_the_cohorts_reach_R2_of_0_50_with_full_coverage()
    {
        var json = await Cli.CliRunner.JsonAsync(folder, ["cohorts", "evaluate", "--premises", "premises.csv", "--usage", "usage.csv", .. Tuned]);
        var features = json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetString()).ToList();

        TestContext.Out.WriteLine(json.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("r2_loo").GetDouble(), Is.GreaterThanOrEqualTo(0.50));
            Assert.That(json.GetProperty("coverage").GetDouble(), Is.EqualTo(1.0));
            Assert.That(json.GetProperty("min_cohort_size").GetInt32(), Is.GreaterThanOrEqualTo(20));
            Assert.That(json.GetProperty("homes").GetInt32(), Is.EqualTo(5686));
            Assert.That(json.GetProperty("rejected").GetInt32(), Is.Zero);
            Assert.That(features, Is.SupersetOf(new[] { "hdd65", "cdd65", "division", "income_k", "aircon", "use_ng", "floor_area_sqft" }), "extra columns are features");
        });
    }

    [Test]
    public async Task With_shuffled_usage_the_same_settings_predict_nothing()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "usage.csv"));
        var quantities = lines.Skip(1).Select(l => l.Split(',')[3]).ToArray();
        new Random(11).Shuffle(quantities);
        await File.WriteAllLinesAsync(Path.Combine(folder, "shuffled.csv"),
            lines.Take(1).Concat(lines.Skip(1).Select((l, i) => string.Join(',', l.Split(',')[..3]) + "," + quantities[i] + ",kWh")));

        var json = await Cli.CliRunner.JsonAsync(folder, ["cohorts", "evaluate", "--premises", "premises.csv", "--usage", "shuffled.csv", .. Tuned]);

        Assert.That(json.GetProperty("r2_loo").GetDouble(), Is.LessThan(0.02));
    }

    [Test]
    public async Task Bad_rows_are_counted_with_their_reasons_and_the_good_ones_evaluated()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "premises.csv"));
        var broken = lines.Select((l, i) => i switch
        {
            1 => l.Replace(l.Split(',')[1], "", StringComparison.Ordinal),   // no region
            2 => string.Join(',', l.Split(',').Select((c, j) => j == 2 ? "huge" : c)),   // floor area not a number
            _ => l,
        });
        await File.WriteAllLinesAsync(Path.Combine(folder, "broken.csv"), broken);

        var result = await Cli.CliRunner.RunAsync(folder, "cohorts", "evaluate", "--premises", "broken.csv", "--usage", "usage.csv", "--trees", "20");
        var features = await Cli.CliRunner.RunAsync(folder, "cohorts", "evaluate", "--premises", "premises.csv", "--usage", "usage.csv", "--features", "floor_area_sqft,zip");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stdout, Does.Contain("2 rows of broken.csv rejected"));
            Assert.That(result.Stdout, Does.Contain("broken.csv line 2, field region"));
            Assert.That(result.Stdout, Does.Contain("broken.csv line 3, field floor_area_sqft"));
            Assert.That(File.Exists(Path.Combine(folder, "broken.csv.rejects.csv")), Is.True);
            Assert.That(features.ExitCode, Is.EqualTo(1), features.ToString());
            Assert.That(features.Stderr, Does.Contain("'zip' is not a cohort feature").And.Contain("income_k"));
        });
    }

    [Test]
    public async Task A_premises_file_whose_every_row_is_rejected_says_how_many_and_why()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "premises.csv"));
        await File.WriteAllLinesAsync(Path.Combine(folder, "all-bad.csv"), lines.Take(1).Concat(lines.Skip(1).Take(30).Select(l => "../" + l)));

        var result = await Cli.CliRunner.RunAsync(folder, "cohorts", "evaluate", "--premises", "all-bad.csv", "--usage", "usage.csv");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("no usage for any of the 0 premises").And.Contain("30 rows of all-bad.csv rejected").And.Contain("field premise_id"));
    }
}

