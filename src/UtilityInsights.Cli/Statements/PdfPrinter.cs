using System.Diagnostics;

namespace UtilityInsights.Cli.Statements;

/// <summary>
/// Prints HTML to PDF with headless Chromium (Debian package <c>chromium</c>; another binary can be
/// named in <c>UTILITYINSIGHTS_CHROMIUM</c>). The page's print CSS lays it out on the paper.
/// </summary>
public static class PdfPrinter
{
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("UTILITYINSIGHTS_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    public static async Task PrintAsync(string html, string pdfPath, CancellationToken cancellationToken)
    {
        var chromium = FindChromium() ?? throw new UserErrorException(
            "PDF needs headless Chromium, which is not installed: apt-get install chromium (or set UTILITYINSIGHTS_CHROMIUM to a Chromium binary).");
        var work = Directory.CreateTempSubdirectory("ui-pdf-").FullName;
        try
        {
            var page = Path.Combine(work, "statement.html");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(work, "profile")}", $"--print-to-pdf={Path.GetFullPath(pdfPath)}",
                new Uri(page).AbsoluteUri,
            })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !File.Exists(pdfPath))
                throw new UserErrorException($"Chromium could not print {pdfPath} (exit {process.ExitCode}): {(await errors).Split('\n').FirstOrDefault(l => l.Length > 0)}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
