using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Cohorts;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Operations.CohortModels;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Operations.Reports;

namespace UtilityInsights.Cli.Commands;

/// <summary><c>cohorts evaluate</c> (and, as they land, <c>train</c> and <c>report</c>): the analyst's workflow (DESIGN §6).</summary>
public static class CohortCommands
{
    public static readonly Option<int> MinCohortSize = new("--min-cohort-size") { Description = "Privacy floor: no comparison below this many homes", DefaultValueFactory = _ => 20 };
    public static readonly Option<int> TargetCohortSize = new("--target-cohort-size") { Description = "Homes per cohort", DefaultValueFactory = _ => 25 };
    public static readonly Option<int> Seed = new("--seed") { Description = "Random seed (deterministic results)", DefaultValueFactory = _ => 1 };
    public static readonly Option<int> Trees = new("--trees") { Description = "Trees in the ML.NET usage scorer", DefaultValueFactory = _ => 60 };
    public static readonly Option<int> LeavesPerTree = new("--leaves-per-tree") { Description = "Leaves of each tree", DefaultValueFactory = _ => 8 };
    public static readonly Option<string?> Features = new("--features") { Description = "Comma-separated features to build cohorts from (default: all; see README)" };

    public static Command Create(CommandFactory factory)
    {
        var premises = new Option<string>("--premises") { Description = "Premises CSV (DESIGN §3)", Required = true };
        var usage = new Option<string>("--usage") { Description = "Usage per period CSV (premise_id,period_start,period_end,quantity,unit)", Required = true };
        var assignmentsOut = new Option<string?>("--assignments-out") { Description = "Write premise_id,cohort_id: the cohort each home was evaluated in" };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds", DefaultValueFactory = _ => 3 };
        var evaluate = new Command("evaluate", "Leave-one-out R² of the cohort mean, coverage and cohort sizes, against a rule-based baseline")
        {
            premises, usage, assignmentsOut, folds, MinCohortSize, TargetCohortSize, Seed, Trees, LeavesPerTree, Features,
        };
        factory.SetAction(evaluate, async (context, cancellationToken) =>
        {
            var options = Options(context) with { Folds = context.Get(folds) };
            var (homes, rejections) = await LoadHomesAsync(context.Get(premises), context.Get(usage), context.Clock, cancellationToken);
            var rejected = rejections.Sum(r => r.Rejected);
            var result = await Task.Run(() => CohortEvaluator.Evaluate(homes, options), cancellationToken);
            if (context.Get(assignmentsOut) is { } path)
            {
                using var writer = CsvHelper.CsvWriter.Create(File.Create(path), new CsvHelper.CsvWriterOptions { NewLine = "\n" });
                writer.WriteHeader(["premise_id", "cohort_id"]);
                foreach (var (premise, cohort) in result.Assignments)
                    writer.WriteRecord([premise, cohort]);
            }
            context.Log.Information("Evaluated cohorts on {Homes} homes: R2 {R2:0.000}, coverage {Coverage:P0}", homes.Count, result.Model.R2Loo, result.Model.Coverage);
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    r2_loo = R2Json(result.Model.R2Loo),
                    coverage = Math.Round(result.Model.Coverage, 4),
                    cohorts = result.Model.Cohorts,
                    min_cohort_size = result.Model.MinCohortSize,
                    median_cohort_size = result.Model.MedianCohortSize,
                    baseline = new { r2_loo = R2Json(result.Baseline.R2Loo), coverage = Math.Round(result.Baseline.Coverage, 4) },
                    homes = homes.Count,
                    features = result.Importance.Select(i => new { feature = i.Feature, share = Math.Round(i.Share, 4) }),
                    rejected,
                    rejects_files = rejections.Select(r => r.RejectsFile),
                });
                return rejected > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
            }
            var table = new Table().AddColumns("", "Leave-one-out R²", "Coverage", "Cohorts", "Smallest", "Median size");
            table.AddRow("Cohort model (ML.NET)", R2(result.Model.R2Loo), result.Model.Coverage.ToString("P1", CultureInfo.InvariantCulture),
                result.Model.Cohorts.ToString(CultureInfo.InvariantCulture), result.Model.MinCohortSize.ToString(CultureInfo.InvariantCulture), F(result.Model.MedianCohortSize));
            table.AddRow("Rule-based baseline", R2(result.Baseline.R2Loo), result.Baseline.Coverage.ToString("P1", CultureInfo.InvariantCulture),
                result.Baseline.Cohorts.ToString(CultureInfo.InvariantCulture), result.Baseline.MinCohortSize.ToString(CultureInfo.InvariantCulture), F(result.Baseline.MedianCohortSize));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("What each feature contributes (share of the model's split gains): " +
                Markup.Escape(string.Join(", ", result.Importance.Where(i => i.Share >= 0.005).Select(i => $"{i.Feature} {i.Share:P0}"))));
            foreach (var r in rejections)
            {
                AnsiConsole.MarkupLine($"[yellow]{Plural.Of(r.Rejected, "row")} of {Markup.Escape(Path.GetFileName(r.File))} rejected[/], listed in {Markup.Escape(r.RejectsFile ?? "")}:");
                foreach (var line in r.Rejections)
                    AnsiConsole.WriteLine("  " + line);
            }
            return rejected > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });
        var trainFrom = new Option<string?>("--from") { Description = "First day of the training window (default: a year before the last read)" };
        var trainTo = new Option<string?>("--to") { Description = "Day after the training window (default: the day after the last read)" };
        var models = new Option<string>("--models") { Description = "Folder for model files", DefaultValueFactory = _ => "models" };
        var minHistory = new Option<int>("--min-history-days") { Description = "Leave out homes with fewer days of reads", DefaultValueFactory = _ => 60 };
        var vacantBelow = new Option<decimal>("--vacant-below") { Description = "Leave out homes using less per day (they look vacant)", DefaultValueFactory = _ => 1.0m };
        var includeSolar = new Option<bool>("--include-solar") { Description = "Compare homes with solar panels with all homes (by default they form cohorts of their own in each region)" };
        var regionKey = new Option<string>("--region-key") { Description = "What neighbours must share: region (the premise's region) or none (one territory)", DefaultValueFactory = _ => "region" };
        var train = new Command("train", "Train the cohort model on the database's premises and reads, and assign every eligible premise")
        {
            trainFrom, trainTo, models, MinCohortSize, TargetCohortSize, Seed, Trees, LeavesPerTree, Features, minHistory, vacantBelow, includeSolar, regionKey,
        };
        factory.SetAction(train, async (context, cancellationToken) =>
        {
            var options = Options(context);
            var from = context.Get(trainFrom) is { } f ? CliContext.Date(f, "--from") : (DateOnly?)null;
            var to = context.Get(trainTo) is { } t ? CliContext.Date(t, "--to") : (DateOnly?)null;
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var result = await context.WithProgressAsync("Training cohorts", _ =>
                CohortTraining.TrainAsync(database, options, new UtilityInsights.Insights.EligibilityRules(context.Get(vacantBelow), context.Get(minHistory)),
                    context.Get(includeSolar), context.Get(regionKey) switch
                    {
                        "region" => true,
                        "none" => false,
                        var other => throw new UserErrorException($"--region-key '{other}' is not region or none."),
                    }, from, to, context.Get(models), context.Clock, context.Log, cancellationToken));
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    model_version = result.ModelVersion,
                    training_from = result.TrainingFrom,
                    training_to = result.TrainingTo,
                    result.Premises,
                    result.Trained,
                    excluded = result.Excluded,
                    result.Cohorts,
                    r2_loo = R2Json(result.R2Loo),
                    coverage = Math.Round(result.Coverage, 4),
                    baseline = new { r2_loo = R2Json(result.BaselineR2Loo), coverage = Math.Round(result.BaselineCoverage, 4) },
                    model_path = result.ModelPath,
                    metadata_path = result.MetadataPath,
                });
                return ExitCodes.Success;
            }
            AnsiConsole.MarkupLine($"Trained [green]{Markup.Escape(result.ModelVersion)}[/] on {result.Trained:N0} of {result.Premises:N0} premises " +
                $"({result.TrainingFrom:yyyy-MM-dd} – {result.TrainingTo.AddDays(-1):yyyy-MM-dd}): {result.Cohorts} cohorts, cross-fitted R² {R2(result.R2Loo)} " +
                (result.BaselineR2Loo is null ? "(nor the rule-based baseline's: none of its cohorts reached the minimum size either)."
                    : $"(rule-based baseline {R2(result.BaselineR2Loo)} at {result.BaselineCoverage:P0} coverage)."));
            if (result.R2Loo is null)
                AnsiConsole.MarkupLine($"How well cohorts predict usage is not measured: cross-fitting sets aside one in {options.Folds} of the {result.Trained:N0} homes at a " +
                    $"time, region by region, and none of the cohorts it formed reached the minimum of {options.MinCohortSize} homes. The {Plural.Of(result.Cohorts, "cohort")} are trained on every home.");
            if (result.Excluded.Count > 0)
                AnsiConsole.MarkupLine("Left out: " + Markup.Escape(string.Join(", ", result.Excluded.Select(e => $"{e.Key} {e.Value}"))));
            AnsiConsole.MarkupLine($"Model: {Markup.Escape(result.ModelPath)}; metadata: {Markup.Escape(result.MetadataPath)}");
            return ExitCodes.Success;
        });
        var reportModel = new Option<string?>("--model") { Description = "Model version (default: the newest)" };
        var reportOut = new Option<string>("--out") { Description = "HTML file to write", DefaultValueFactory = _ => Path.Combine("out", "cohorts-report.html") };
        var report = new Command("report", "A self-contained HTML report of a cohort model, with plots") { reportModel, reportOut };
        factory.SetAction(report, async (context, cancellationToken) =>
        {
            var database = await context.OpenDatabaseAsync(cancellationToken);
            var record = await database.CohortModels.LatestAsync(cancellationToken) ?? throw new UserErrorException("no cohort model yet: run cohorts train first.");
            if (context.Get(reportModel) is { } wanted && wanted != record.ModelVersion)
                throw new UserErrorException($"--model {wanted}: only the newest model ({record.ModelVersion}) can be reported on for now.");
            var metadata = Path.ChangeExtension(record.ModelPath, ".json");
            if (!File.Exists(metadata))
                throw new UserErrorException($"{metadata}: the model's metadata file is missing.");
            var path = context.Get(reportOut);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, CohortReport.Render(await File.ReadAllTextAsync(metadata, cancellationToken)), cancellationToken);
            if (context.Json)
                CliContext.WriteJson(new { model_version = record.ModelVersion, @out = path });
            else
                AnsiConsole.MarkupLine($"Wrote {Markup.Escape(path)}");
            return ExitCodes.Success;
        });
        return new Command("cohorts", "Peer cohorts: similar homes nearby") { evaluate, train, report };
    }

    internal static CohortOptions Options(CliContext context)
    {
        var options = new CohortOptions(context.Get(MinCohortSize), context.Get(TargetCohortSize), context.Get(Seed), Trees: context.Get(Trees), LeavesPerTree: context.Get(LeavesPerTree))
        {
            Features = context.Get(Features)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var message = e.Message.Split(Environment.NewLine)[0];
            var parameter = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new UserErrorException(parameter > 0 ? message[..parameter] : message);
        }
        return options;
    }

    /// <summary>
    /// Homes of an analysis premises file (no billing fields needed; extra columns kept as attributes) with their usage per day
    /// (total quantity over total days of their periods). Rows that fail go to <c>FILE.rejects.csv</c> with line, field and reason.
    /// </summary>
    private static async Task<(List<CohortHome> Homes, List<ImportSummary> Rejected)> LoadHomesAsync(string premisesPath, string usagePath, TimeProvider clock, CancellationToken cancellationToken)
    {
        var usage = new Dictionary<string, (decimal Quantity, int Days)>(StringComparer.Ordinal);
        var usageRows = await CsvImport.RunAsync(usagePath, UsageCsv.Read(usagePath, cancellationToken), batch =>
        {
            foreach (var period in batch)
            {
                var (quantity, days) = usage.GetValueOrDefault(period.PremiseId);
                usage[period.PremiseId] = (quantity + period.Quantity.Value, days + period.Days);
            }
            return Task.FromResult((new Storage.Stores.UpsertCounts(batch.Count, 0), (IReadOnlyList<Rejected>)[]));
        }, cancellationToken);
        var homes = new List<CohortHome>();
        var premiseRows = await CsvImport.RunAsync(premisesPath, PremiseCsv.ReadForAnalysis(premisesPath, clock.GetUtcNow().Year + 1, cancellationToken), batch =>
        {
            foreach (var survey in batch)
            {
                var home = survey.Home;
                double? perDay = usage.TryGetValue(survey.Id, out var u) && u.Days > 0 ? (double)(u.Quantity / u.Days) : null;
                homes.Add(new CohortHome(survey.Id, home.Region, null, perDay)
                {
                    FloorArea = home.FloorArea,
                    Occupants = home.Occupants,
                    HeatingFuel = home.HeatingFuel,
                    HomeType = home.HomeType,
                    YearBuilt = home.YearBuilt,
                    HasAc = home.HasAc,
                    HasPool = home.HasPool,
                    HasEv = home.HasEv,
                    Extras = survey.Extras.Count == 0 ? null : survey.Extras,
                });
            }
            return Task.FromResult((new Storage.Stores.UpsertCounts(batch.Count, 0), (IReadOnlyList<Rejected>)[]));
        }, cancellationToken);
        var rejected = new[] { premiseRows, usageRows }.Where(r => r.Rejected > 0).ToList();
        if (!homes.Any(h => h.UsagePerDay is not null))
        {
            var why = rejected.Count == 0 ? "" : " (" + string.Join("; ", rejected.Select(r => $"{Plural.Of(r.Rejected, "row")} of {Path.GetFileName(r.File)} rejected, " +
                $"listed in {r.RejectsFile}, e.g. {(r.Rejections.Count > 0 ? r.Rejections[0] : "")}")) + ")";
            throw new UserErrorException($"{usagePath}: no usage for any of the {homes.Count:N0} premises read from {premisesPath}{why}.");
        }
        return (homes, rejected);
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>An R² as the tables and lines give it: "not measured" when no cohort reached the minimum size (<see cref="CohortScore.R2Loo"/>).</summary>
    private static string R2(double? value) => value is { } r2 ? F(r2) : "not measured";

    /// <summary>An R² in JSON: four decimals, or null when not measured.</summary>
    private static double? R2Json(double? value) => value is { } r2 ? Math.Round(r2, 4) : null;
}
