using System.Globalization;
using BenchmarkDotNet.Attributes;
using UtilityInsights.Printing;
using UtilityInsights.Statements;

namespace UtilityInsights.Benchmarks;

/// <summary>One statement with both charts, from a prepared model (charts built in the benchmark too): as HTML, as its own PDF, and in a print batch.</summary>
[MemoryDiagnoser]
public class StatementBenchmarks
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");
    private StatementRenderer renderer = null!;
    private StatementModel model = null!;

    [GlobalSetup]
    public void Setup()
    {
        renderer = StatementRenderer.Default();
        var t = renderer.Strings("en");
        model = new StatementModel
        {
            Language = "en",
            Utility = BrandingConfig.Default().For("en"),
            Account = new StatementAccount("A-000001", "Ann O'Brien & Sons", "12 Maple St, Lakeport, MN 55301", "12 Maple St, Lakeport, MN 55301"),
            Meter = new StatementMeter("M-000001", "1", new StatementRead("41,230", "1/1/2025", "actual", false), new StatementRead("42,042", "2/1/2025", "actual", false)),
            Period = "Jan 1 – Jan 31, 2025",
            Days = 31,
            Usage = "812 kWh",
            UsagePerDay = "26.2 kWh",
            RateSchedule = "Residential Time-of-Use",
            Lines = Enumerable.Range(0, 7).Select(i => new StatementLine($"Energy, period {i}", "123.456 kWh", "$0.1050", "$12.96", "123.456 kWh at $0.1050/kWh", i == 6)).ToList(),
            NewCharges = "$106.36",
            PreviousBalance = "$98.10",
            Payments = "−$98.10",
            AmountDue = "$106.36",
            DueDate = "Feb 22, 2025",
            SamePeriodLastYear = "Jan 2024: 901 kWh, $114.02",
            History = Charts.History([], "kWh", t, Culture),
            ModelVersion = "m",
            WhyChanged = [new StatementChange("Compared with last month: +$12.30", ["3 more days in the period: +$8.10", "Your use: +$4.20"])],
            Tips = [new StatementTip("Turn the heat down at night.", "A smart thermostat does it for you.", "About 45 kWh, $5")],
        };
    }

    [Benchmark]
    public int RenderHtmlWithCharts() => renderer.RenderHtml(WithCharts()).Length;

    /// <summary>The same statement laid out for paper and drawn into its own PDF (fonts embedded: the single-statement case).</summary>
    [Benchmark]
    public int PrintPdf() => StatementPdf.Print(WithCharts(), renderer.Strings("en")).Length;

    /// <summary>A print batch of 100 such statements, duplex, in one PDF (a part drawn on each core, put together), per statement.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public long PrintBatchOf100()
    {
        var statement = new UtilityInsights.Operations.Issue.PaperStatement(WithCharts(), renderer.Strings("en"));
        using var pdf = new MemoryStream();
        StatementPdf.WriteBatch(pdf, "batch", Enumerable.Range(1, 100).Select(i => ($"A-{i}", statement)).ToList(), duplex: true, CancellationToken.None);
        return pdf.Length;
    }

    private StatementModel WithCharts()
    {
        var t = renderer.Strings("en");
        return model with
        {
            History = Charts.History(Enumerable.Range(0, 13).Select(i => new HistoryMonth(Culture.DateTimeFormat.GetAbbreviatedMonthName(i % 12 + 1), 600m + i * 17, 640m + i * 15)).ToList(), "kWh", t, Culture),
            Comparison = new StatementComparison("Good", "Good — you used less than your average neighbours.", "26.2 kWh", "29.5 kWh", "19.8 kWh",
                Charts.Neighbours(26.2m, 29.5m, 19.8m, "kWh", t, Culture)),
        };
    }
}
