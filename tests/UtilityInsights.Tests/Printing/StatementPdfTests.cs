using UglyToad.PdfPig;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Printing;
using UtilityInsights.Statements;
using UtilityInsights.Tests.Statements;

namespace UtilityInsights.Tests.Printing;

/// <summary>
/// Issue 20: a statement laid out for paper from its document of record — everything the HTML statement says is on the
/// pages (read back with PdfPig), the pages are numbered, nothing is split or orphaned, and a batch's statements each
/// start on a new sheet with their own pages.
/// </summary>
public class StatementPdfTests
{
    private static readonly StatementRenderer Renderer = StatementRenderer.Default();

    private static PaperStatement Paper(StatementModel model) => new(model, Renderer.Strings(model.Language));

    /// <summary>Each page's text in the order it was drawn (each text box whole, whatever stands beside it), without spaces.</summary>
    internal static List<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => Squeezed(string.Concat(p.Letters.Select(l => l.Value)))).ToList();
    }

    private static string Squeezed(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    [Test]
    public void Every_figure_and_sentence_of_the_statement_is_on_its_pages_and_each_page_says_whose_it_is_and_which_of_how_many()
    {
        var model = StatementRendererTests.English();
        var pages = Pages(StatementPdf.Print(model, Renderer.Strings("en")));
        // Compared without spaces, so a line break anywhere still matches.
        var all = string.Concat(pages);
        var expected = new List<string>
        {
            model.Utility.Name, model.Account.Name, model.Account.MailingAddress, model.Account.Number, model.AmountDue, model.DueDate, model.Period,
            model.Usage, model.RateSchedule, model.Meter.Number, model.Meter.Previous.Value, model.Meter.Current.Value, model.NewCharges, model.PreviousBalance,
            model.Payments, model.SamePeriodLastYear!, model.Comparison!.Cue, model.ScanLine!, model.Utility.Phone, model.Utility.EmergencyPhone!,
            model.Utility.Disputes!, "Thank you for being our customer.", "Your usage month by month", "Average neighbors", "Efficient neighbors",
        };
        expected.AddRange(model.Lines.SelectMany(l => new[] { l.Description, l.Quantity, l.Rate, l.Amount, l.Explanation }));
        expected.AddRange(model.WhyChanged.SelectMany(c => c.Parts.Prepend(c.Summary)));
        expected.AddRange(model.Tips.SelectMany(t => new[] { t.Title, t.Text, t.Savings }));
        expected.AddRange(model.Utility.PaymentOptions.SelectMany(o => new[] { o.Title, o.Detail }));
        Assert.Multiple(() =>
        {
            foreach (var text in expected)
                Assert.That(all, Does.Contain(Squeezed(text)), text);
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.That(pages[i], Does.Contain($"Page{i + 1}of{pages.Count}"));
                Assert.That(pages[i], Does.Contain("AccountnumberA-000001"));
            }
        });
        Assert.That(pages, Has.Count.InRange(1, 2));
        Assert.That(pages[^1], Does.Contain(Squeezed(model.ScanLine!)), "the remittance slip is on the last page");
    }

    [Test]
    public void A_spanish_statement_is_printed_in_spanish_with_its_estimated_read_marked()
    {
        var model = StatementRendererTests.Spanish();
        var pages = Pages(StatementPdf.Print(model, Renderer.Strings("es")));
        var all = string.Concat(pages);
        Assert.Multiple(() =>
        {
            Assert.That(pages[0], Does.Contain($"Página1de{pages.Count}"));
            Assert.That(all, Does.Contain(Squeezed("José García")));
            Assert.That(all, Does.Contain(Squeezed(Renderer.Strings("es")["estimated_note"])));
            Assert.That(all, Does.Contain(Squeezed(model.NoComparisonReason!)));
            Assert.That(all, Does.Contain(Squeezed(Renderer.Strings("es")["thank_you"])));
        });
    }

    [Test]
    public void A_long_statement_flows_onto_more_pages_with_no_heading_left_at_the_foot_of_a_page()
    {
        var many = Enumerable.Range(1, 60).Select(i => new StatementLine($"Adjustment {i}", "1", "$1.00", "$1.00", $"Line {i} explained", false)).ToList();
        var model = StatementRendererTests.English() with { Lines = many };
        var pages = Pages(StatementPdf.Print(model, Renderer.Strings("en")));
        var headings = new[] { "Yourusage", "Yourcharges", "Whyyourbillchanged", "Waystosave", "Waystopay" };
        Assert.That(pages, Has.Count.GreaterThan(2));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.That(pages[i], Does.Contain($"Page{i + 1}of{pages.Count}"));
                // A heading is never the last thing drawn on a page (before its foot).
                var body = pages[i][..pages[i].LastIndexOf("AccountnumberA-000001", StringComparison.Ordinal)];
                foreach (var heading in headings)
                    Assert.That(body, Does.Not.EndWith(heading), $"page {i + 1}");
            }
            for (var line = 1; line <= 60; line++)
                Assert.That(pages.Count(p => p.Contains($"Adjustment{line}Line{line}explained", StringComparison.Ordinal)), Is.EqualTo(1), $"line {line} printed once");
        });
    }

    [Test]
    public void Charts_that_do_not_fit_open_the_next_page_while_the_text_after_them_fills_this_one()
    {
        var extra = Enumerable.Range(1, 6).Select(i => new StatementLine($"Rider {i}", "812 kWh", "$0.0010", "$0.81", "", false));
        var model = StatementRendererTests.English() with
        {
            Lines = [.. StatementRendererTests.English().Lines, .. extra],
            Correction = "This bill replaces bill B-2025-01-A-000001-1; the earlier charge was reversed.",
            PastDue = new StatementPastDue("$98.10", ["December 2024 bill: $98.10"]),
        };
        var pages = Pages(StatementPdf.Print(model, Renderer.Strings("en")));
        Assert.That(pages, Has.Count.EqualTo(2));
        Assert.That(pages[0], Does.Contain("Whyyourbillchanged").And.Not.Contain("Yourlast13months"), "the text after the charts fills the first page");
        Assert.That(pages[1], Does.StartWith("Howyoucomparewithsimilarhomesnearby"), "the charts open the second page");
        Assert.That(pages[1], Does.Contain(Squeezed(model.ScanLine!)), "the slip stays last");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_batch_starts_each_statement_on_a_new_sheet_and_draws_it_as_its_own_pdf(bool duplex)
    {
        // A statement from before remittance slips, with nothing to say about changes or tips: one page.
        var brief = StatementRendererTests.Flat() with { WhyChanged = [], Tips = [], ScanLine = null };
        StatementModel[] models = [StatementRendererTests.English("Ann One"), brief, StatementRendererTests.Spanish()];
        using var stream = new MemoryStream();
        var placements = StatementPdf.WriteBatch(stream, "batch", models.Select((m, i) => ($"A-{i + 1}", Paper(m))).ToList(), duplex, CancellationToken.None);
        var batch = Pages(stream.ToArray());
        var own = models.Select(m => Pages(StatementPdf.Print(m, Renderer.Strings(m.Language)))).ToList();

        Assert.That(own.Select(p => p.Count), Is.EqualTo(new[] { 2, 1, 2 }));
        Assert.That(placements.Select(p => p.Pages), Is.EqualTo(own.Select(p => p.Count)));
        // Duplex: a blank back after the one-page statement, so the next starts on a new sheet.
        Assert.That(placements.Select(p => p.FirstPage), Is.EqualTo(duplex ? new[] { 1, 3, 5 } : new[] { 1, 3, 4 }));
        Assert.That(batch, Has.Count.EqualTo(duplex ? 6 : 5));
        for (var i = 0; i < models.Length; i++)
        {
            for (var page = 0; page < own[i].Count; page++)
                Assert.That(batch[placements[i].FirstPage - 1 + page], Is.EqualTo(own[i][page]), $"statement {i + 1}, page {page + 1}");
        }
        if (duplex)
            Assert.That(batch[3], Is.Empty, "the back of the one-page statement is blank");
        // The outline names each statement on its first page, as a print vendor's operator looks for it.
        using var outlined = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(stream.ToArray()), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        Assert.That(outlined.Outlines.Select(o => o.Title), Is.EqualTo(new[] { "A-1", "A-2", "A-3" }));
        var pages = outlined.Pages.Cast<PdfSharp.Pdf.PdfPage>().ToList();
        Assert.That(outlined.Outlines.Select(o => pages.IndexOf(o.DestinationPage!) + 1), Is.EqualTo(placements.Select(p => p.FirstPage)));
    }

    [TestCase(130)]
    [TestCase(100)]
    public async Task Statements_drawn_ahead_while_a_batch_is_gathered_print_the_same_batch_as_drawn_at_once(int count)
    {
        StatementModel[] kinds = [StatementRendererTests.English(), StatementRendererTests.Spanish(), StatementRendererTests.TimeOfUse(), StatementRendererTests.Gas()];
        var documents = Enumerable.Range(1, count).Select(i => new PrintDocument($"A-{i}", "", Paper(kinds[i % kinds.Length] with { Account = kinds[i % kinds.Length].Account with { Number = $"A-{i}" } })))
            .ToList();
        var folder = Directory.CreateTempSubdirectory("ui-ahead-").FullName;
        try
        {
            await using var ahead = new PaperPrinter();
            foreach (var document in documents)
                ahead.Prepare(document, duplex: true);
            var drawnAhead = await ahead.PrintBatchAsync(documents, Path.Combine(folder, "ahead.pdf"), duplex: true, CancellationToken.None);
            await using var atOnce = new PaperPrinter();
            var drawnAtOnce = await atOnce.PrintBatchAsync(documents, Path.Combine(folder, "at-once.pdf"), duplex: true, CancellationToken.None);
            // Prepared for one batch, printed as another (in another order): nothing drawn ahead is used wrongly.
            await using var other = new PaperPrinter();
            foreach (var document in documents)
                other.Prepare(document, duplex: true);
            var reversed = documents.AsEnumerable().Reverse().ToList();
            var drawnOther = await other.PrintBatchAsync(reversed, Path.Combine(folder, "other.pdf"), duplex: true, CancellationToken.None);

            Assert.That(drawnAhead, Is.EqualTo(drawnAtOnce));
            Assert.That(Pages(await File.ReadAllBytesAsync(Path.Combine(folder, "ahead.pdf"))), Is.EqualTo(Pages(await File.ReadAllBytesAsync(Path.Combine(folder, "at-once.pdf")))));
            var otherPages = Pages(await File.ReadAllBytesAsync(Path.Combine(folder, "other.pdf")));
            Assert.That(otherPages[drawnOther[0].FirstPage - 1], Does.Contain($"Accountnumber:A-{count}"), "the reversed batch starts with the last statement");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_same_statement_prints_to_the_same_bytes()
    {
        var first = StatementPdf.Print(StatementRendererTests.TimeOfUse(), Renderer.Strings("en"));
        var again = StatementPdf.Print(StatementRendererTests.TimeOfUse(), Renderer.Strings("en"));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void A_chart_with_an_element_printing_does_not_draw_is_an_error_not_a_gap()
    {
        var model = StatementRendererTests.English() with { History = new StatementChart("<svg width=\"10\" height=\"10\"><image href=\"x.png\"/></svg>", "") };
        Assert.That(() => StatementPdf.Print(model, Renderer.Strings("en")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("<image>"));
    }

    /// <summary>A payment made on or after the statement date is on the next statement (AccountBalance.ForStatement): the paper says so, in the customer's language, and an older document without a date says nothing.</summary>
    [Test]
    public void The_payments_line_says_which_payments_are_on_the_next_statement()
    {
        var english = string.Concat(Pages(StatementPdf.Print(StatementRendererTests.English(), Renderer.Strings("en"))));
        var spanish = string.Concat(Pages(StatementPdf.Print(StatementRendererTests.Spanish(), Renderer.Strings("es"))));
        var undated = string.Concat(Pages(StatementPdf.Print(StatementRendererTests.English() with { StatementDate = null }, Renderer.Strings("en"))));

        Assert.Multiple(() =>
        {
            Assert.That(english, Does.Contain(Squeezed($"Payments we receive on or after {StatementRendererTests.English().StatementDate} will appear on your next statement.")));
            Assert.That(spanish, Does.Contain(Squeezed($"Los pagos que recibamos a partir del {StatementRendererTests.Spanish().StatementDate} aparecerán en su próximo estado de cuenta.")));
            Assert.That(undated, Does.Contain(Squeezed("Payments received — thank you")).And.Not.Contain("Paymentswereceive"));
        });
    }

    [Test]
    public void Every_element_svg_charts_write_is_drawn()
    {
        // Every kind of mark SvgChart writes: titled (screen-reader) charts, bars with tooltips, lines, dashed polylines, dots and texts.
        var chart = SvgChart.Titled("c", "All the marks", 440, 120)
            .Bar(10, 10, 40, 60, "#1f5fa8", radius: 3, tooltip: "Bar: 60 kWh")
            .Line(0, 100, 440, 100, "#d0d7de")
            .Polyline([(10, 90), (100, 40), (200, 70)], "#2e7d32", dashed: true)
            .Dot(100, 40, 4, "#a4161a", tooltip: "Peak")
            .Text(220, 110, "Marks drawn", "middle", 12, "#1d2733")
            .ToString();
        var model = StatementRendererTests.English() with { TimeOfUse = new StatementChart(chart, "All the marks") };
        // Wherever the chart falls (the statement runs to two pages).
        var page = string.Concat(Pages(StatementPdf.Print(model, Renderer.Strings("en"))));
        Assert.That(page, Does.Contain("Marksdrawn"));
        Assert.That(page, Does.Not.Contain("Bar:60kWh").And.Not.Contain("Allthemarks"), "titles are for screen readers, not paper");
    }
}
