using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Printing;

namespace UtilityInsights.IntegrationTests.Statements;

public class StatementRenderTests
{
    [Test]
    public async Task A_statement_is_rendered_from_the_database_as_HTML_and_text_with_charges_history_comparison_and_ways_to_pay()
    {
        var folder = Directory.CreateTempSubdirectory("ui-stmt-").FullName;
        try
        {
            Assert.That((await CliRunner.RunAsync(folder, "demo", "--premises", "300", "--months", "13", "--prepare-only")).ExitCode, Is.EqualTo(0));
            foreach (var tariff in Directory.EnumerateFiles(Path.Combine(folder, "out", "sample", "tariffs")))
                Assert.That((await CliRunner.RunAsync(folder, "tariffs", "import", tariff)).ExitCode, Is.EqualTo(0));
            Assert.That((await CliRunner.RunAsync(folder, "cohorts", "train")).ExitCode, Is.EqualTo(0));

            var html = await CliRunner.RunAsync(folder, "statements", "render", "--account", "A-000002", "--cycle", "2026-01", "--json");
            var text = await CliRunner.RunAsync(folder, "statements", "render", "--account", "A-000002", "--cycle", "2026-01", "--format", "text");
            var unknown = await CliRunner.RunAsync(folder, "statements", "render", "--account", "A-999999", "--cycle", "2026-01");

            Assert.That(html.ExitCode, Is.EqualTo(0), html.ToString());
            Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
            var page = await File.ReadAllTextAsync(Path.Combine(folder, "out", "statements", "A-000002", "2026-01.html"));
            var plain = await File.ReadAllTextAsync(Path.Combine(folder, "out", "statements", "A-000002", "2026-01.txt"));
            Assert.Multiple(() =>
            {
                Assert.That(page, Does.Contain("A-000002").And.Contain("Amount due").And.Contain("Basic service charge").And.Contain("<svg"));
                Assert.That(page, Does.Contain("How you compare with similar homes nearby"));
                Assert.That(page, Does.Contain("Ways to pay").And.Contain("Thank you for being our customer."));
                Assert.That(page, Does.Not.Contain("<script"));
                Assert.That(plain, Does.Contain("Your usage month by month").And.Contain("Monthly usage:"));
                Assert.That(html.Stdout, Does.Contain("\"template_version\": \"tpl-"));
                Assert.That(unknown.ExitCode, Is.EqualTo(1));
                Assert.That(unknown.Stderr, Does.Contain("A-999999"));
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Without_Chromium_a_reminder_pdf_is_a_clear_user_error_while_statements_still_print()
    {
        var before = Environment.GetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM");
        Environment.SetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM", "/nonexistent/chromium");
        try
        {
            // Reminders are printed from their HTML: refused at once, saying what to install.
            Assert.That(() => PdfBatches.For("pdf", "Or run with --print-format html.", htmlDocuments: true),
                Throws.TypeOf<UserErrorException>().With.Message.Contains("apt-get install chromium").And.Message.EndsWith("--print-format html."));
            Assert.That(async () => await PdfPrinter.StartAsync(1), Throws.TypeOf<UserErrorException>().With.Message.Contains("apt-get install chromium"));
            // Statements are laid out without a browser.
            Assert.That(() => PdfBatches.For("pdf", "Or issue with --print-format html."), Throws.Nothing);
        }
        finally
        {
            Environment.SetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM", before);
        }
    }

    [Test]
    public async Task With_Chromium_installed_an_html_document_is_printed()
    {
        if (PdfPrinter.FindChromium() is null)
            Assert.Ignore("Chromium is not installed (apt-get install chromium-headless-shell).");
        var pdf = Path.Combine(Path.GetTempPath(), $"ui-{Guid.NewGuid():N}.pdf");
        try
        {
            await using (var printer = await PdfPrinter.StartAsync(1))
                await File.WriteAllBytesAsync(pdf, await printer.PdfAsync("<html lang=\"en\"><body><h1>A reminder</h1></body></html>", CancellationToken.None));

            Assert.That(File.ReadAllBytes(pdf)[..5], Is.EqualTo("%PDF-"u8.ToArray()));
        }
        finally
        {
            File.Delete(pdf);
        }
    }
}
