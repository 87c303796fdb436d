using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Printing;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Tests.Printing;

/// <summary>Issue 20: paper statements in batch PDFs — sheets, blanks, the outline, the manifests, and a stopped run mended.</summary>
public class PrintBatchTests
{
    private string folder = "";

    [SetUp]
    public void SetUp() => folder = Directory.CreateTempSubdirectory("ui-print-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    /// <summary>A PDF of <paramref name="pages"/> empty pages of the given size (points).</summary>
    private static byte[] Pdf(int pages, double width = 612, double height = 792)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            page.Width = PdfSharp.Drawing.XUnit.FromPoint(width);
            page.Height = PdfSharp.Drawing.XUnit.FromPoint(height);
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    [TestCase(true, new[] { 1, 3, 5 }, 8)]
    [TestCase(false, new[] { 1, 2, 4 }, 6)]
    public async Task Each_statement_starts_on_a_new_sheet_and_a_duplex_batch_has_a_blank_after_an_odd_statement(bool duplex, int[] firstPages, int total)
    {
        var path = Path.Combine(folder, "batch.pdf");
        var placements = await PdfBatchFile.WriteAsync(path, [("A-1", Pdf(1)), ("A-2", Pdf(2)), ("A-3", Pdf(3, 595, 842))], duplex, CancellationToken.None);

        Assert.That(placements.Select(p => p.FirstPage), Is.EqualTo(firstPages));
        Assert.That(placements.Select(p => p.Pages), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(placements.Select(p => p.Sheets(duplex)), Is.EqualTo(duplex ? new[] { 1, 1, 2 } : new[] { 1, 2, 3 }));
        using var batch = PdfReader.Open(path, PdfDocumentOpenMode.Import);
        Assert.That(batch.PageCount, Is.EqualTo(total));
        // The blank after the A4 statement is A4 too; the outline names each statement's first page.
        Assert.That(batch.Pages[total - 1].Width.Point, Is.EqualTo(595).Within(0.5));
        Assert.That(batch.Pages[total - 1].Height.Point, Is.EqualTo(842).Within(0.5));
        Assert.That(File.Exists(path + ".partial"), Is.False);
        using var modify = PdfReader.Open(path, PdfDocumentOpenMode.Modify);
        Assert.That(modify.Outlines.Select(o => o.Title), Is.EqualTo(new[] { "A-1", "A-2", "A-3" }));
    }

    [Test]
    public void A_damaged_statement_pdf_is_an_error_and_leaves_no_batch()
    {
        var path = Path.Combine(folder, "batch.pdf");
        Assert.That(async () => await PdfBatchFile.WriteAsync(path, [("A-1", Pdf(1)), ("A-2", "%PDF-1.4 cut off"u8.ToArray())], true, CancellationToken.None),
            Throws.Exception);
        Assert.That(File.Exists(path), Is.False);
    }

    private static Account Paper(string id) =>
        new(new AccountId(id), $"Customer {id}", "1 Main St, Riverton, VA 23262", "", null, null, Language.English, DeliveryChannel.Paper, "2026-01");

    /// <summary>A printer whose documents are empty PDFs of as many pages as their HTML says.</summary>
    private sealed class CountingPrinter : IPdfPrinter
    {
        public int Printed { get; private set; }

        public Task PrintAsync(PrintDocument document, string pdfPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PrintedPlacement>> PrintBatchAsync(IReadOnlyList<PrintDocument> documents, string batchPath, bool duplex, CancellationToken cancellationToken)
        {
            Printed += documents.Count;
            return PdfBatchFile.WriteAsync(batchPath, documents.Select(d => (d.Label, Pdf(int.Parse(d.Html, System.Globalization.CultureInfo.InvariantCulture)))).ToList(), duplex, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Test]
    public async Task A_batch_is_listed_in_its_own_manifest_and_the_cycles_and_a_run_stopped_before_listing_it_is_mended_without_printing_again()
    {
        var print = Path.Combine(folder, "print");
        var printer = new CountingPrinter();
        await using var batch = PrintBatch.Pdf(() => Task.FromResult<IPdfPrinter>(printer));
        using (var manifest = new DeliveryList(Path.Combine(print, "manifest.csv"), PaperBatches.Header))
        {
            var batches = new PaperBatches(print, null, batch, manifest);
            batches.Add("B-1", Paper("A-1"), "1");
            batches.Add("B-2", Paper("A-2"), "2");
            batches.Add("B-3", Paper("A-3"), "3");
            var delivered = await batches.PrintAsync(CancellationToken.None);
            Assert.That(delivered.Select(d => d.BillId), Is.EqualTo(new[] { "B-1", "B-2", "B-3" }));
        }
        var expected = new[]
        {
            string.Join(',', PaperBatches.Header),
            "B-1,A-1,Customer A-1,\"1 Main St, Riverton, VA 23262\",statements-0001.pdf,1,1,1",
            "B-2,A-2,Customer A-2,\"1 Main St, Riverton, VA 23262\",statements-0001.pdf,3,2,1",
            "B-3,A-3,Customer A-3,\"1 Main St, Riverton, VA 23262\",statements-0001.pdf,5,3,2",
        };
        Assert.That(File.ReadAllLines(Path.Combine(print, "statements-0001.csv")), Is.EqualTo(expected));
        Assert.That(File.ReadAllLines(Path.Combine(print, "manifest.csv")), Is.EqualTo(expected));

        // Stopped after the batch was written but before the cycle's manifest had all its rows; and a second
        // batch's PDF was written without its manifest.
        await File.WriteAllLinesAsync(Path.Combine(print, "manifest.csv"), expected.Take(2));
        await File.WriteAllTextAsync(Path.Combine(print, "statements-0002.pdf"), "half a batch");
        using (var manifest = new DeliveryList(Path.Combine(print, "manifest.csv"), PaperBatches.Header))
        {
            var batches = new PaperBatches(print, null, batch, manifest);
            Assert.That(new[] { "B-1", "B-2", "B-3" }.All(batches.Printed), Is.True, "the batch's bills count as printed");
            Assert.That(batches.Printed("B-4"), Is.False);
            batches.Add("B-4", Paper("A-4"), "2");
            await batches.PrintAsync(CancellationToken.None);
        }
        Assert.That(File.ReadAllLines(Path.Combine(print, "manifest.csv")),
            Is.EqualTo(expected.Append("B-4,A-4,Customer A-4,\"1 Main St, Riverton, VA 23262\",statements-0002.pdf,1,2,1")));
        using (var second = PdfReader.Open(Path.Combine(print, "statements-0002.pdf"), PdfDocumentOpenMode.Import))
            Assert.That(second.PageCount, Is.EqualTo(2), "the PDF left without a manifest was replaced");
        Assert.That(printer.Printed, Is.EqualTo(4), "no statement printed twice");
    }

    [Test]
    public async Task A_distributed_batch_names_its_pdfs_after_its_number()
    {
        var print = Path.Combine(folder, "print");
        await using var batch = PrintBatch.Pdf(() => Task.FromResult<IPdfPrinter>(new CountingPrinter()), duplex: false);
        using var manifest = new DeliveryList(Path.Combine(print, DeliveryBatch.ListName("manifest", new DeliveryBatch(7, AccountRange.All))), PaperBatches.Header);
        var batches = new PaperBatches(print, new DeliveryBatch(7, AccountRange.All), batch, manifest);
        batches.Add("B-1", Paper("A-1"), "3");
        await batches.PrintAsync(CancellationToken.None);
        Assert.That(Directory.GetFiles(print).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "manifest-0007.csv", "statements-0007-01.csv", "statements-0007-01.pdf" }));
        Assert.That(File.ReadAllLines(Path.Combine(print, "statements-0007-01.csv"))[1], Does.EndWith("statements-0007-01.pdf,1,3,3"), "simplex: a sheet a page");
    }
}
