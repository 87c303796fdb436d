using System.Diagnostics;
using PdfSharp.Pdf.IO;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Operations.Issue;

namespace UtilityInsights.IntegrationTests.Operations.Issue;

/// <summary>
/// Issue 20: a cycle's paper statements are laid out for paper and drawn into batch PDFs, and each statement's pages in its batch look
/// exactly like its own PDF (the one the portal and <c>statements render</c> give): both rasterized by poppler's
/// <c>pdftoppm</c> and compared pixel for pixel.
/// </summary>
public class PrintedBatchTests
{
    private static string? Pdftoppm() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(f => Path.Combine(f, "pdftoppm")).FirstOrDefault(File.Exists);

    /// <summary>One page of a PDF as a greyscale image (PGM bytes) at 50 dpi.</summary>
    private static async Task<byte[]> PageImageAsync(string pdftoppm, string pdf, int page, string folder)
    {
        var stem = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(pdf)}-{page}");
        using var process = Process.Start(new ProcessStartInfo(pdftoppm, ["-r", "50", "-gray", "-singlefile", "-f", $"{page}", "-l", $"{page}", pdf, stem])
        {
            RedirectStandardError = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.EqualTo(0), error);
        return await File.ReadAllBytesAsync(stem + ".pgm");
    }

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Issue_prints_paper_statements_into_batch_pdfs_whose_pages_are_each_statements_own_pdf()
    {
        var pdftoppm = Pdftoppm();
        if (pdftoppm is null)
        {
            Assert.Ignore("pdftoppm is not installed (apt-get install poppler-utils; .ci/run installs it).");
            return;
        }
        var folder = Directory.CreateTempSubdirectory("ui-printed-").FullName;
        try
        {
            var demo = await CliRunner.JsonAsync(folder, "demo", "--premises", "40", "--months", "2", "--print-format", "pdf");
            var cycle = demo.GetProperty("cycle").GetString()!;
            var print = Path.Combine(folder, "out", "delivery", cycle, "print");
            var manifest = File.ReadAllLines(Path.Combine(print, "manifest.csv"));
            Assert.That(manifest[0], Is.EqualTo("bill_id,account_id,name,mailing_address,statement,first_page,pages,sheets"));
            var rows = manifest.Skip(1).Select(l => l.Split(',')).Select(c => (Account: c[1], Batch: c[^4], First: Number(c[^3]), Pages: Number(c[^2]), Sheets: Number(c[^1])))
                .ToList();
            Assert.That(rows, Is.Not.Empty, "the demo has paper customers");
            Assert.That(rows.Select(r => r.Batch).Distinct(), Is.EqualTo(new[] { "statements-0001.pdf" }), "one batch of fewer than 500");
            Assert.That(File.ReadAllLines(Path.Combine(print, "statements-0001.csv")), Is.EqualTo(manifest), "the batch's own manifest");
            Assert.That(Directory.GetFiles(print, "*.pdf").Select(Path.GetFileName), Is.EqualTo(new[] { "statements-0001.pdf" }), "no PDF per statement");

            // Duplex: each statement starts on an odd page, right after the sheets of the one before.
            var batch = Path.Combine(print, "statements-0001.pdf");
            using (var document = PdfReader.Open(batch, PdfDocumentOpenMode.Import))
            {
                var expectedFirst = 1;
                foreach (var row in rows)
                {
                    Assert.That(row.First, Is.EqualTo(expectedFirst), row.Account);
                    Assert.That(row.Sheets, Is.EqualTo((row.Pages + 1) / 2), row.Account);
                    expectedFirst += 2 * row.Sheets;
                }
                Assert.That(document.PageCount, Is.EqualTo(expectedFirst - 1));
            }

            // The first and last statements of the batch, page for page, against their own PDFs.
            var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
            foreach (var row in new[] { rows[0], rows[^1] })
            {
                var own = StatementFiles.Named(folder, row.Account, "pdf");
                Assert.That((await CliRunner.RunAsync(folder, "statements", "render", "--account", row.Account, "--cycle", cycle, "--format", "pdf", "--out", own)).ExitCode, Is.EqualTo(0));
                using (var document = PdfReader.Open(own, PdfDocumentOpenMode.Import))
                    Assert.That(document.PageCount, Is.EqualTo(row.Pages), row.Account);
                for (var page = 1; page <= row.Pages; page++)
                {
                    var inBatch = await PageImageAsync(pdftoppm, batch, row.First + page - 1, images);
                    var alone = await PageImageAsync(pdftoppm, own, page, images);
                    Assert.That(inBatch, Is.EqualTo(alone), $"{row.Account}, page {page}: the batch's page differs from the statement's own PDF");
                    Assert.That(inBatch.Skip(20).Count(b => b < 128), Is.GreaterThan(1000), $"{row.Account}, page {page} has print on it");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
