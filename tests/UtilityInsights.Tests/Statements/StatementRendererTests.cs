using System.Globalization;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class StatementRendererTests
{
    private static readonly StatementRenderer Renderer = StatementRenderer.Default();
    private static readonly string Golden = Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../Statements/golden");

    private static readonly UtilityBranding Branding = new("Sample Power & Light", "#1f5fa8", "1-800-555-0100", "care@example.com", "example.com/pay",
        "PO Box 100, Lakeport, MN 55301",
        [new PaymentOption("Online", "example.com/pay, free"), new PaymentOption("AutoPay", "from your bank account on the due date"), new PaymentOption("By phone", "1-800-555-0100, any time")]);

    internal static StatementModel English(string name = "Ann Example") => new()
    {
        Language = "en",
        Utility = Branding,
        Account = new StatementAccount("A-000001", name, "12 Maple St, Lakeport, MN 55301", "12 Maple St, Lakeport, MN 55301"),
        Meter = new StatementMeter("M-000001", "1", new StatementRead("41,230", "Jan 1, 2025", "actual", false), new StatementRead("42,042", "Feb 1, 2025", "actual", false)),
        Period = "Jan 1 – Jan 31, 2025",
        Days = 31,
        Usage = "812 kWh",
        UsagePerDay = "26.2 kWh",
        RateSchedule = "Residential Inclining Block",
        Lines =
        [
            new StatementLine("Energy, first 600 kWh", "600 kWh", "$0.1050", "$63.00", "First 600 kWh: 600 kWh at $0.1050/kWh", false),
            new StatementLine("Energy, over 600 kWh", "212 kWh", "$0.1310", "$27.77", "212 kWh at $0.1310/kWh", false),
            new StatementLine("Basic service charge", "1 month", "$11.50", "$11.50", "$11.50 a month", false),
            new StatementLine("State utility tax", "$102.27", "4 %", "$4.09", "4 % of $102.27", true),
        ],
        NewCharges = "$106.36",
        PreviousBalance = "$98.10",
        Payments = "−$98.10",
        AmountDue = "$106.36",
        DueDate = "Feb 22, 2025",
        SamePeriodLastYear = "Jan 2024: 901 kWh, $114.02",
        History = Charts.History(
            Enumerable.Range(0, 13).Select(i => (CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName((i % 12) + 1), 600m + i * 17)).ToList(),
            "kWh", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US")),
        Comparison = new StatementComparison("Good", "Good — you used less than your average neighbours. Homes like yours save more by…", "26.2 kWh", "29.5 kWh", "19.8 kWh",
            Charts.Neighbours(26.2m, 29.5m, 19.8m, "kWh", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US"))),
        WhyChanged = ["3 more days than last month: +$8.10", "Colder weather (112 more heating degree days): +$12.40"],
        Tips = [new StatementTip("Lower the thermostat 2 °F at night.", "Each degree saves about 3 % of heating.", "About 45 kWh, $5 a month")],
        ModelVersion = "cohorts-test",
    };

    internal static StatementModel Spanish() => English("José García") with
    {
        Language = "es",
        Meter = new StatementMeter("M-000002", "1", new StatementRead("41.230", "1 ene 2025", "real", false), new StatementRead("42.042", "1 feb 2025", "estimada", true)),
        Comparison = null,
        NoComparisonReason = "todavía no hay suficientes hogares similares cerca",
        History = Charts.History([("ene", 812m)], "kWh", Renderer.Strings("es"), CultureInfo.GetCultureInfo("es-US")),
    };

    private static void AssertGolden(string name, string actual)
    {
        var path = Path.Combine(Golden, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, actual);
        Assert.That(File.Exists(path), Is.True, $"golden file {name} is missing (run with UPDATE_GOLDEN=1 and review it)");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path)), name);
    }

    [Test]
    public void An_English_statement_renders_as_its_golden_HTML_and_text()
    {
        AssertGolden("english.html", Renderer.RenderHtml(English()));
        AssertGolden("english.txt", Renderer.RenderText(English()));
    }

    [Test]
    public void A_Spanish_statement_with_an_estimated_read_and_no_comparison_renders_as_its_golden_HTML_and_text()
    {
        AssertGolden("spanish.html", Renderer.RenderHtml(Spanish()));
        AssertGolden("spanish.txt", Renderer.RenderText(Spanish()));
    }

    [Test]
    public void Every_customer_value_is_HTML_escaped()
    {
        var html = Renderer.RenderHtml(English("<script>alert(1)</script> O'Brien & Sons"));

        Assert.That(html, Does.Not.Contain("<script>"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; Sons"));
    }

    [Test]
    public void The_HTML_is_accessible_language_headings_table_headers_and_chart_text_alternatives()
    {
        var html = Renderer.RenderHtml(Spanish());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<html lang=\"es\">"));
            Assert.That(html, Does.Contain("<h1>").And.Contain("<h2>"));
            Assert.That(html, Does.Contain("<th scope=\"col\">"));
            Assert.That(html, Does.Contain("role=\"img\" aria-label="));
            Assert.That(html, Does.Contain("<figcaption>"));
            Assert.That(html, Does.Contain("class=\"estimated\""));
        });
    }

    [TestCase("#1d2733")]
    [TestCase("#4a5866")]
    [TestCase("#1f5fa8")]
    [TestCase("#8a4b00")]
    [TestCase("#2e7d32")]
    public void Text_colours_of_the_palette_reach_WCAG_AA_contrast_on_white(string colour)
    {
        static double Channel(int c)
        {
            var s = c / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        var rgb = Convert.FromHexString(colour[1..]);
        var luminance = 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);

        Assert.That((1.0 + 0.05) / (luminance + 0.05), Is.GreaterThanOrEqualTo(4.5));
    }

    [Test]
    public void A_template_with_an_error_stops_the_renderer_when_it_is_loaded()
    {
        var folder = Directory.CreateTempSubdirectory("ui-tpl-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "templates"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(Path.Combine(TestContext.CurrentContext.TestDirectory, "templates"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.AppendAllText(Path.Combine(folder, "statement.html.sbn"), "{{ for x in }}");

            Assert.That(() => StatementRenderer.Load(folder), Throws.TypeOf<UserErrorException>().With.Message.Contains("statement.html.sbn"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
