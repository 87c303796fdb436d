using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using UtilityInsights.Billing;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Operations;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>A bill run's OpenTelemetry signals, caught by the SDK's in-memory exporter: bills by status, held by reason, chunk durations, the run's span.</summary>
[NonParallelizable]
public class BillRunTelemetryTests
{
    [Test]
    public async Task A_bill_run_emits_its_bills_held_reasons_chunk_durations_and_a_span()
    {
        var folder = Directory.CreateTempSubdirectory("ui-otel-").FullName;
        try
        {
            var demo = await CliRunner.RunAsync(folder, "demo", "--premises", "60", "--months", "2", "--prepare-only");
            Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
            var metrics = new List<Metric>();
            var spans = new List<Activity>();
            using (var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(Telemetry.Name).AddInMemoryExporter(metrics).Build())
            using (var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(Telemetry.Name).AddInMemoryExporter(spans).Build())
            {
                var database = UtilityDatabase.Open(Path.Combine(folder, "utility-insights.db"));
                // A low ceiling holds some bills, so that the held-by-reason counter has something to count.
                var runner = BillRunner.WithDefaults(database, new HoldRules(Ceiling: 60m), TimeProvider.System, statementFiles: false);
                var result = await runner.RunAsync("2025-02", Path.Combine(folder, "out"), null, CancellationToken.None);
                Assert.That(result.Held, Is.GreaterThan(0), "some bills held");
                Assert.That(result.Billed, Is.GreaterThan(0), "some bills ready");
                meterProvider.ForceFlush();
                tracerProvider.ForceFlush();

                long Sum(string name, string tag, string value) => metrics.Where(m => m.Name == name).SelectMany(Points)
                    .Where(p => Tags(p).GetValueOrDefault(tag) == value).Sum(p => p.GetSumLong());
                Assert.That(Sum("ui.billrun.bills", "status", "draft"), Is.EqualTo(result.Billed));
                Assert.That(Sum("ui.billrun.bills", "status", "held"), Is.EqualTo(result.Held));
                var summary = await database.Bills.SummaryAsync("2025-02", Money.Currency.Usd, CancellationToken.None);
                foreach (var (reason, count) in summary.HeldByReason)
                    Assert.That(Sum("ui.billrun.held", "reason", reason), Is.EqualTo(count), reason);
                var chunks = metrics.Where(m => m.Name == "ui.billrun.chunk.duration").SelectMany(Points).ToList();
                Assert.That(chunks.Sum(p => p.GetHistogramCount()), Is.EqualTo((result.AccountsDue + BillRunner.LoadSize - 1) / BillRunner.LoadSize));
                Assert.That(chunks.Sum(p => p.GetHistogramSum()), Is.GreaterThan(0));
                var run = spans.Single(s => s.DisplayName == "billrun");
                Assert.That(run.GetTagItem("ui.cycle"), Is.EqualTo("2025-02"));
                Assert.That(spans.Count(s => s.DisplayName == "billrun.chunk" && s.ParentSpanId == run.SpanId), Is.EqualTo(chunks.Sum(p => p.GetHistogramCount())));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
            yield return point;
    }

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value?.ToString();
        return tags;
    }
}
