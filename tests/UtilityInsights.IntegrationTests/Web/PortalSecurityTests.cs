using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Web;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>Issue 13, findings 3–5 on the portal: sign-in, sessions, hosts, parameters and roles, tried as an attacker would.</summary>
[NonParallelizable]
public class PortalSecurityTests
{
    private PortalFixture portal = null!;
    private int nextClient = 10;

    [OneTimeSetUp]
    public async Task StartPortalAsync() => portal = await PortalFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopPortalAsync() => await portal.DisposeAsync();

    /// <summary>A session from its own client address (as the loopback proxy reports it), so tests never share a throttle.</summary>
    private HttpSession Client(string? url = null)
    {
        var session = new HttpSession(url ?? portal.Url);
        session.Headers["X-Forwarded-For"] = $"203.0.113.{nextClient++}";
        return session;
    }

    /// <summary>A customer of the demo utility with a fresh portal password (the demo itself makes five).</summary>
    private async Task<(string Account, string Password)> CustomerAsync(int number)
    {
        var account = $"A-{number:000000}";
        var password = PortalAccounts.NewPassword();
        await PortalAccounts.SetAsync(portal.Database, account, new UtilityInsights.Domain.AccountId(account), password, TimeProvider.System, CancellationToken.None);
        return (account, password);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    /// <summary>A feed without the times it was made at (its updated and published stamps).</summary>
    private static string StripTimes(string feed) => System.Text.RegularExpressions.Regex.Replace(feed, "<(updated|published)>[^<]*</", "<$1></");

    private static bool SignedIn(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() is "/statements" or "/operator";

    [Test]
    public async Task Sixteen_simultaneous_sign_ins_check_at_most_five_passwords_and_the_lock_holds()
    {
        var (victim, password) = await CustomerAsync(25);
        using var attacker = Client();
        // Each attempt needs its own antiforgery token: fetch them first, then post all at once.
        var sessions = Enumerable.Range(0, 16).Select(_ => new HttpSession(portal.Url)).ToList();
        foreach (var session in sessions)
            session.Headers["X-Forwarded-For"] = attacker.Headers["X-Forwarded-For"];

        var answers = await Task.WhenAll(sessions.Select((session, i) => session.SignInAsync(victim, i == 11 ? password : $"guess-{i}")));
        var bodies = await Task.WhenAll(answers.Select(BodyAsync));
        using var afterwards = new HttpSession(portal.Url);
        afterwards.Headers["X-Forwarded-For"] = attacker.Headers["X-Forwarded-For"];
        var rightAfter = await afterwards.SignInAsync(victim, password);

        var wrongChecked = bodies.Count(b => b.Contains("do not match", StringComparison.Ordinal));
        var signedIn = answers.Count(SignedIn);
        Assert.Multiple(async () =>
        {
            Assert.That(wrongChecked, Is.LessThanOrEqualTo(5 * (1 + signedIn)), "at most five wrong passwords checked between successes");
            Assert.That(bodies.Count(b => b.Contains("Too many attempts", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(16 - 10));
            if (signedIn == 0)
            {
                // The right password came after five others were counted: the lock they set holds (only a right
                // password among the first five may sign in, and that success starts the count again).
                Assert.That(SignedIn(rightAfter), Is.False, "a right password never clears the lock the wrong guesses set");
                Assert.That(await BodyAsync(rightAfter), Does.Contain("Too many attempts"));
            }
        });
        foreach (var session in sessions)
            session.Dispose();
    }

    [Test]
    public async Task Wrong_guesses_from_one_address_do_not_lock_the_customer_out_of_another()
    {
        var (victim, password) = await CustomerAsync(26);
        using var attacker = Client();
        for (var i = 0; i < 6; i++)
            await attacker.SignInAsync(victim, "guess-" + i);
        using var customer = Client();

        var attackerAgain = await attacker.SignInAsync(victim, password);
        var home = await customer.SignInAsync(victim, password);

        Assert.That(SignedIn(attackerAgain), Is.False, "the guessing address stays paused");
        Assert.That(SignedIn(home), Is.True, "the customer at home still signs in");
    }

    [Test]
    public async Task An_unknown_id_reads_exactly_like_a_known_one_down_to_the_pause()
    {
        using var known = Client();
        using var unknown = Client();
        var knownAnswers = new List<string>();
        var unknownAnswers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            knownAnswers.Add(await BodyAsync(await known.SignInAsync((await CustomerAsync(27)).Account, "guess-" + i)));
            unknownAnswers.Add(await BodyAsync(await unknown.SignInAsync("A-999999", "guess-" + i)));
        }

        static string Alert(string page) => System.Text.RegularExpressions.Regex.Match(page, "role=\"alert\">([^<]*)<").Groups[1].Value;
        Assert.That(unknownAnswers.Select(Alert), Is.EqualTo(knownAnswers.Select(Alert)));
        Assert.That(Alert(unknownAnswers[^1]), Does.Contain("Too many attempts"));
    }

    private sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> inner = new();

        public int Verified { get; private set; }

        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Verified++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Test]
    public async Task An_unknown_id_costs_the_same_password_check_as_a_known_one()
    {
        var hasher = new CountingHasher();
        using var guard = new SignInGuard(portal.Database, hasher, TimeProvider.System, PortalOptions.Default);

        var unknown = await guard.TryAsync("A-888888", "whatever-123", "198.51.100.1", CancellationToken.None);
        var known = await guard.TryAsync((await CustomerAsync(28)).Account, "whatever-123", "198.51.100.1", CancellationToken.None);

        Assert.That(unknown.Result, Is.EqualTo(SignInOutcome.Failed));
        Assert.That(known.Result, Is.EqualTo(SignInOutcome.Failed));
        Assert.That(hasher.Verified, Is.EqualTo(2), "one hash check each, the unknown id against a dummy hash");
    }

    [Test]
    public async Task Signing_out_ends_every_session_of_that_user_and_a_new_password_does_too()
    {
        var (me, password) = await CustomerAsync(22);
        using var laptop = Client();
        using var phone = Client();
        Assert.That(SignedIn(await laptop.SignInAsync(me, password)), Is.True);
        Assert.That(SignedIn(await phone.SignInAsync(me, password)), Is.True);
        using var stolen = Client();
        stolen.CopyCookiesFrom(phone);
        Assert.That((await stolen.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a copied cookie works while the session lives");

        await laptop.PostFormAsync("/statements", "/logout", []);

        Assert.That((await phone.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the other browser is signed out too");
        Assert.That((await stolen.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "and so is the copied cookie");

        using var again = Client();
        Assert.That(SignedIn(await again.SignInAsync(me, password)), Is.True);
        var newPassword = PortalAccounts.NewPassword();
        await PortalAccounts.SetAsync(portal.Database, me, UtilityInsights.Domain.AccountId.Stored(me), newPassword, TimeProvider.System, CancellationToken.None);
        Assert.That((await again.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a password reset ends the session");
    }

    [Test]
    public async Task Two_portal_processes_on_one_database_accept_each_others_sessions_whatever_their_homes()
    {
        // Two machines behind a load balancer, or a container restarted on a fresh file system: each kept the keys of its
        // cookies in its own home folder, so a customer signed in on one was sent to sign in again by the other.
        var (me, password) = await CustomerAsync(28);
        await using var portals = await PortalProcesses.StartAsync("ui-two-portals-", portal.Database.Target.Display, 2);
        using var first = Client(portals.Urls[0]);
        Assert.That(SignedIn(await first.SignInAsync(me, password)), Is.True);
        using var second = Client(portals.Urls[1]);
        second.CopyCookiesFrom(first);

        Assert.That((await second.GetAsync("/statements")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in on the other process too");
        Assert.That(await portal.Database.PortalKeys.ListAsync(CancellationToken.None), Is.Not.Empty, "the key ring is in the database");
    }

    [Test]
    public async Task Portal_processes_started_together_on_a_new_database_make_one_key_between_them()
    {
        // Each made a key of its own when it found the ring empty; one that had not read the others' refused their cookies
        // until it read the ring again, up to a day later.
        var folder = Directory.CreateTempSubdirectory("ui-new-ring-").FullName;
        try
        {
            var database = Path.Combine(folder, "utility-insights.db");
            await using (await PortalProcesses.StartAsync("ui-new-ring-portals-", database, 3))
            {
            }
            var keys = TestDb.Query(folder, "SELECT xml FROM portal_keys", reader => reader.GetString(0));
            Assert.That(keys, Has.Count.EqualTo(1), "one key, made by whichever process came first");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// <c>serve</c> processes started together on one database, each with a home folder of its own (as on machines of their own),
    /// waited for until each answers; disposing stops them.
    /// </summary>
    private sealed class PortalProcesses : IAsyncDisposable
    {
        private readonly string folder;
        private readonly List<System.Diagnostics.Process> processes = [];

        private PortalProcesses(string folder) => this.folder = folder;

        public List<string> Urls { get; } = [];

        public static async Task<PortalProcesses> StartAsync(string prefix, string database, int count)
        {
            var portals = new PortalProcesses(Directory.CreateTempSubdirectory(prefix).FullName);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var home = Directory.CreateDirectory(Path.Combine(portals.folder, $"home-{i}")).FullName;
                    var url = $"http://127.0.0.1:{CliRunner.FreePort()}";
                    portals.Urls.Add(url);
                    portals.processes.Add(CliRunner.StartBackground(portals.folder, Path.Combine(portals.folder, $"{i}.log"),
                        new Dictionary<string, string> { ["HOME"] = home }, "serve", "--db", database, "--urls", url));
                }
                for (var i = 0; i < count; i++)
                    await AnswersAsync(portals.Urls[i], Path.Combine(portals.folder, $"{i}.log"));
                return portals;
            }
            catch
            {
                await portals.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits up to a minute for a portal to answer its health check.</summary>
    private static async Task AnswersAsync(string url, string log)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{url} did not answer within a minute: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
    }

    [Test]
    public async Task A_session_ends_after_its_absolute_lifetime_however_active()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var app = PortalHost.Build(portal.Database, "http://127.0.0.1:0", clock, options: PortalOptions.Default with { AbsoluteLifetime = TimeSpan.FromHours(8) });
        await app.StartAsync();
        var (me, password) = await CustomerAsync(23);
        using var session = Client(app.Urls.First());
        Assert.That(SignedIn(await session.SignInAsync(me, password)), Is.True);

        var okUntil = TimeSpan.Zero;
        for (var step = 1; step <= 26; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            if ((await session.GetAsync("/statements")).StatusCode != HttpStatusCode.OK)
                break;
            okUntil = TimeSpan.FromMinutes(20 * step);
        }

        Assert.That(okUntil, Is.EqualTo(TimeSpan.FromHours(8)), "active every 20 minutes (inside the 30-minute idle limit): open for 8 hours, then closed");
        await app.StopAsync();
    }

    [Test]
    public async Task Only_allowed_hosts_are_answered_and_the_sign_in_redirect_never_echoes_the_host()
    {
        await using var app = PortalHost.Build(portal.Database, "http://127.0.0.1:0", TimeProvider.System,
            options: PortalOptions.Default with { AllowedHosts = ["portal.example-utility.com"] });
        await app.StartAsync();
        using var evil = Client(app.Urls.First());
        evil.Headers["Host"] = "evil.example";
        using var good = Client(app.Urls.First());
        good.Headers["Host"] = "portal.example-utility.com";

        var refused = await evil.GetAsync("/statements");
        var redirect = await good.GetAsync("/statements");
        using var open = Client();
        open.Headers["Host"] = "evil.example";
        var echoed = await open.GetAsync("/statements");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(redirect.Headers.Location!.ToString(), Does.StartWith("/login"));
        Assert.That(echoed.Headers.Location!.ToString(), Does.StartWith("/login").And.Not.Contain("evil"), "relative, whatever Host says");
        await app.StopAsync();
    }

    [Test]
    public async Task Too_many_sign_ins_from_one_address_are_answered_429_politely()
    {
        await using var app = PortalHost.Build(portal.Database, "http://127.0.0.1:0", TimeProvider.System, options: PortalOptions.Default with { SignInsPerClient = 3 });
        await app.StartAsync();
        using var flood = Client(app.Urls.First());
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            codes.Add((await flood.SignInAsync($"A-77777{i}", "guess")).StatusCode);
        using var elsewhere = Client(app.Urls.First());

        Assert.That(codes.Take(3), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(codes.Skip(3), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await elsewhere.SignInAsync("A-777770", "guess")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another address is not affected");
        await app.StopAsync();
    }

    [Test]
    public async Task Too_many_api_requests_from_one_address_are_answered_429_as_a_problem_and_pages_are_not_limited()
    {
        var key = (await CliRunner.JsonAsync(portal.Folder, "api", "keys", "add", "--name", "busy-cis", "--scope", "read")).GetProperty("key").GetString()!;
        await using var app = PortalHost.Build(portal.Database, "http://127.0.0.1:0", TimeProvider.System, options: PortalOptions.Default with { ApiRequestsPerMinute = 3 });
        await app.StartAsync();
        using var busy = Client(app.Urls.First());
        busy.Headers["X-Api-Key"] = key;
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            codes.Add((await busy.GetAsync("/api/v1/accounts/A-000001/balance")).StatusCode);
        var refused = await busy.GetAsync("/api/v1/accounts/A-000001/balance");
        var guess = await busy.GetAsync("/api/v1/bills/B-1");
        busy.Headers.Remove("X-Api-Key");
        var keyless = await busy.GetAsync("/api/v1/bills");
        var page = await busy.GetAsync("/login");
        using var elsewhere = Client(app.Urls.First());
        elsewhere.Headers["X-Api-Key"] = key;

        Assert.Multiple(async () =>
        {
            Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("3 API requests a minute"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(guess.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "whatever it asks for");
            Assert.That(keyless.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "with no key or another, the same address is refused");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the portal's pages are not limited");
            Assert.That((await elsewhere.GetAsync("/api/v1/accounts/A-000001/balance")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another address is not affected");
        });
        await app.StopAsync();
    }

    [TestCase("/usage?month=9999-12")]
    [TestCase("/usage?month=0001-01")]
    [TestCase("/usage?day=9999-12-31")]
    [TestCase("/greenbutton?from=0001-01-01&to=0001-02-01")]
    public async Task A_parameter_out_of_range_is_400_with_the_usual_headers(string path)
    {
        var (me, password) = await CustomerAsync(20);
        using var session = Client();
        await session.SignInAsync(me, password);

        var response = await session.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.Contains("Content-Security-Policy"), Is.True);
    }

    [TestCase("2025-04-01", "to=2025-03-01")]
    [TestCase("2025-04-01", "to=2025-04-01")]
    [TestCase("2025-04-01", "through=2025-03-31")]
    [TestCase("2024-01-01", "to=2025-03-01")]
    [TestCase("2024-01-01", "through=2025-02-05")]
    public async Task Green_Button_days_out_of_order_or_too_far_apart_send_the_customer_back_to_the_form_saying_why(string from, string end)
    {
        var (me, password) = await CustomerAsync(20);
        using var session = Client();
        await session.SignInAsync(me, password);

        var response = await session.GetAsync($"/greenbutton?from={from}&{end}");
        var location = response.Headers.Location?.ToString() ?? "";
        var form = await session.GetAsync(location);
        var page = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo($"/usage?month={from[..7]}&download=range#green-button"));
            Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page, Does.Match("role=\"alert\">(Choose a “Through” day on or after the “From” day|Elija un día «Hasta» igual o posterior al día «Desde»), (at most|como máximo) 400 (days later|días después)\\.<"));
        });
    }

    [Test]
    public async Task An_AutoPay_customer_with_a_bill_past_due_is_not_told_each_bill_is_taken_on_its_due_date()
    {
        var (me, password) = await CustomerAsync(21);
        TestDb.Execute(portal.Folder, "UPDATE accounts SET autopay = 1 WHERE account_id = $a", ("$a", me));
        using var session = Client();
        await session.SignInAsync(me, password);

        var page = WebUtility.HtmlDecode(await BodyAsync(await session.GetAsync("/statements")));

        Assume.That(page, Does.Contain("class=\"overdue\""), "the fixture's bills are long past due and unpaid");
        Assert.That(page, Does.Contain("AutoPay is on, but a bill past its due date has not been paid").Or.Contain("El pago automático está activo, pero una factura vencida"));
        Assert.That(page, Does.Not.Contain("we take each bill from your bank account on its due date").And.Not.Contain("cobramos cada factura"));
    }

    [Test]
    public async Task The_Green_Button_download_names_its_file_per_RFC_6266()
    {
        // A customer whose meter records hours (a dial-read meter has no Green Button to download).
        var number = Storage.TestDb.Query(portal.Folder,
            "SELECT p.account_id FROM premises p JOIN meters m ON m.meter_id = p.meter_id WHERE m.kind = 'interval' AND p.account_id >= 'A-000020' ORDER BY p.account_id LIMIT 1",
            r => int.Parse(r.GetString(0)[2..], System.Globalization.CultureInfo.InvariantCulture)).Single();
        var (me, password) = await CustomerAsync(number);
        using var session = Client();
        await session.SignInAsync(me, password);

        var response = await session.GetAsync($"/greenbutton?from=2025-03-01&to=2025-04-01");
        // The portal's form gives the last day included: the same days.
        var through = await session.GetAsync($"/greenbutton?from=2025-03-01&through=2025-03-31");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.That(disposition.DispositionType, Is.EqualTo("attachment"));
        Assert.That(disposition.FileNameStar ?? disposition.FileName, Does.Contain($"greenbutton-{me}-20250301-20250401.xml"));
        Assert.That(through.Content.Headers.ContentDisposition!.ToString(), Is.EqualTo(disposition.ToString()));
        Assert.That(StripTimes(await through.Content.ReadAsStringAsync()), Is.EqualTo(StripTimes(await response.Content.ReadAsStringAsync())), "the same feed");
    }

    [Test]
    public async Task An_operator_name_can_never_be_a_customer_s_account_id()
    {
        var customer = portal.Customers[1].Account;

        var asOperator = await CliRunner.RunAsync(portal.Folder, "portal", "users", "add", "--operator", customer);

        Assert.That(asOperator.ExitCode, Is.EqualTo(1), asOperator.ToString());
        Assert.That(asOperator.Stderr, Does.Contain("is a customer's account id"));
        var user = await portal.Database.PortalUsers.GetAsync(customer, CancellationToken.None);
        Assert.That(user!.Role, Is.EqualTo(PortalRole.Customer), "the customer's sign-in is unchanged");
    }
}
