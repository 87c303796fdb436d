using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Web.Api;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>
/// The integration API over HTTP against the demo utility of <see cref="PortalFixture"/>: keys made by
/// the command line, each endpoint's answer checked against the database and the CLI, scopes,
/// idempotent retries, a 10,000-read body, the audit, the OpenAPI document and the health endpoint.
/// </summary>
[NonParallelizable]
public class ApiTests
{
    private PortalFixture portal = null!;
    private HttpClient http = null!;
    private string readKey = null!;
    private string readKeyId = null!;
    private string writeKey = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        portal = await PortalFixture.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(portal.Url) };
        var read = await CliRunner.JsonAsync(portal.Folder, "api", "keys", "add", "--name", "cis", "--scope", "read");
        readKey = read.GetProperty("key").GetString()!;
        readKeyId = read.GetProperty("key_id").GetString()!;
        writeKey = (await CliRunner.JsonAsync(portal.Folder, "api", "keys", "add", "--name", "payments", "--scope", "write")).GetProperty("key").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        http.Dispose();
        await portal.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
            request.Headers.Add("X-Api-Key", key);
        return await http.SendAsync(request);
    }

    private async Task<JsonElement> JsonAsync(string path, string? key = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(HttpMethod.Get, path, key ?? readKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{path}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> PostAsync(string path, HttpContent content, string? key = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(HttpMethod.Post, path, key ?? writeKey, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{path}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task Without_a_valid_key_every_endpoint_answers_401_as_a_problem()
    {
        foreach (var key in new[] { null, "", "uik_000000000000_nope", "not-a-key", readKey + "x" })
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/v1/bills?cycle={PortalFixture.IssuedCycle}", key);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), key ?? "(none)");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("X-Api-Key"));
        }
        // A customer's signed-in browser cannot use the API: cookies are not an API credential.
        using var session = portal.NewSession();
        var (account, password) = portal.Customers[0];
        await session.SignInAsync(account, password);
        Assert.That((await session.GetAsync($"/api/v1/accounts/{account}/balance")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_read_key_may_not_post_and_a_write_key_may_read()
    {
        var refused = await PostAsync("/api/v1/payments", Json("[]"), readKey, HttpStatusCode.Forbidden);
        Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("--scope write"));
        await JsonAsync("/api/v1/tariffs", writeKey);
    }

    [Test]
    public async Task A_revoked_key_is_refused_from_then_on()
    {
        var made = await CliRunner.JsonAsync(portal.Folder, "api", "keys", "add", "--name", "old-cis", "--scope", "read");
        var key = made.GetProperty("key").GetString()!;
        await JsonAsync("/api/v1/tariffs", key);
        var revoke = await CliRunner.RunAsync(portal.Folder, "api", "keys", "revoke", made.GetProperty("key_id").GetString()!);
        Assert.That(revoke.ExitCode, Is.EqualTo(0), revoke.ToString());
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/tariffs", key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var again = await CliRunner.RunAsync(portal.Folder, "api", "keys", "revoke", made.GetProperty("key_id").GetString()!);
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.Stderr, Does.Contain("already revoked"));
        var list = await CliRunner.JsonAsync(portal.Folder, "api", "keys", "list");
        Assert.That(list.EnumerateArray().Single(k => k.GetProperty("key_id").GetString() == made.GetProperty("key_id").GetString())
            .GetProperty("revoked_at").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(list.GetRawText(), Does.Not.Contain("uik_"), "keys are never listed");
    }

    [Test]
    public async Task Bills_of_a_cycle_page_through_every_bill_once_and_match_the_database()
    {
        var seen = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await JsonAsync($"/api/v1/bills?cycle={PortalFixture.IssuedCycle}&limit=15" + (after is null ? "" : $"&after={after}"));
            seen.AddRange(page.GetProperty("bills").EnumerateArray());
            after = page.GetProperty("next_after").GetString();
        }
        while (after is not null);
        var accounts = await portal.Database.Accounts.IdsWithPremisesAsync(CancellationToken.None);
        Assert.That(seen.Select(b => b.GetProperty("account_id").GetString()), Is.EqualTo(accounts.Order(StringComparer.Ordinal)));
        foreach (var bill in seen.Take(5))
        {
            var stored = await portal.Database.Bills.GetAsync(AccountId.Stored(bill.GetProperty("account_id").GetString()!), PortalFixture.IssuedCycle, CancellationToken.None);
            Assert.That(bill.GetProperty("bill_id").GetString(), Is.EqualTo(stored!.BillId));
            Assert.That(bill.GetProperty("total").GetDecimal(), Is.EqualTo(stored.Total.Amount));
            Assert.That((bill.GetProperty("period_start").GetString(), bill.GetProperty("period_end").GetString()),
                Is.EqualTo((stored.Period.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    stored.Period.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))), "the period billed, its last day included (as a bill's)");
            Assert.That(bill.GetProperty("status").GetString(), Is.EqualTo("issued"));
            Assert.That(bill.GetProperty("total").GetRawText(), Does.Match(@"^-?\d+\.\d\d$"), "money with its two minor digits");
        }
        var bad = await JsonAsync("/api/v1/bills?cycle=2025-13", expected: HttpStatusCode.BadRequest);
        Assert.That(bad.GetProperty("errors")[0].GetProperty("field").GetString(), Is.EqualTo("cycle"));
        Assert.That(bad.GetProperty("detail").GetString(), Is.EqualTo("cycle '2025-13' is not a cycle of the form YYYY-MM."));
        await JsonAsync($"/api/v1/bills?cycle={PortalFixture.IssuedCycle}&limit=0", expected: HttpStatusCode.BadRequest);
        var unreadable = await JsonAsync($"/api/v1/bills?cycle={PortalFixture.IssuedCycle}&limit=many", expected: HttpStatusCode.BadRequest);
        Assert.That(unreadable.GetProperty("detail").GetString(), Does.Contain("limit"));
    }

    [Test]
    public async Task A_bill_comes_with_lines_that_add_up_and_its_statement_document_and_renderings()
    {
        var (account, _) = portal.Customers[0];
        var stored = (await portal.Database.Bills.GetAsync(AccountId.Stored(account), PortalFixture.IssuedCycle, CancellationToken.None))!;
        var bill = await JsonAsync($"/api/v1/bills/{stored.BillId}");
        var lines = bill.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount").GetDecimal()).ToList();
        Assert.That(lines, Has.Count.EqualTo(stored.Lines.Count));
        Assert.That(lines.Sum(), Is.EqualTo(bill.GetProperty("total").GetDecimal()));
        Assert.That(bill.GetProperty("total").GetDecimal(), Is.EqualTo(stored.Total.Amount));
        var document = bill.GetProperty("statement_document");
        Assert.That(document.GetProperty("template_version").GetString(), Is.EqualTo(stored.TemplateVersion));
        Assert.That(document.GetProperty("model").GetProperty("account").GetProperty("number").GetString(), Is.EqualTo(account));

        using var html = await SendAsync(HttpMethod.Get, bill.GetProperty("statement").GetProperty("html").GetString()!, readKey);
        Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await html.Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain(stored.Total.Amount.ToString("N2", CultureInfo.InvariantCulture)));
        // The same statement as `statements render` gives from the bill of record.
        var rendered = await CliRunner.RunAsync(portal.Folder, "statements", "render", "--account", account, "--cycle", PortalFixture.IssuedCycle, "--out", "api-render.html");
        Assert.That(rendered.ExitCode, Is.EqualTo(0), rendered.ToString());
        Assert.That(page, Is.EqualTo(await File.ReadAllTextAsync(Path.Combine(portal.Folder, "api-render.html"))));

        using var pdf = await SendAsync(HttpMethod.Get, bill.GetProperty("statement").GetProperty("pdf").GetString()!, readKey);
        Assert.That(pdf.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var pdfBytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.That(Encoding.ASCII.GetString(pdfBytes[..5]), Is.EqualTo("%PDF-"));
        // Byte for byte the PDF `statements render --format pdf` gives from the bill of record (no clock time in it).
        rendered = await CliRunner.RunAsync(portal.Folder, "statements", "render", "--account", account, "--cycle", PortalFixture.IssuedCycle, "--format", "pdf", "--out", "api-render.pdf");
        Assert.That(rendered.ExitCode, Is.EqualTo(0), rendered.ToString());
        Assert.That(pdfBytes, Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(portal.Folder, "api-render.pdf"))));

        await JsonAsync("/api/v1/bills/B-none", expected: HttpStatusCode.NotFound);
        var bad = await JsonAsync("/api/v1/bills/%20x%3B", expected: HttpStatusCode.BadRequest);
        Assert.That(bad.GetProperty("errors")[0].GetProperty("field").GetString(), Is.EqualTo("bill_id"));
    }

    [Test]
    public async Task Payments_post_once_by_reference_and_a_retry_changes_nothing()
    {
        var (account, _) = portal.Customers[2];
        var before = (await JsonAsync($"/api/v1/accounts/{account}/balance")).GetProperty("balance").GetDecimal();
        var payments = $$"""
            [
              {"account_id": "{{account}}", "paid_at": "2025-04-10T09:30:00-05:00", "amount": 25.50, "method": "card", "reference": "API-PAY-1"},
              {"account_id": "{{account}}", "paid_at": "2025-04-11", "amount": "10", "method": "bank", "reference": "API-PAY-2"},
              {"account_id": "NOBODY", "paid_at": "2025-04-11", "amount": 5, "method": "bank", "reference": "API-PAY-3"},
              {"account_id": "{{account}}", "paid_at": "2025-04-11", "amount": 1.234, "method": "bank", "reference": "API-PAY-4"},
              {"account_id": "{{account}}", "paid_at": "2025-04-11", "amount": true, "method": "bank", "reference": "API-PAY-5"}
            ]
            """;
        var first = await PostAsync("/api/v1/payments", Json(payments));
        Assert.That(first.GetProperty("posted").GetInt32(), Is.EqualTo(2));
        Assert.That(first.GetProperty("already_recorded").GetInt32(), Is.EqualTo(0));
        var rejections = first.GetProperty("rejections").EnumerateArray().ToList();
        Assert.That(rejections.Select(r => (r.GetProperty("index").GetInt64(), r.GetProperty("field").GetString(), r.GetProperty("reason").GetString())),
            Is.EqualTo(new[]
            {
                (2L, "account_id", "is not a known account (import accounts first)"),
                (3L, "amount", "has more decimals than USD has minor units"),
                (4L, "amount", "is not a decimal number"),
            }));
        var retry = await PostAsync("/api/v1/payments", Json(payments));
        Assert.That((retry.GetProperty("posted").GetInt32(), retry.GetProperty("already_recorded").GetInt32()), Is.EqualTo((0, 2)));
        var after = (await JsonAsync($"/api/v1/accounts/{account}/balance")).GetProperty("balance").GetDecimal();
        Assert.That(after, Is.EqualTo(before - 35.50m));
        // The same reference for another amount is a different payment claiming it: refused, as payments import refuses it.
        var clash = await PostAsync("/api/v1/payments",
            Json($$"""[{"account_id": "{{account}}", "paid_at": "2025-04-12", "amount": 99, "method": "card", "reference": "API-PAY-1"}]"""));
        Assert.That(clash.GetProperty("rejections")[0].GetProperty("reason").GetString(),
            Is.EqualTo("was already posted for a different account or amount (payment references must be unique)"));
        var ledger = await JsonAsync($"/api/v1/accounts/{account}/ledger");
        var entries = ledger.GetProperty("entries").EnumerateArray().ToList();
        Assert.That(entries.Count(e => e.GetProperty("reference").GetString()!.StartsWith("API-PAY-", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(entries[^1].GetProperty("balance_after").GetDecimal(), Is.EqualTo(after));
        Assert.That(ledger.GetProperty("balance").GetDecimal(), Is.EqualTo(after));
        await PostAsync("/api/v1/payments", Json("{\"not\": \"an array\"}"), expected: HttpStatusCode.BadRequest);
        await PostAsync("/api/v1/payments", Json("[{"), expected: HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_body_of_10000_reads_is_ingested_once_and_its_bad_row_listed()
    {
        var meter = (await portal.Database.Meters.ListAsync(CancellationToken.None))[0];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meter.TimeZone);
        var csv = new StringBuilder("meter_id,interval_start,interval_minutes,quantity,unit,quality\n");
        var start = new DateTimeOffset(2023, 1, 1, 6, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10_000; i++)
        {
            // Hour by hour in UTC, written with the meter's local offset of the moment: no hour missing or twice at the clock changes.
            var instant = TimeZoneInfo.ConvertTime(start.AddHours(i), zone);
            csv.Append(CultureInfo.InvariantCulture, $"{meter.Id.Value},{instant:yyyy-MM-ddTHH:mm:sszzz},60,{0.5m + (i % 10) / 10m},kWh,A\n");
        }
        csv.Append(CultureInfo.InvariantCulture, $"{meter.Id.Value},yesterday,60,1.0,kWh,A\n");
        var body = csv.ToString();
        var first = await PostAsync("/api/v1/reads", new StringContent(body, Encoding.UTF8, "text/csv"));
        var duplicatesBefore = first.GetProperty("duplicates").GetInt64();
        Assert.That(first.GetProperty("accepted").GetInt64() + duplicatesBefore, Is.EqualTo(10_000), first.ToString());
        Assert.That(first.GetProperty("rejected").GetInt64(), Is.EqualTo(1));
        var rejection = first.GetProperty("rejections")[0];
        Assert.That((rejection.GetProperty("line").GetInt64(), rejection.GetProperty("field").GetString(), rejection.GetProperty("value").GetString()),
            Is.EqualTo((10_002L, "interval_start", "yesterday")));
        var retry = await PostAsync("/api/v1/reads", new StringContent(body, Encoding.UTF8, "text/csv"));
        Assert.That((retry.GetProperty("accepted").GetInt64(), retry.GetProperty("duplicates").GetInt64(), retry.GetProperty("replaced_estimates").GetInt64()),
            Is.EqualTo((0L, 10_000L, 0L)));
        Assert.That(retry.GetProperty("reconcile_cycles").GetArrayLength(), Is.EqualTo(0), "no stored read changed");
        // The same reads gzip-compressed, as a meter data system sends a day's file: read as they are, all duplicates; cut short, refused.
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
                gzip.Write(Encoding.UTF8.GetBytes(body));
            compressed = buffer.ToArray();
        }
        ByteArrayContent Gzipped(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }
        var gzipped = await PostAsync("/api/v1/reads", Gzipped(compressed));
        Assert.That((gzipped.GetProperty("accepted").GetInt64(), gzipped.GetProperty("duplicates").GetInt64(), gzipped.GetProperty("rejected").GetInt64()),
            Is.EqualTo((0L, 10_000L, 1L)), gzipped.ToString());
        var cut = await PostAsync("/api/v1/reads", Gzipped(compressed[..(compressed.Length / 2)]), expected: HttpStatusCode.BadRequest);
        Assert.That(cut.GetProperty("detail").GetString(), Does.StartWith("body: the gzip file is damaged or cut short after line"));
        var stored = await portal.Database.Reads.DayRangesAsync(CancellationToken.None);
        Assert.That(stored[meter.Id.Value].Last, Is.GreaterThanOrEqualTo(DateOnly.FromDateTime(start.AddHours(9_999).UtcDateTime.AddDays(-1))));

        var unsupported = await PostAsync("/api/v1/reads", new StringContent(body, Encoding.UTF8, "text/plain"), expected: HttpStatusCode.UnsupportedMediaType);
        Assert.That(unsupported.GetProperty("detail").GetString(), Does.Contain("text/csv"));
        var unreadable = await PostAsync("/api/v1/reads", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"), expected: HttpStatusCode.BadRequest);
        Assert.That(unreadable.GetProperty("detail").GetString(), Does.StartWith("body: not a read file"));
        Assert.That(Directory.Exists(UtilityInsights.Web.PortalOptions.Default.SpoolDirectory)
            ? Directory.GetFiles(UtilityInsights.Web.PortalOptions.Default.SpoolDirectory, "reads-*") : [], Is.Empty, "spooled bodies are removed");
    }

    [Test]
    public async Task A_Green_Button_body_is_ingested_as_ingest_does_it()
    {
        // The demo's own reads of one meter, exported as Download My Data and posted back: every one already stored.
        var meter = (await portal.Database.Meters.ListAsync(CancellationToken.None))[2];
        var export = await CliRunner.RunAsync(portal.Folder, "export", "greenbutton", "--meter", meter.Id.Value, "--from", "2025-03-01", "--to", "2025-03-08",
            "--out", "gb.xml");
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        var xml = await File.ReadAllTextAsync(Path.Combine(portal.Folder, "gb.xml"));
        var posted = await PostAsync("/api/v1/reads", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.That(posted.GetProperty("accepted").GetInt64(), Is.EqualTo(0), posted.ToString());
        Assert.That(posted.GetProperty("duplicates").GetInt64(), Is.GreaterThanOrEqualTo(7 * 24 - 1));
        Assert.That(posted.GetProperty("rejected").GetInt64(), Is.EqualTo(0));
        Assert.That(posted.GetProperty("meters")[0].GetProperty("meter_id").GetString(), Is.EqualTo(meter.Id.Value));
        var broken = await PostAsync("/api/v1/reads", new StringContent("<feed><entry>", Encoding.UTF8, "application/xml"), expected: HttpStatusCode.BadRequest);
        Assert.That(broken.GetProperty("detail").GetString(), Does.StartWith("body"));
    }

    [Test]
    public async Task Bill_run_status_tariffs_and_balances_say_what_the_command_line_says()
    {
        var status = await JsonAsync($"/api/v1/billruns/{PortalFixture.HeldCycle}");
        var cli = await CliRunner.JsonAsync(portal.Folder, "billrun", "status", "--cycle", PortalFixture.HeldCycle);
        foreach (var field in new[] { "accounts_due", "billed", "held", "issued" })
            Assert.That(status.GetProperty(field).GetInt32(), Is.EqualTo(cli.GetProperty(field).GetInt32()), field);
        Assert.That(status.GetProperty("total_amount").GetDecimal(), Is.EqualTo(cli.GetProperty("total_amount").GetDecimal()));
        Assert.That(status.GetProperty("held").GetInt32(), Is.GreaterThan(0));
        Assert.That(status.GetProperty("held_by_reason").GetRawText(), Is.EqualTo(JsonSerializer.Serialize(cli.GetProperty("held_by_reason"))));
        Assert.That(status.GetProperty("runs").GetArrayLength(), Is.GreaterThan(0));

        var tariffs = await JsonAsync("/api/v1/tariffs");
        var stored = await portal.Database.Tariffs.ListAsync(CancellationToken.None);
        Assert.That(tariffs.EnumerateArray().Select(t => t.GetProperty("tariff_id").GetString()), Is.EquivalentTo(stored.Select(t => t.TariffId)));
        Assert.That(tariffs.EnumerateArray().All(t => t.GetProperty("versions").GetArrayLength() > 0));

        var (account, _) = portal.Customers[1];
        var balance = await JsonAsync($"/api/v1/accounts/{account}/balance?as_of=2025-04-01");
        var entries = await portal.Database.Ledger.EntriesAsync(AccountId.Stored(account), CancellationToken.None);
        Assert.That(balance.GetProperty("balance").GetDecimal(), Is.EqualTo(entries.Sum(e => e.Amount.Amount)));
        Assert.That(balance.GetProperty("as_of").GetString(), Is.EqualTo("2025-04-01"));
        await JsonAsync("/api/v1/accounts/NOBODY/balance", expected: HttpStatusCode.NotFound);
        await JsonAsync("/api/v1/accounts/A-000001/balance?as_of=soon", expected: HttpStatusCode.BadRequest);
        await JsonAsync("/api/v1/billruns/26-01", expected: HttpStatusCode.BadRequest);
        var missing = await JsonAsync("/api/v1/no-such-thing", expected: HttpStatusCode.NotFound);
        Assert.That(missing.GetProperty("title").GetString(), Is.EqualTo("Not found"));
    }

    [Test]
    public async Task Every_call_with_a_key_is_audited_with_its_id_method_path_and_status()
    {
        using var ok = await SendAsync(HttpMethod.Get, "/api/v1/tariffs", readKey);
        using var forbidden = await SendAsync(HttpMethod.Post, "/api/v1/payments", readKey, Json("[]"));
        var calls = await portal.Database.ApiKeys.CallsAsync(readKeyId, 1_000, CancellationToken.None);
        Assert.That(calls.Select(c => (c.Method, c.Path, c.Status)), Does.Contain(("GET", "/api/v1/tariffs", 200)));
        Assert.That(calls.Select(c => (c.Method, c.Path, c.Status)), Does.Contain(("POST", "/api/v1/payments", 403)));
        Assert.That(calls.All(c => c.KeyId == readKeyId));
    }

    [Test]
    public async Task The_portal_emits_requests_sign_in_failures_api_calls_and_ingested_reads_as_metrics()
    {
        var metrics = new List<OpenTelemetry.Metrics.Metric>();
        using var provider = OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddMeter(UtilityInsights.Operations.Telemetry.Name, "Microsoft.AspNetCore.Hosting")
            .AddInMemoryExporter(metrics).Build();
        using var session = portal.NewSession();
        await session.SignInAsync(portal.Customers[3].Account, "not-the-password");
        var meter = (await portal.Database.Meters.ListAsync(CancellationToken.None))[1];
        var body = $"meter_id,interval_start,interval_minutes,quantity,unit,quality\n{meter.Id.Value},2022-06-01T00:00:00Z,60,1.5,kWh,A\n{meter.Id.Value},2022-06-01T01:00:00Z,60,lots,kWh,A\n";
        await PostAsync("/api/v1/reads", new StringContent(body, Encoding.UTF8, "text/csv"));
        // One export, read before the provider is disposed (disposing exports the cumulative sums again).
        provider.ForceFlush();
        long Sum(string name, string? tag = null, object? value = null) => metrics.Where(m => m.Name == name).SelectMany(m =>
        {
            var points = new List<(long Sum, Dictionary<string, object?> Tags)>();
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var t in point.Tags)
                    tags[t.Key] = t.Value;
                points.Add((m.MetricType == OpenTelemetry.Metrics.MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong(), tags));
            }
            return points;
        }).Where(p => tag is null || Equals(p.Tags.GetValueOrDefault(tag), value)).Sum(p => p.Sum);

        Assert.That(Sum("ui.portal.sign_in.failures", "outcome", "failed"), Is.EqualTo(1));
        Assert.That(Sum("ui.ingest.reads"), Is.EqualTo(1));
        Assert.That(Sum("ui.ingest.rejects", "field", "quantity"), Is.EqualTo(1));
        Assert.That(Sum("ui.api.calls", "status", 200), Is.EqualTo(1));
        Assert.That(Sum("http.server.request.duration"), Is.GreaterThanOrEqualTo(3), "the portal's requests (sign-in page, sign-in, the API call)");
    }

    [Test]
    public async Task The_OpenAPI_document_describes_every_endpoint_and_the_key_scheme()
    {
        using var response = await http.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var endpoints = portal.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiEndpoints.Prefix, StringComparison.Ordinal) == true).ToList();
        Assert.That(endpoints, Has.Count.GreaterThanOrEqualTo(10));
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant();
            var operation = default(JsonElement);
            Assert.That(paths.TryGetProperty(endpoint.RoutePattern.RawText!, out var path) && path.TryGetProperty(method, out operation), Is.True,
                $"{method} {endpoint.RoutePattern.RawText} is in the document");
            Assert.That(operation.GetProperty("summary").GetString(), Is.Not.Empty);
            Assert.That(operation.GetProperty("responses").TryGetProperty("401", out _), Is.True);
            Assert.That(operation.GetProperty("responses").TryGetProperty("429", out _), Is.True, "the rate limit's answer");
        }
        Assert.That(document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString(),
            Is.EqualTo("X-Api-Key"));
        Assert.That(paths.EnumerateObject().All(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)), "the portal's own pages are not in it");

        using var reference = await http.GetAsync("/api/reference/");
        Assert.That(reference.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csp = reference.Headers.GetValues("Content-Security-Policy").Single();
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.That(scripts, Does.Not.Contain("unsafe-inline"));
        // The page's inline script is allowed by exactly its own hash.
        var page = await reference.Content.ReadAsStringAsync();
        var inline = System.Text.RegularExpressions.Regex.Match(page, "<script type=\"module\">(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.That(inline.Success, Is.True, page);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(inline.Groups[1].Value)));
        Assert.That(scripts, Is.EqualTo($"script-src 'self' 'sha256-{hash}'"));
    }

    [Test]
    public async Task Health_says_the_database_is_reachable_and_current_and_whether_pdf_printing_can_work()
    {
        using var response = await http.GetAsync("/healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = health.RootElement.GetProperty("checks");
        Assert.That(checks.GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(checks.GetProperty("database").GetProperty("description").GetString(), Does.Contain("schema"));
        Assert.That(checks.GetProperty("printing").GetProperty("status").GetString(), Is.EqualTo("healthy"), "fonts are installed here");

        // A database not migrated to this build: unhealthy (503), saying what to run.
        var behind = UtilityInsights.Storage.UtilityDatabase.Open(Path.Combine(portal.Folder, "not-migrated.db"));
        Assert.That(await HealthOfAsync(behind), Does.Contain("\"unhealthy\"").And.Contain("schema 0, this build needs"));
        // One that cannot be reached (its folder removed after the portal opened it): unhealthy, and nothing about where it is.
        // (A server database that is down would do the same, but the jobs dashboard's Hangfire storage spends 30 s retrying it at start.)
        var folder = Directory.CreateDirectory(Path.Combine(portal.Folder, "vanishing-folder")).FullName;
        var gone = UtilityInsights.Storage.UtilityDatabase.Open(Path.Combine(folder, "x.db"));
        Directory.Delete(folder);
        Assert.That(await HealthOfAsync(gone), Does.Contain("not reachable").And.Not.Contain("vanishing-folder"));
    }

    private static async Task<string> HealthOfAsync(UtilityInsights.Storage.UtilityDatabase database)
    {
        await using var app = UtilityInsights.Web.PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System);
        await app.StartAsync();
        string text;
        // The client (and its kept-alive connection) goes before the host stops: stopping waits for open connections.
        using (var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) })
        using (var response = await client.GetAsync("/healthz"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            text = await response.Content.ReadAsStringAsync();
        }
        await app.StopAsync();
        return text;
    }
}
