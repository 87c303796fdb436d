using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using UtilityInsights.Printing;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>The customer portal: access control and headers over HTTP, then the customer's and operator's journeys in a real browser (Debian's Chromium through Playwright).</summary>
[NonParallelizable]
public class PortalTests
{
    private PortalFixture portal = null!;
    private string me = null!;
    private string myPassword = null!;
    private string other = null!;

    [OneTimeSetUp]
    public async Task StartPortalAsync()
    {
        portal = await PortalFixture.StartAsync();
        (me, myPassword) = portal.Customers[0];
        other = portal.Customers[1].Account;
    }

    [OneTimeTearDown]
    public async Task StopPortalAsync() => await portal.DisposeAsync();

    [Test]
    public async Task A_customer_never_sees_another_account_s_data_on_any_route()
    {
        using var session = portal.NewSession();
        Assert.That((await session.SignInAsync(me, myPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        string[] foreign =
        [
            $"/statements/{other}/{PortalFixture.IssuedCycle}",
            $"/statements/{other}/{PortalFixture.IssuedCycle}/pdf",
            $"/statements/{other}/{PortalFixture.HeldCycle}",
            "/operator",
            $"/operator?cycle={PortalFixture.HeldCycle}",
        ];
        foreach (var path in foreign)
        {
            var response = await session.GetAsync(path);
            Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden), path);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(other), path);
        }
        var approve = await session.PostFormAsync("/statements", $"/operator?handler=ApproveAll&cycle={PortalFixture.HeldCycle}", []);
        Assert.That(approve.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden), "a customer cannot approve bills");
        var mine = await session.GetAsync($"/statements/{me}/{PortalFixture.IssuedCycle}");
        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK), "their own statement is there");
        var list = await (await session.GetAsync("/statements")).Content.ReadAsStringAsync();
        Assert.That(list, Does.Contain(me).And.Not.Contain(other));
    }

    [Test]
    public async Task An_operator_added_from_the_command_line_signs_in_to_the_bill_run_page()
    {
        var added = await UtilityInsights.IntegrationTests.Cli.CliRunner.RunAsync(portal.Folder, "portal", "users", "add", "--operator", "ops-2", "--json");
        Assert.That(added.ExitCode, Is.EqualTo(0), added.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(added.Stdout);
        var password = json.RootElement.GetProperty("password").GetString()!;
        using var session = portal.NewSession();

        var signedIn = await session.SignInAsync("ops-2", password);
        var page = await session.GetAsync("/operator");
        var jobs = await session.GetAsync("/operator/jobs");

        Assert.Multiple(async () =>
        {
            Assert.That(password, Has.Length.GreaterThanOrEqualTo(10));
            Assert.That(signedIn.Headers.Location?.ToString(), Is.EqualTo("/operator"));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Held for review").And.Contain("href=\"/operator/jobs\""));
            Assert.That(await jobs.Content.ReadAsStringAsync(), Does.Contain("a SQLite file, where bill runs, issues and notice runs happen in one process"),
                "on SQLite the jobs page says why there are none");
            Assert.That((await portal.Database.PortalUsers.GetAsync("ops-2", CancellationToken.None))!.PasswordHash, Does.Not.Contain(password), "only a hash is stored");
        });
    }

    [TestCase("/statements")]
    [TestCase("/usage")]
    [TestCase("/preferences")]
    [TestCase("/operator")]
    [TestCase("/greenbutton?from=2025-01-01&to=2025-02-01")]
    public async Task Without_signing_in_every_page_sends_you_to_sign_in(string path)
    {
        using var session = portal.NewSession();
        var response = await session.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/login"));
    }

    [Test]
    public async Task Responses_carry_security_headers_and_the_session_cookie_is_secure_and_http_only()
    {
        using var session = portal.NewSession();
        var login = await session.GetAsync("/login");
        var signedIn = await session.SignInAsync(me, myPassword);
        var csp = string.Join(" ", login.Headers.GetValues("Content-Security-Policy"));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ui_portal=", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(csp, Does.Contain("default-src 'none'").And.Contain("frame-ancestors 'none'").And.Not.Contain("script-src"));
            Assert.That(login.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(cookie, Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
        });
    }

    [Test]
    public async Task A_dial_read_customer_downloads_the_usage_between_their_reads_as_Green_Button_and_sees_no_days_they_have_none_of()
    {
        var account = Storage.TestDb.Query(portal.Folder,
            "SELECT p.account_id FROM premises p JOIN meters m ON m.meter_id = p.meter_id WHERE m.kind = 'register' ORDER BY p.account_id LIMIT 1", r => r.GetString(0)).Single();
        var meter = Storage.TestDb.Query(portal.Folder, $"SELECT meter_id FROM premises WHERE account_id = '{account}'", r => r.GetString(0)).Single();
        var dials = Storage.TestDb.Query(portal.Folder, $"SELECT read_at_utc, register_value FROM register_reads WHERE meter_id = '{meter}' ORDER BY read_at_utc",
            r => (At: DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(0)), Register: r.GetInt64(1) / 1_000_000m));
        var added = await UtilityInsights.IntegrationTests.Cli.CliRunner.RunAsync(portal.Folder, "portal", "users", "add", "--account", account, "--json");
        using var json = System.Text.Json.JsonDocument.Parse(added.Stdout);
        using var session = portal.NewSession();
        await session.SignInAsync(account, json.RootElement.GetProperty("password").GetString()!);
        var usage = await (await session.GetAsync("/usage")).Content.ReadAsStringAsync();
        var download = await session.GetAsync("/greenbutton?from=2025-01-01&through=2025-03-31");
        var feed = await download.Content.ReadAsStringAsync();
        var export = await UtilityInsights.IntegrationTests.Cli.CliRunner.RunAsync(portal.Folder, "export", "greenbutton", "--meter", meter, "--from", "2025-01-01",
            "--to", "2025-04-01", "--out", "dial.xml");
        var values = System.Text.RegularExpressions.Regex.Matches(feed, "<espi:value>(\\d+)</espi:value>").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1_000_000m).ToList();
        // Each reading is the difference of two dial reads, the first taken in the range; across the dial's rollover (this one's, in January) too.
        var (zoneId, digits) = Storage.TestDb.Query(portal.Folder, $"SELECT time_zone, register_digits FROM meters WHERE meter_id = '{meter}'", r => (r.GetString(0), r.GetInt32(1))).Single();
        var zone = Time.TimeZones.Find(zoneId);
        var rollover = (decimal)Math.Pow(10, digits);
        var (from, to) = (Time.LocalDay.StartOfDay(new DateOnly(2025, 1, 1), zone), Time.LocalDay.StartOfDay(new DateOnly(2025, 4, 1), zone));
        var expected = dials.Zip(dials.Skip(1)).Where(p => p.First.At >= from && p.First.At < to)
            .Select(p => p.Second.Register >= p.First.Register ? p.Second.Register - p.First.Register : rollover - p.First.Register + p.Second.Register).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(usage, Does.Contain("action=\"/greenbutton\""));
            Assert.That(usage, Does.Not.Contain("Daily usage").And.Not.Contain("<select id=\"month\""), "a dial read once a period has no days to show, nor a month to choose them by");
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(feed, Does.Contain("<espi:uom>72</espi:uom>").And.Contain("Readings of each billing period"));
            Assert.That(values, Is.EqualTo(expected).And.Not.Empty, "kWh between each two dial reads (millionths of a kWh, as thousandths of a Wh with power of ten −3)");
            Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
            Assert.That(File.ReadAllText(Path.Combine(portal.Folder, "dial.xml")), Does.Contain("Readings of each billing period"));
        });
    }

    [Test]
    public async Task Signing_out_ends_the_session()
    {
        using var session = portal.NewSession();
        await session.SignInAsync(me, myPassword);
        Assert.That((await session.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var signedOut = await session.PostFormAsync("/statements", "/logout", []);
        var after = await session.GetAsync("/statements");

        Assert.That(signedOut.Headers.Location?.ToString(), Is.EqualTo("/login"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the session cookie no longer signs anyone in");
        Assert.That(after.Headers.Location!.ToString(), Does.Contain("/login"));
    }

    [Test]
    public async Task Paperless_needs_an_email_address_and_says_so_politely()
    {
        var account = (await portal.Database.Accounts.GetAsync(new UtilityInsights.Domain.AccountId(me), CancellationToken.None))!;
        var withoutEmail = account.Email is null;
        using var session = portal.NewSession();
        await session.SignInAsync(me, myPassword);

        var saved = await session.PostFormAsync("/preferences", "/preferences", new Dictionary<string, string> { ["channel"] = "email", ["language"] = "en" });
        var page = await saved.Content.ReadAsStringAsync();

        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, withoutEmail ? Does.Contain("needs an email address") : Does.Contain("Saved. Thank you."));
        await portal.Database.Accounts.UpsertAsync([account], TimeProvider.System, CancellationToken.None);
    }

    [Test]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        using var session = portal.NewSession();
        await session.SignInAsync(me, myPassword);
        var response = await session.SendAsync(HttpMethod.Post, "/preferences", new Dictionary<string, string> { ["channel"] = "paper", ["language"] = "en" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_user_out_even_with_the_right_one_next()
    {
        var (victim, password) = portal.Customers[4];
        using var session = portal.NewSession();
        for (var i = 0; i < 5; i++)
            await session.SignInAsync(victim, "wrong-password-" + i);
        var right = await session.SignInAsync(victim, password);
        var page = await right.Content.ReadAsStringAsync();

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no redirect into the account");
        Assert.That(page, Does.Contain("Too many attempts").Or.Contain("Demasiados intentos"));
    }

    private static string Screenshots
    {
        get
        {
            var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    private static async Task<(IPlaywright Playwright, IBrowser Browser)> BrowserAsync()
    {
        if (PdfPrinter.FindChromium() is not { } chromium)
        {
            Assert.Ignore("Chromium is not installed (apt-get install chromium; .ci/run installs it).");
            throw new InvalidOperationException();
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    private async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync(portal.Url + "/login");
        await page.GetByLabel("Account number").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Test]
    public async Task In_a_browser_a_customer_signs_in_opens_a_statement_downloads_Green_Button_and_switches_language()
    {
        var (playwright, browser) = await BrowserAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var (customer, password) = portal.Customers[2];

        await SignInAsync(page, customer, password);
        await Assertions.Expect(page).ToHaveURLAsync(portal.Url + "/statements");
        await ShotAsync(page, "1-statements");

        await page.GetByRole(AriaRole.Link, new() { Name = $"View {PortalFixture.IssuedCycle}" }).ClickAsync();
        // The statement sits in the portal's layout (navigation, balance, back to statements), the document itself framed.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to statements" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation)).ToContainTextAsync("Payments");
        await Assertions.Expect(page.FrameLocator("iframe.statement").GetByText(customer).First).ToBeVisibleAsync();
        var document = page.Frames.Single(f => f.Url.EndsWith("/document", StringComparison.Ordinal));
        Assert.That(await document.ContentAsync(), Does.Contain("<svg").And.Contain(customer));
        await ShotAsync(page, "2-statement");

        // The balance on every page, and the account's activity.
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Your balance" })).ToContainTextAsync("Amount due");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pay now" })).ToHaveAttributeAsync("href", "https://example.com/pay");
        // On a phone the frame scrolls inside the page: the statement opens on a page of its own too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the statement on its own page" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/document$"));
        Assert.That(await page.ContentAsync(), Does.Contain("<svg").And.Contain(customer));
        await page.GotoAsync(portal.Url + "/payments");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account activity" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("bill");
        await ShotAsync(page, "2-payments");

        // A page that does not exist: a real 404 page in the layout, in the customer's language.
        var missing = await page.GotoAsync(portal.Url + "/no-such-page");
        Assert.That(missing!.Status, Is.EqualTo(404));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();

        await page.GotoAsync(portal.Url + "/usage");
        await ShotAsync(page, "3-usage");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        var xml = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.That(xml, Does.Contain("<feed").And.Contain("IntervalReading"));

        await page.GotoAsync(portal.Url + "/preferences");
        await page.GetByLabel("Language").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GotoAsync(portal.Url + "/statements");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facturas" })).ToBeVisibleAsync();
        await ShotAsync(page, "4-spanish");

        await page.GotoAsync(portal.Url + "/preferences");
        await page.GetByLabel("Idioma").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
    }

    [TestCase(360, 740)]
    [TestCase(1280, 900)]
    public async Task At_phone_and_desktop_width_no_page_scrolls_sideways(int width, int height)
    {
        var (playwright, browser) = await BrowserAsync();
        using var _ = playwright;
        await using var __ = browser;
        var wide = new List<string>();
        async Task CheckAsync(IPage page, string path, string name)
        {
            await page.GotoAsync(portal.Url + path);
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (scrollWidth > width)
                wide.Add($"{path}: {scrollWidth} px wide at {width} px");
            await ShotAsync(page, $"{width}px-{name}");
        }

        var customer = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await customer.NewPageAsync();
        await CheckAsync(page, "/login", "login");
        var (account, password) = portal.Customers[2];
        await SignInAsync(page, account, password);
        await CheckAsync(page, "/statements", "statements");
        await CheckAsync(page, $"/statements/{account}/{PortalFixture.IssuedCycle}", "statement");
        await CheckAsync(page, $"/statements/{account}/{PortalFixture.IssuedCycle}/document", "statement-document");
        await CheckAsync(page, "/payments", "payments");
        await CheckAsync(page, "/no-such-page", "not-found");
        await CheckAsync(page, "/usage", "usage");
        await Assertions.Expect(page.GetByText("From your statement for March 2025.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#month option:checked")).ToHaveTextAsync("March 2025");
        // The daily chart shown is drawn for the screen: its day labels come out at least 9 px high (a chart drawn for a page, shrunk
        // to a phone, made them 4 px).
        var labelPixels = await page.EvaluateAsync<double>("""
            (() => {
              const svg = [...document.querySelectorAll('figure svg')].find(s => s.getBoundingClientRect().width > 0);
              const label = [...svg.querySelectorAll('text')].at(-1);
              return Number(label.getAttribute('font-size')) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            })()
            """);
        Assert.That(labelPixels, Is.GreaterThanOrEqualTo(9), $"the daily chart's labels at {width} px");
        await CheckAsync(page, "/preferences", "preferences");
        // The same pages in Spanish, whose words run longer.
        await page.GetByLabel("Language").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        try
        {
            foreach (var (path, name) in new[]
            {
                ("/statements", "statements"), ($"/statements/{account}/{PortalFixture.IssuedCycle}", "statement"),
                ($"/statements/{account}/{PortalFixture.IssuedCycle}/document", "statement-document"), ("/payments", "payments"),
                ("/no-such-page", "not-found"), ("/usage", "usage"), ("/preferences", "preferences"),
            })
            {
                await CheckAsync(page, path, "es-" + name);
                // The statement document is the bill of record, in the language it was sent in.
                if (name != "statement-document")
                    await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
            }
            // Months are chosen from a list in the customer's language (the browser's month control named them in its own).
            await page.GotoAsync(portal.Url + "/usage");
            await Assertions.Expect(page.Locator("#month option:checked")).ToHaveTextAsync("marzo de 2025");
            await page.GetByLabel("Mes").SelectOptionAsync("2025-01");
            await page.GetByRole(AriaRole.Button, new() { Name = "Mostrar" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consumo diario — enero de 2025" })).ToBeVisibleAsync();
            // The usage page quotes the newest statement's comparison and tips as they were sent — in English — and says so.
            await page.GotoAsync(portal.Url + "/usage?month=2025-01");
            await Assertions.Expect(page.GetByText("De su estado de cuenta de marzo de 2025, tal como se envió: en inglés.")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main ul[lang=en] li").First).ToBeVisibleAsync();
        }
        finally
        {
            await page.GotoAsync(portal.Url + "/preferences");
            await page.GetByLabel("Idioma").SelectOptionAsync("en");
            await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        }

        var ops = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var opsPage = await ops.NewPageAsync();
        await SignInAsync(opsPage, "operator", portal.OperatorPassword);
        await CheckAsync(opsPage, $"/operator?cycle={PortalFixture.HeldCycle}", "operator");
        await CheckAsync(opsPage, $"/operator?cycle={PortalFixture.HeldCycle}&confirm=all", "operator-confirm");

        Assert.That(wide, Is.Empty, "no page is wider than the screen (screenshots with the test results)");
    }

    [Test]
    public async Task In_a_browser_a_wrong_password_is_refused_politely()
    {
        var (playwright, browser) = await BrowserAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await SignInAsync(page, portal.Customers[3].Account, "not-the-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await Assertions.Expect(page).ToHaveURLAsync(portal.Url + "/login");
        await ShotAsync(page, "5-failed-sign-in");
    }

    [Test]
    public async Task In_a_browser_an_operator_reviews_held_bills_and_approves_one()
    {
        var (playwright, browser) = await BrowserAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var held = await portal.Database.Bills.HeldAsync(PortalFixture.HeldCycle, CancellationToken.None);
        Assert.That(held, Is.Not.Empty, "the fixture holds bills above $60");

        await SignInAsync(page, "operator", portal.OperatorPassword);
        await page.GotoAsync($"{portal.Url}/operator?cycle={PortalFixture.HeldCycle}");
        await Assertions.Expect(page.GetByText("Total above the ceiling").First).ToBeVisibleAsync();
        // Money as money, the customer's name, and this month against last year and the earlier bills.
        var name = (await portal.Database.Accounts.GetAsync(held[0].AccountId, CancellationToken.None))!.Name;
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = held[0].AccountId.Value });
        await Assertions.Expect(row).ToContainTextAsync(name);
        await Assertions.Expect(row).ToContainTextAsync(UtilityInsights.Money.MoneyText.Format(held[0].Total));
        await Assertions.Expect(row).ToContainTextAsync("Last year:");
        // The average of its earlier bills that went out (not held, not cancelled), up to twelve, as the page words it.
        var earlier = (await portal.Database.Bills.ForAccountAsync(held[0].AccountId, CancellationToken.None))
            .Where(b => string.CompareOrdinal(b.Cycle, PortalFixture.HeldCycle) < 0 && b.Status != UtilityInsights.Billing.BillStatus.Held).Take(12).ToList();
        await Assertions.Expect(row).ToContainTextAsync(earlier.Count == 0 ? "no earlier bills"
            : $"{earlier.Average(b => b.Usage.Value).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} kWh over {earlier.Count} {(earlier.Count == 1 ? "bill" : "bills")}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Run report for {PortalFixture.HeldCycle}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Ready to issue").First).ToBeVisibleAsync();
        await ShotAsync(page, "6-operator-held");

        // "Approve all" asks first; cancelling approves nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Approve all held bills…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync($"Approve all {held.Count} held");
        await ShotAsync(page, "6-operator-confirm");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        Assert.That(await portal.Database.Bills.HeldAsync(PortalFixture.HeldCycle, CancellationToken.None), Has.Count.EqualTo(held.Count));

        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {held[0].AccountId}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"The bill of {held[0].AccountId} is approved.");
        await ShotAsync(page, "7-operator-approved");

        var after = await portal.Database.Bills.GetAsync(held[0].AccountId, PortalFixture.HeldCycle, CancellationToken.None);
        Assert.That(after!.Status, Is.EqualTo(UtilityInsights.Billing.BillStatus.Approved));
    }
}
