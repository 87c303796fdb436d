using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Web;
using UtilityInsights.Printing;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Operations.BillRun;

/// <summary>
/// Issue 19, part 3 and the dashboard: <c>billrun issue</c> and <c>notices run</c> spread over two workers on PostgreSQL
/// (one job per batch, each batch with lists of its own) deliver, list, issue, charge and remind exactly as single-process
/// runs of the same utility do; and operators — only they — see the jobs in Hangfire's dashboard under /operator/jobs,
/// which takes no command but retrying. Runs when UTILITYINSIGHTS_POSTGRES is set.
/// </summary>
[NonParallelizable]
public partial class DistributedIssueTests
{
    private const string Cycle = "2026-01";

    [Test]
    public async Task A_distributed_issue_and_notice_run_equal_single_process_ones_and_operators_watch_the_jobs()
    {
        await using var utilities = await TwoUtilities.CreateAsync(150);
        var (folder, distributed, single) = (utilities.Folder, utilities.Distributed, utilities.Single);
        foreach (var db in new[] { distributed, single })
        {
            var billed = await CliRunner.RunAsync(folder, "billrun", "--cycle", Cycle, "--db", db);
            Assert.That(billed.ExitCode, Is.EqualTo(0), billed.ToString());
        }
        utilities.StartWorker("worker-1");
        utilities.StartWorker("worker-2");

        var spreadIssue = await CliRunner.JsonAsync(folder, "billrun", "issue", "--cycle", Cycle, "--print-format", "html", "--out", "spread", "--distributed",
            "--batch", "40", "--wait", "--db", distributed);
        var oneIssue = await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", Cycle, "--print-format", "html", "--out", "one", "--db", single);
        Assert.That(oneIssue.ExitCode, Is.EqualTo(0), oneIssue.ToString());

        // Reminders a little after the bills fell due, with a late payment charge: the same on both.
        var database = UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, distributed));
        var ids = await database.Accounts.IdsWithPremisesAsync(CancellationToken.None);
        var due = (await database.Bills.GetAsync(new AccountId(ids[0]), Cycle, CancellationToken.None))!.DueDate!.Value;
        var asOf = due.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var spreadNotices = await CliRunner.JsonAsync(folder, "notices", "run", "--as-of", asOf, "--late-fee", "5", "--print-format", "html", "--out", "spread-notices",
            "--distributed", "--batch", "40", "--wait", "--db", distributed);
        var oneNotices = await CliRunner.JsonAsync(folder, "notices", "run", "--as-of", asOf, "--late-fee", "5", "--print-format", "html", "--out", "one-notices",
            "--db", single);

        var spreadLedger = await LedgersAsync(distributed, ids);
        var oneLedger = await LedgersAsync(single, ids);
        Assert.Multiple(() =>
        {
            Assert.That(spreadIssue.GetProperty("jobs").GetInt32(), Is.EqualTo(4), "150 accounts in batches of 40");
            Assert.That(spreadIssue.GetProperty("status").GetProperty("done").GetInt32(), Is.EqualTo(4), spreadIssue.ToString());
            Assert.That(spreadNotices.GetProperty("status").GetProperty("done").GetInt32(), Is.EqualTo(4), spreadNotices.ToString());
            Assert.That(oneNotices.GetProperty("first_reminders").GetInt32(), Is.GreaterThan(5), "customers who have not paid ten days after the due date are reminded");
            Assert.That(spreadLedger, Is.EqualTo(oneLedger), "every account's ledger: the bills' charges and the late payment charges, once each");
            foreach (var list in new[] { Path.Combine("email", "outbox"), Path.Combine("print", "manifest"), Path.Combine("sms", "outbox") })
            {
                var spread = Rows(Path.Combine(folder, "spread", Cycle), list);
                Assert.That(spread, Is.Not.Empty, list);
                Assert.That(spread, Is.EqualTo(Rows(Path.Combine(folder, "one", Cycle), list)), $"{list}: the batches' lists together equal the single run's");
            }
            Assert.That(Directory.GetFiles(Path.Combine(folder, "spread", Cycle, "print"), "manifest-*.csv"), Has.Length.EqualTo(4), "one manifest per print batch");
            Assert.That(Rows(Path.Combine(folder, "spread-notices"), $"notices-{asOf}"), Is.EqualTo(Rows(Path.Combine(folder, "one-notices"), $"notices-{asOf}")));
            foreach (var file in Directory.GetFiles(Path.Combine(folder, "one", Cycle, "email"), "*.html"))
            {
                Assert.That(File.ReadAllText(Path.Combine(folder, "spread", Cycle, "email", Path.GetFileName(file))), Is.EqualTo(File.ReadAllText(file)),
                    Path.GetFileName(file));
            }
        });

        await OperatorsWatchTheJobsAsync(folder, database, distributed);
    }

    /// <summary>The dashboard on the portal of the distributed database: visitors sent to sign in, customers told nothing, operators see the jobs and may only retry.</summary>
    private static async Task OperatorsWatchTheJobsAsync(string folder, UtilityDatabase database, string connectionString)
    {
        var added = await CliRunner.JsonAsync(folder, "portal", "users", "add", "--operator", "ops", "--db", connectionString);
        var customer = await CliRunner.JsonAsync(folder, "portal", "users", "add", "--account", (await database.Accounts.IdsWithPremisesAsync(CancellationToken.None))[0],
            "--db", connectionString);
        var password = added.GetProperty("password").GetString()!;
        var app = UtilityInsights.Web.PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System);
        await app.StartAsync();
        try
        {
            var url = app.Urls.First();
            using var visitor = new HttpSession(url);
            var anonymous = await visitor.GetAsync("/operator/jobs");
            using var customerSession = new HttpSession(url);
            await customerSession.SignInAsync(customer.GetProperty("user_id").GetString()!, customer.GetProperty("password").GetString()!);
            var asCustomer = await customerSession.GetAsync("/operator/jobs");

            using var ops = new HttpSession(url);
            await ops.SignInAsync("ops", password);
            var succeeded = await ops.GetAsync("/operator/jobs/jobs/succeeded");
            var page = await succeeded.Content.ReadAsStringAsync();
            var token = CsrfToken().Match(page).Groups[1].Value;
            var header = CsrfHeader().Match(page).Groups[1].Value;
            var jobId = JobLink().Match(page).Groups[1].Value;
            ops.Headers[header.Length > 0 ? header : "RequestVerificationToken"] = WebUtility.HtmlDecode(token);
            var delete = await ops.SendAsync(HttpMethod.Post, "/operator/jobs/jobs/failed/delete", new Dictionary<string, string> { ["jobs[]"] = jobId });
            var deleteOne = await ops.SendAsync(HttpMethod.Post, $"/operator/jobs/jobs/actions/delete/{jobId}");
            var retry = await ops.SendAsync(HttpMethod.Post, "/operator/jobs/jobs/failed/requeue", new Dictionary<string, string> { ["jobs[]"] = jobId });
            var stillThere = await (await ops.GetAsync($"/operator/jobs/jobs/details/{jobId}")).Content.ReadAsStringAsync();

            Assert.Multiple(() =>
            {
                Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                Assert.That(anonymous.Headers.Location?.ToString(), Does.StartWith("/login"));
                Assert.That(asCustomer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a customer is told nothing");
                Assert.That(succeeded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page, Does.Contain($"Issue {Cycle}: print batch 1 of 4").And.Contain("Notices as of"), "the issue's and notice run's jobs are listed by name");
                Assert.That(token, Is.Not.Empty, "the dashboard carries its antiforgery token");
                Assert.That(jobId, Is.Not.Empty);
                Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "deleting jobs is refused");
                Assert.That(deleteOne.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "deleting a job is refused");
                Assert.That((int)retry.StatusCode, Is.InRange(200, 299), "requeueing failed jobs is allowed");
                Assert.That(stillThere, Does.Contain("Succeeded"), "the job is still there, as it was");
            });
            await ScreenshotAsync(url, password);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The dashboard as an operator sees it in Chromium, scripts on (Hangfire's own, allowed by the page's policy): jobs listed, no delete buttons.</summary>
    private static async Task ScreenshotAsync(string url, string password)
    {
        if (PdfPrinter.FindChromium() is not { } chromium)
            return;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                errors.Add(message.Text);
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                errors.Add($"{response.Status} {response.Url}");
        };
        await page.GotoAsync(url + "/login");
        await page.GetByLabel("Account number").FillAsync("ops");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync(url + "/operator/jobs/jobs/succeeded");
        await Assertions.Expect(page.GetByText($"Issue {Cycle}: print batch 1 of 4").First).ToBeVisibleAsync();
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "operator-jobs.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        TestContext.AddTestAttachment(shot);
        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("button[data-url$='/delete']").First.IsVisibleAsync(), Is.False, "no delete button");
            Assert.That(errors, Is.Empty, "no script or policy errors in the console");
        });
    }

    private static async Task<Dictionary<string, string>> LedgersAsync(string connectionString, IReadOnlyList<string> ids)
    {
        var database = UtilityDatabase.Open(new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString));
        var ledgers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var entries = await database.Ledger.EntriesAsync(new AccountId(id), CancellationToken.None);
            ledgers[id] = string.Join("; ", entries.Select(e => $"{e.PostedAt:O} {e.Kind} {e.Amount.Amount} {e.Reference}"));
        }
        return ledgers;
    }

    /// <summary>The data rows of every list named STEM.csv or STEM-NNNN.csv in the folder, sorted.</summary>
    private static List<string> Rows(string folder, string stem)
    {
        var directory = Path.Combine(folder, Path.GetDirectoryName(stem) ?? "");
        var name = Path.GetFileName(stem);
        if (!Directory.Exists(directory))
            return [];
        return [.. Directory.GetFiles(directory, name + "*.csv").SelectMany(f => File.ReadAllLines(f).Skip(1)).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("/operator/jobs/jobs/details/([0-9]+)")]
    private static partial Regex JobLink();
}
