using System.Globalization;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class StatementRendererTests
{
    private static readonly StatementRenderer Renderer = StatementRenderer.Default();
    private static readonly string Golden = Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../Statements/golden");

    private static readonly UtilityBranding Branding = new("Sample Power & Light", "#1f5fa8", "1-800-555-0100", "care@example.com", "example.com/pay",
        "PO Box 100, Lakeport, MN 55301",
        [new PaymentOption("Online", "example.com/pay, free"), new PaymentOption("AutoPay", "from your bank account on the due date"), new PaymentOption("By phone", "1-800-555-0100, any time")])
    {
        EmergencyPhone = "1-800-555-0199",
        PayUrl = "https://example.com/pay",
        Disputes = "Questions about this bill? Call us before the due date; you need pay only the part not in question while we look into it.",
        Regulator = "If we cannot settle it together, contact the State Public Utilities Commission: 1-800-555-0177.",
    };

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
            new StatementLine("State utility tax", "$102.27", "4%", "$4.09", "4% of $102.27", true),
        ],
        NewCharges = "$106.36",
        PreviousBalance = "$98.10",
        Payments = "−$98.10",
        AmountDue = "$106.36",
        DueDate = "Feb 22, 2025",
        StatementDate = "Feb 1, 2025",
        SamePeriodLastYear = "Jan 2024: 901 kWh, $114.02",
        History = Charts.History(
            Enumerable.Range(0, 13).Select(i => new HistoryMonth(CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName((i % 12) + 1), 600m + i * 17,
                i == 0 ? null : 620m + i * 15)).ToList(),
            "kWh", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US")),
        Comparison = new StatementComparison("Good", "Good — you used less than your average neighbors. Homes like yours save more by…", "26.2 kWh", "29.5 kWh", "19.8 kWh",
            Charts.Neighbours(26.2m, 29.5m, 19.8m, "kWh", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US"))),
        WhyChanged =
        [
            new StatementChange("Compared with last month: +$20.50", ["3 more days in the period: +$8.10", "Colder weather (112 more heating degree days): +$12.40"]),
            new StatementChange("Compared with the same month last year: −$7.66", ["Your use: −$7.66"]),
        ],
        Month = "Jan 2025",
        ComparisonSummary = "11% less than similar homes",
        Tips = [new StatementTip("Lower the thermostat 2 °F at night.", "Each degree saves about 3% of heating.", "About 45 kWh, $5 a month")],
        ModelVersion = "cohorts-test",
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 106.36m, new DateOnly(2025, 2, 22)),
        PageFooter = CssText.Literal("Account number A-000001"),
    };

    internal static StatementModel Spanish() => English("José García") with
    {
        Language = "es",
        Meter = new StatementMeter("M-000002", "1", new StatementRead("41.230", "1 ene 2025", "real", false), new StatementRead("42.042", "1 feb 2025", "estimada", true)),
        Comparison = null,
        NoComparisonReason = "todavía no hay suficientes hogares similares cerca",
        History = Charts.History([new HistoryMonth("ene", 812m, null)], "kWh", Renderer.Strings("es"), CultureInfo.GetCultureInfo("es-US")),
    };

    internal static StatementModel TimeOfUse() => English() with
    {
        RateSchedule = "Residential Time-of-Use (4–9 pm peak)",
        Lines =
        [
            new StatementLine("Energy, Winter off-peak", "655 kWh", "$0.0980", "$64.19", "655 kWh at $0.0980/kWh", false),
            new StatementLine("Energy, Winter on-peak", "157 kWh", "$0.2410", "$37.84", "157 kWh at $0.2410/kWh", false),
            new StatementLine("Basic service charge", "1 month", "$11.50", "$11.50", "$11.50 a month", false),
        ],
        NewCharges = "$113.53",
        AmountDue = "$113.53",
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 113.53m, new DateOnly(2025, 2, 22)),
        TimeOfUse = Charts.TimeOfUse([("Winter off-peak", 655m), ("Winter on-peak", 157m)], "kWh", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US")),
    };

    internal static StatementModel Gas() => English() with
    {
        Utility = English().Utility with { EmergencyPhone = "1-800-555-0198", EmergencyPrompt = "Smell gas? Leave at once, then call" },
        Usage = "64 therm",
        UsagePerDay = "2.1 therm",
        RateSchedule = "Residential Gas Service",
        Lines =
        [
            new StatementLine("Gas", "64 therm", "$1.1200", "$71.68", "64 therm at $1.1200/therm", false),
            new StatementLine("Basic service charge", "1 month", "$9.00", "$9.00", "$9.00 a month", false),
        ],
        NewCharges = "$80.68",
        AmountDue = "$80.68",
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 80.68m, new DateOnly(2025, 2, 22)),
        History = Charts.History([new HistoryMonth("Dec", 71m, 80m), new HistoryMonth("Jan", 64m, 69m)], "therm", Renderer.Strings("en"), CultureInfo.GetCultureInfo("en-US")),
        Comparison = null,
        NoComparisonReason = "we compare homes by their electricity use, and this bill is for gas",
        SamePeriodLastYear = "Jan 2024: 69 therm, $86.28",
        WhyChanged =
        [
            new StatementChange("Compared with last month: −$7.84", ["Your use: −$7.84"]),
            new StatementChange("Compared with the same month last year: −$5.60", ["Your use: −$5.60"]),
        ],
        ComparisonSummary = null,
        Tips = [new StatementTip("Lower the thermostat 2 °F at night.", "Each degree saves about 3% of heating.", "About 4 therm, $4 a month")],
    };

    /// <summary>A gas meter read once a billing period through its utility's Green Button feed (its long id the feed's usage point), the reading estimated.</summary>
    internal static StatementModel GasPeriodReads() => Gas() with
    {
        Meter = new StatementMeter("GB-BillingAccount-1234567890-UsagePoint-NET_USAGE", "1", new StatementRead("—", "Jan 1, 2025", "interval meter", false),
            new StatementRead("—", "Jan 31, 2025", "estimated", true))
        {
            Summary = MeterWords.PeriodReads(new DateOnly(2024, 12, 28), new DateOnly(2025, 1, 28), 1, true, "en", CultureInfo.GetCultureInfo("en-US")),
            PeriodReads = true,
        },
    };

    internal static StatementModel NetMetered() => English() with
    {
        Lines =
        [
            new StatementLine("Energy", "512 kWh", "$0.1200", "$61.44", "512 kWh at $0.1200/kWh", false),
            new StatementLine("Credit for energy exported", "230 kWh", "−$0.0400", "−$9.20", "230 kWh sent to the grid, credited at $0.0400/kWh (net billing)", false),
            new StatementLine("Basic service charge", "1 month", "$11.50", "$11.50", "$11.50 a month", false),
        ],
        NewCharges = "$63.74",
        AmountDue = "$63.74",
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 63.74m, new DateOnly(2025, 2, 22)),
        Comparison = null,
        NoComparisonReason = "homes with solar panels are compared only with each other",
    };

    internal static StatementModel Flat() => English() with
    {
        RateSchedule = "Residential Standard Service",
        Lines =
        [
            new StatementLine("Energy", "812 kWh", "$0.1180", "$95.82", "812 kWh at $0.1180/kWh", false),
            new StatementLine("Basic service charge", "1 month", "$11.50", "$11.50", "$11.50 a month", false),
        ],
        NewCharges = "$107.32",
        AmountDue = "$107.32",
        // An AutoPay customer: told the bank pays it, the slip says there is nothing to send.
        AutoPay = "AutoPay pays it from your bank account on Feb 22, 2025: there is nothing to send.",
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 107.32m, new DateOnly(2025, 2, 22)),
    };

    /// <summary>A December bill partly paid ($40 of $86.35) and a late payment charge on it: $49.79 past due, on top of January's $106.36.</summary>
    internal static StatementModel PastDue() => English() with
    {
        PreviousBalance = "$86.35",
        Payments = "−$40.00",
        LateFees = "$3.44",
        AmountDue = "$156.15",
        PastDue = new StatementPastDue("$49.79", ["December 2024 bill ($46.35)", "late payment charge on the December 2024 bill ($3.44)"]),
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 156.15m, new DateOnly(2025, 2, 22)),
    };

    /// <summary>
    /// An interval meter: no dial reads to show, so the statement says what the usage was read from — three hours of January 14th
    /// estimated, which marks the read as the composer does and explains estimates the interval meter's way.
    /// </summary>
    internal static StatementModel Interval() => English() with
    {
        Meter = new StatementMeter("M-000001", "1", new StatementRead("—", "1/1/2025", "interval meter", false), new StatementRead("—", "2/1/2025", "estimated", true))
        {
            Summary = MeterWords.IntervalReads(744, 3, 60, "en", CultureInfo.GetCultureInfo("en-US"), [new DateOnly(2025, 1, 14)]),
        },
    };

    [Test]
    public void An_interval_meter_s_estimates_are_explained_as_filled_hours_and_a_dial_s_as_trued_up_by_the_next_read()
    {
        var strings = Renderer.Strings("en");
        var interval = Renderer.RenderHtml(Interval());
        var dial = Renderer.RenderHtml(English() with { Meter = Spanish().Meter });

        Assert.Multiple(() =>
        {
            Assert.That(interval, Does.Contain("(3 estimated, on Jan 14)"));
            Assert.That(interval, Does.Contain(System.Net.WebUtility.HtmlEncode(strings["estimated_interval_note"])).And.Not.Contain("next actual read corrects it"),
                "an interval meter's next reads do not correct this bill");
            Assert.That(dial, Does.Contain(System.Net.WebUtility.HtmlEncode(strings["estimated_note"])), "a dial's next actual read does");
            Assert.That(Renderer.RenderText(Interval()), Does.Contain(strings["estimated_interval_note"] + "\n"), "the text statement says so too");
        });
    }

    /// <summary>A December bill of $98.10 of which $60.00 was paid: the rest is past due, with no late charge yet.</summary>
    internal static StatementModel PartialPayment() => English() with
    {
        PreviousBalance = "$98.10",
        Payments = "−$60.00",
        AmountDue = "$144.46",
        PastDue = new StatementPastDue("$38.10", ["December 2024 bill ($38.10)"]),
        ScanLine = UtilityInsights.Billing.ScanLine.For("A-000001", 144.46m, new DateOnly(2025, 2, 22)),
    };

    /// <summary>
    /// A home with solar panels compared with its solar cohort: imports and exports over 13 months,
    /// the credit of each of the last six bills (the earlier months were billed elsewhere), and the cohort's cue.
    /// </summary>
    internal static StatementModel Solar()
    {
        var english = CultureInfo.GetCultureInfo("en-US");
        var months = Enumerable.Range(0, 13).Select(i => new HistoryMonth(CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName((i % 12) + 1),
            400m + Math.Abs(6 - i) * 20m, i == 0 ? null : 420m + Math.Abs(6 - i) * 18m)
        {
            ToGrid = 80m + (6 - Math.Abs(6 - i)) * 45m,
            Credit = i >= 7 ? Math.Round((80m + (6 - Math.Abs(6 - i)) * 45m) * 0.04m, 2) : null,
        }).ToList();
        // This month as its charges say: 512 kWh taken, 230 kWh sent and credited $9.20.
        months[^1] = months[^1] with { Usage = 512m, ToGrid = 230m, Credit = 9.20m };
        return NetMetered() with
        {
            Comparison = new StatementComparison("Good", "Among similar homes with solar panels: Good — you used less than your average neighbors.", "16.5 kWh",
                "19.1 kWh", "12.0 kWh", Charts.Neighbours(16.5m, 19.1m, 12.0m, "kWh", Renderer.Strings("en"), english)),
            NoComparisonReason = null,
            History = Charts.History(months, "kWh", Renderer.Strings("en"), english),
            SolarSummary = SolarWords.Summary(months, "kWh", Renderer.Strings("en"), english),
        };
    }

    /// <summary>A dial that passed 99,999 during the month.</summary>
    internal static StatementModel Rollover() => English() with
    {
        Meter = new StatementMeter("M-000001", "1", new StatementRead("99,870", "Jan 1, 2025", "actual", false), new StatementRead("682", "Feb 1, 2025", "actual", false))
        {
            Note = MeterWords.Rollover(99_870, 682, 100_000, 812, "kWh", "en", CultureInfo.GetCultureInfo("en-US")),
        },
    };

    /// <summary>A meter replaced during the month: the old meter's usage to the exchange and the new one's since.</summary>
    internal static StatementModel Exchange() => English() with
    {
        Meter = new StatementMeter("M-000001", "1", new StatementRead("41,230", "Jan 1, 2025", "actual", false), new StatementRead("500", "Feb 1, 2025", "actual", false))
        {
            Note = MeterWords.Exchange(new DateOnly(2025, 1, 14), 41_542, 312, 0, 500, "kWh", "en", CultureInfo.GetCultureInfo("en-US")),
        },
    };

    /// <summary>An interval meter that also sends its dial reads: the reads at the period's ends, and what the usage was worked out from.</summary>
    internal static StatementModel IntervalWithRegisters() => English() with
    {
        Meter = new StatementMeter("M-000001", "1", new StatementRead("41,230", "1/1/2025", "actual", false), new StatementRead("42,042", "2/1/2025", "actual", false))
        {
            Summary = MeterWords.IntervalReads(744, 0, 60, "en", CultureInfo.GetCultureInfo("en-US")),
        },
    };

    private static readonly Dictionary<string, Func<StatementModel>> Cases = new()
    {
        ["partial-payment"] = PartialPayment,
        ["solar"] = Solar,
        ["rollover"] = Rollover,
        ["exchange"] = Exchange,
        ["interval-registers"] = IntervalWithRegisters,
        ["interval"] = Interval,
        ["past-due"] = PastDue,
        ["flat"] = Flat,
        ["english"] = () => English(),
        ["tou"] = TimeOfUse,
        ["gas"] = Gas,
        ["gas-period-reads"] = GasPeriodReads,
        ["net-metered"] = NetMetered,
        ["spanish"] = Spanish,
    };

    private static readonly System.Text.Json.JsonSerializerOptions ModelJson = new() { WriteIndented = true };

    /// <summary>
    /// Golden files: <c>NAME.model.json</c> (the statement model, written from the C# case with
    /// UPDATE_GOLDEN=1) rendered must equal <c>NAME.html</c> and <c>NAME.txt</c>. "english" is a tiered
    /// bill; "spanish" has an estimated read and no comparison; "gas" is compared by nobody (homes are compared by electricity) and gives the gas emergency line ("gas-period-reads" the same
    /// bill on a meter read once a period, its reading estimated); "past-due"
    /// owes the rest of a partly paid bill and a late payment charge.
    /// </summary>
    [TestCase("flat")]
    [TestCase("english")]
    [TestCase("tou")]
    [TestCase("gas")]
    [TestCase("gas-period-reads")]
    [TestCase("net-metered")]
    [TestCase("spanish")]
    [TestCase("past-due")]
    [TestCase("interval")]
    [TestCase("interval-registers")]
    [TestCase("partial-payment")]
    [TestCase("solar")]
    [TestCase("rollover")]
    [TestCase("exchange")]
    public void A_model_from_its_JSON_renders_as_its_golden_HTML_and_text(string name)
    {
        var modelPath = Path.Combine(Golden, $"{name}.model.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(modelPath, System.Text.Json.JsonSerializer.Serialize(Cases[name](), ModelJson));
        var model = System.Text.Json.JsonSerializer.Deserialize<StatementModel>(File.ReadAllText(modelPath))!;

        Assert.That(model, Is.Not.Null);
        AssertGolden($"{name}.html", Renderer.RenderHtml(model));
        AssertGolden($"{name}.txt", Renderer.RenderText(model));
    }

    /// <summary>
    /// The stored model of each golden case is what its C# case builds today: the cases build their charts, wordings and
    /// balances with the statement code itself, and a change there (the history chart's legend, say) would otherwise go
    /// unnoticed while the golden files render the old JSON. Run with UPDATE_GOLDEN=1 and review the diff when it fails.
    /// </summary>
    [TestCaseSource(nameof(GoldenNames))]
    public void A_golden_model_is_what_its_case_builds_today(string name)
    {
        var path = Path.Combine(Golden, $"{name}.model.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(Cases[name](), ModelJson));
        var stored = File.ReadAllText(path);

        Assert.That(System.Text.Json.JsonSerializer.Serialize(Cases[name](), ModelJson), Is.EqualTo(stored),
            $"{name}.model.json is not what the case builds (run with UPDATE_GOLDEN=1 and review the diff)");
    }

    private static IEnumerable<string> GoldenNames() => Directory.EnumerateFiles(Golden, "*.model.json").Select(f => Path.GetFileName(f)[..^".model.json".Length]).Order(StringComparer.Ordinal);

    [Test]
    public void The_emergency_line_reads_as_the_document_words_it_and_as_an_electricity_bill_on_documents_made_before()
    {
        var gas = Gas();
        var html = Renderer.RenderHtml(gas);
        var text = Renderer.RenderText(gas);
        var pdf = string.Concat(Printing.StatementPdfTests.Pages(UtilityInsights.Printing.StatementPdf.Print(gas, Renderer.Strings("en"))));

        Assert.Multiple(() =>
        {
            Assert.That(html.Split("Smell gas? Leave at once, then call <span class=\"nowrap\">1-800-555-0198</span>").Length - 1, Is.EqualTo(2), "at the top and in the contacts");
            Assert.That(html, Does.Not.Contain("outage"));
            Assert.That(text, Does.Contain("Smell gas? Leave at once, then call 1-800-555-0198, day or night").And.Not.Contain("outage"));
            Assert.That(pdf.Split("Smellgas?Leaveatonce,thencall1-800-555-0198").Length - 1, Is.EqualTo(2), "on paper: the top and the contacts");
            Assert.That(Renderer.RenderText(English()), Does.Contain("Power outage or emergency? Call 1-800-555-0199, day or night"), "a document without the words");
        });
    }

    [Test]
    public void A_statement_is_titled_as_its_document_says_and_an_email_s_subject_names_what_it_bills()
    {
        var water = English() with { Title = "Your water statement" };
        var pdf = string.Concat(Printing.StatementPdfTests.Pages(UtilityInsights.Printing.StatementPdf.Print(water, Renderer.Strings("en"))));

        Assert.Multiple(() =>
        {
            Assert.That(Renderer.RenderHtml(water), Does.Contain("<title>Your water statement · Sample Power &amp; Light</title>").And.Contain("<h1>Your water statement</h1>"));
            Assert.That(Renderer.RenderText(water), Does.StartWith("Sample Power & Light — Your water statement\n"));
            Assert.That(pdf, Does.Contain("Yourwaterstatement").And.Not.Contain("Yourenergystatement"));
            Assert.That(Renderer.RenderText(English()), Does.StartWith("Sample Power & Light — Your energy statement\n"), "a document without a title");
            Assert.That(StatementTitles.EmailSubject(new DateOnly(2026, 1, 1), "en", UtilityInsights.Units.Commodity.Water), Is.EqualTo("Your January 2026 water statement"));
            Assert.That(StatementTitles.EmailSubject(new DateOnly(2026, 1, 1), "es", UtilityInsights.Units.Commodity.Water), Is.EqualTo("Su estado de cuenta de agua de enero de 2026"));
            Assert.That(StatementTitles.EmailSubject(new DateOnly(2026, 1, 1), "en", UtilityInsights.Units.Commodity.Gas), Is.EqualTo("Your January 2026 energy statement"));
            Assert.That(Renderer.Strings("es")[StatementTitles.Key(UtilityInsights.Units.Commodity.Water)], Is.EqualTo("Su estado de cuenta de agua"));
        });
    }

    [Test]
    public void The_SMS_summary_fits_one_message_and_says_amount_due_date_and_comparison()
    {
        var sms = Renderer.RenderSms(English());
        var long_ = Renderer.RenderSms(English() with { Utility = Branding with { Name = new string('N', 150) } });

        Assert.Multiple(() =>
        {
            Assert.That(sms, Is.EqualTo("Sample Power & Light: your bill for Jan 2025 is $106.36, due Feb 22, 2025. 812 kWh, 11% less than similar homes. example.com/pay"));
            Assert.That(SmsText.Septets(long_), Is.LessThanOrEqualTo(StatementRenderer.SmsLength));
            Assert.That(long_, Does.EndWith("... example.com/pay"), "too long: the words are cut, never the link");
            Assert.That(Renderer.RenderSms(English() with { AutoPay = "AutoPay pays it from your bank account on Feb 22, 2025: there is nothing to send." }),
                Is.EqualTo("Sample Power & Light: your bill for Jan 2025 is $106.36, due Feb 22, 2025 by AutoPay. 812 kWh, 11% less than similar homes. example.com/pay"),
                "an AutoPay customer's text says who pays");
        });
    }

    [Test]
    public void Every_SMS_is_one_GSM_7_message_with_its_link_whole_in_English_and_Spanish()
    {
        var spanish = Spanish() with { Month = "ene 2025", Usage = "812 kWh", ComparisonSummary = "11 % menos que hogares similares" };
        var messages = new[]
        {
            Renderer.RenderSms(English()),
            Renderer.RenderSms(spanish),
            Renderer.RenderSms(PastDue()),
            Renderer.RenderSms(spanish with { PastDue = new StatementPastDue("$49.79", []), Utility = Branding with { Name = "Compañía Eléctrica del Río Grande, Servicio Público Municipal" } }),
        };

        Assert.Multiple(() =>
        {
            foreach (var message in messages)
            {
                Assert.That(SmsText.IsGsm7(message), Is.True, message);
                Assert.That(SmsText.Septets(message), Is.LessThanOrEqualTo(160), message);
                Assert.That(message, Does.EndWith(" example.com/pay"), message);
            }
            Assert.That(messages[1], Does.Contain("su factura de ene 2025"), "Spanish keeps its words, without the accents GSM 7-bit lacks");
            Assert.That(SmsText.Gsm7("Compañía — Eléctrica…"), Is.EqualTo("Compañia - Eléctrica..."), "ñ and é are in the alphabet; í, — and … are not");
        });
    }

    [Test]
    public void A_notice_escapes_the_customer_s_name_and_keeps_its_courteous_parts()
    {
        var notice = new NoticeModel
        {
            Language = "en",
            Utility = Branding,
            Account = new StatementAccount("A-1", "<b>O'Brien & Sons</b>", "1 Main St", "1 Main St"),
            Stage = "FirstReminder",
            Title = "A friendly reminder about your balance",
            Greeting = "Dear <b>O'Brien & Sons</b>,",
            Intro = "We have not yet received payment.",
            Amount = "$10.00",
            PayBy = "If you can, please pay by Jan 5, 2027.",
            Plan = "Need more time? We can set up a payment plan.",
            Assistance = "Help is available (LIHEAP).",
        };

        var html = Renderer.RenderNoticeHtml(notice);
        var text = Renderer.RenderNoticeText(notice);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<b>"));
            Assert.That(html, Does.Contain("&lt;b&gt;O&#39;Brien &amp; Sons&lt;/b&gt;"));
            Assert.That(html, Does.Contain("<html lang=\"en\">").And.Contain("payment plan").And.Contain("LIHEAP"));
            Assert.That(text, Does.Contain("Amount past due: $10.00"));
        });
    }

    private static void AssertGolden(string name, string actual)
    {
        var path = Path.Combine(Golden, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, actual);
        Assert.That(File.Exists(path), Is.True, $"golden file {name} is missing (run with UPDATE_GOLDEN=1 and review it)");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path)), name);
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
            Assert.That(html, Does.Contain("<figcaption class=\"sr-only\">"), "the text alternative is for screen readers, not printed as a paragraph");
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
        var folder = TemplatesWith("statement.html.sbn", "{{ for x in }}");
        try
        {
            Assert.That(() => StatementRenderer.Load(folder), Throws.TypeOf<UserErrorException>().With.Message.Contains("statement.html.sbn"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Renders_on_one_thread_share_nothing_even_after_one_fails_half_way()
    {
        var spanish = Cases["spanish"]();
        var first = Renderer.RenderHtml(English());
        var folder = TemplatesWith("statement.html.sbn", "{{ no_such_variable }}");
        try
        {
            var broken = StatementRenderer.Load(folder);
            Assert.That(() => broken.RenderHtml(English()), Throws.Exception);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Renderer.RenderHtml(spanish), Does.Contain("lang=\"es\"").And.Not.Contain("Ann Example"));
            Assert.That(Renderer.RenderHtml(English()), Is.EqualTo(first));
        });
    }

    /// <summary>A copy of the shipped templates with <paramref name="appended"/> added to the end of one of them.</summary>
    private static string TemplatesWith(string template, string appended)
    {
        var shipped = Path.Combine(TestContext.CurrentContext.TestDirectory, "templates");
        var folder = Directory.CreateTempSubdirectory("ui-tpl-").FullName;
        foreach (var file in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(folder, template), appended);
        return folder;
    }
}
