using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using UtilityInsights.Cli.Commands;
using UtilityInsights.Domain;
using UtilityInsights.IntegrationTests.Storage;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Cli;

public class CliTests
{
    private const string AccountsHeader = "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle";
    private string folder = null!;

    [SetUp]
    public void SetUp() => folder = Directory.CreateTempSubdirectory("ui-cli-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private string PathIn(string name) => Path.Combine(folder, name);

    private static void AssertOneLineError(CliResult result, params string[] mentions)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.ToString());
        foreach (var mention in mentions)
            Assert.That(lines[0], Does.Contain(mention), result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task When_a_command_ends_the_database_file_alone_holds_everything_it_committed()
    {
        // The stores' reads keep SQLite connections open for the process's life (ingest reads and writes); closing them as it
        // exits folds the write-ahead log into the file, so that a copy of the file alone (a backup) has everything.
        await File.WriteAllTextAsync(PathIn("reads.csv"), "meter_id,interval_start,interval_minutes,quantity,unit,quality\n" +
            "M-1,2025-01-01T00:00:00Z,60,1.5,kWh,A\nM-1,2025-01-01T01:00:00Z,60,1.25,kWh,A\n");
        var ingest = await CliRunner.RunAsync(folder, "ingest", PathIn("reads.csv"), "--create-meters");
        Assert.That(ingest.ExitCode, Is.Zero, ingest.ToString());

        var copy = Directory.CreateDirectory(PathIn("copy")).FullName;
        File.Copy(PathIn("utility-insights.db"), Path.Combine(copy, "utility-insights.db"));

        Assert.That(TestDb.Query(copy, "SELECT meter_id, local_date FROM interval_read_days", r => $"{r.GetString(0)} {r.GetString(1)}"), Is.EqualTo(new[] { "M-1 2025-01-01" }));
    }

    [Test]
    public async Task Demo_on_a_machine_without_a_font_keeps_paper_statements_as_HTML_and_says_why_and_a_pdf_is_a_one_line_error()
    {
        // A fontconfig set-up that knows no fonts: a machine with only the .NET SDK may have none.
        var config = PathIn("no-fonts.conf");
        await File.WriteAllTextAsync(config, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
        var environment = new Dictionary<string, string> { ["FONTCONFIG_FILE"] = config };
        var result = await CliRunner.RunWithAsync(folder, environment, "demo", "--premises", "30", "--months", "2");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("HTML for the printer").And.Contain("apt-get install fonts-liberation"));
        Assert.That(Directory.GetFiles(PathIn("out/delivery"), "*.pdf", SearchOption.AllDirectories), Is.Empty);
        Assert.That(Directory.GetFiles(PathIn("out/delivery"), "A-*.html", SearchOption.AllDirectories), Is.Not.Empty, "paper statements kept as HTML");
        var cycle = Path.GetFileName(Directory.GetDirectories(PathIn("out/delivery")).Single());
        var pdf = await CliRunner.RunWithAsync(folder, environment, "statements", "render", "--account", "A-000001", "--cycle", cycle, "--format", "pdf");
        Assert.That(pdf.ExitCode, Is.Not.EqualTo(0).And.Not.EqualTo(70));
        Assert.That(pdf.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), pdf.ToString());
        Assert.That(pdf.Stderr, Does.Contain("apt-get install fonts-liberation"));
    }

    [Test]
    public async Task Demo_builds_a_sample_utility_and_says_what_it_built()
    {
        var result = await CliRunner.RunAsync(folder, "demo", "--premises", "60", "--months", "2");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("Built a sample utility").And.Contain("Accounts loaded"));
        // Every portal user it made is listed (five customers and the operator), and paper statements are printed into batch PDFs.
        var users = TestDb.Query(folder, "SELECT user_id FROM portal_users", r => r.GetString(0));
        Assert.That(users, Has.Count.EqualTo(DemoCommand.DemoPortalUsers + 1));
        Assert.That(users, Has.All.Matches<string>(u => result.Stdout.Contains(u + " / ", StringComparison.Ordinal)));
        var pdfs = Directory.GetFiles(PathIn("out/delivery"), "*.pdf", SearchOption.AllDirectories);
        Assert.That(pdfs, Is.Not.Empty);
        // Nothing in the summary is wider than 80 columns (the runner's console width), so no word is broken.
        Assert.That(result.Stdout.Split('\n'), Has.All.Length.LessThanOrEqualTo(80));
        var database = UtilityDatabase.Open(PathIn("utility-insights.db"));
        Assert.That(await database.Accounts.CountAsync(CancellationToken.None), Is.EqualTo(60));
        Assert.That(await database.Premises.CountAsync(CancellationToken.None), Is.EqualTo(60));
        Assert.That(File.Exists(PathIn("out/sample/interval-reads.csv")), Is.True);
    }

    [Test]
    public async Task Demo_run_again_on_its_database_bills_nothing_twice_and_says_so()
    {
        var first = await CliRunner.RunAsync(folder, "demo", "--premises", "25", "--months", "1", "--print-format", "html");
        var second = await CliRunner.RunAsync(folder, "demo", "--premises", "25", "--months", "1", "--print-format", "html");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(first.Stdout, Does.Not.Contain("billed by an earlier run"));
        // The bills of the first run (issued, or held for review) are neither billed again nor counted as ready; only the
        // ones that could not be billed at all (register meters without a read before January; interval meters whose route
        // periods start in December, before the first read) are tried again, and held again.
        var cannotBill = TestDb.Query(folder, "SELECT COUNT(*) FROM bills WHERE hold_reason LIKE 'cannot_bill:%' OR hold_reason LIKE 'reads_missing:%'",
            r => r.GetInt64(0))[0];
        Assert.That(second.Stdout, Does.Contain($"ready / held: 0 / {cannotBill} ({25 - cannotBill} billed by an earlier run)"));
        Assert.That(TestDb.Query(folder, "SELECT COUNT(*) FROM bills", r => r.GetInt64(0)), Is.EqualTo(new[] { 25L }));
    }

    [Test]
    public async Task Demo_json_reports_the_database_and_counts()
    {
        var result = await CliRunner.RunAsync(folder, "demo", "--premises", "25", "--months", "1", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.That(json.RootElement.GetProperty("accounts").GetInt32(), Is.EqualTo(25));
        Assert.That(json.RootElement.GetProperty("db").GetString(), Does.EndWith("utility-insights.db"));
        Assert.That(json.RootElement.GetProperty("cycle").GetString(), Is.EqualTo("2025-01"));
        var run = json.RootElement.GetProperty("billrun");
        Assert.That(run.GetProperty("billed").GetInt32() + run.GetProperty("held").GetInt32(), Is.EqualTo(25), "every home is billed or held");
        Assert.That(Directory.GetFiles(PathIn("out/statements"), "2025-01.html", SearchOption.AllDirectories).Length,
            Is.InRange(run.GetProperty("billed").GetInt32(), 25), "a statement for every bill ready (and for held bills that could be rated)");
    }

    [Test]
    public async Task A_misspelled_option_or_command_suggests_the_right_one_and_points_to_that_command_s_help()
    {
        AssertOneLineError(await CliRunner.RunAsync(folder, "billrun", "--cylce", "2026-01"),
            "'--cylce' is not an option of utility-insights billrun: did you mean --cycle?", "(see utility-insights billrun --help)");
        AssertOneLineError(await CliRunner.RunAsync(folder, "billrun", "issue", "--cycle", "2026-01", "--print-formt", "pdf"),
            "did you mean --print-format?", "(see utility-insights billrun issue --help)");
        AssertOneLineError(await CliRunner.RunAsync(folder, "bilrun", "--cycle", "2026-01"), "'bilrun' is not a command of utility-insights: did you mean billrun?");
        AssertOneLineError(await CliRunner.RunAsync(folder, "billrun", "--cycle", "2026-01", "--zzzzzz"), "Unrecognized command or argument '--zzzzzz'");
    }

    [Test]
    public async Task Serve_refuses_wrong_settings_naming_each_one_before_it_listens()
    {
        await File.WriteAllTextAsync(PathIn("bad.json"), """
            { "Portal": { "MaxFailures": 0, "IdleTimeout": "00:00:10", "PayUrl": "javascript:alert(1)", "TrustedProxies": ["proxy.local"], "ApiRequestsPerMinute": 0 } }
            """);
        var result = await CliRunner.RunAsync(folder, "serve", "--urls", "http://127.0.0.1:0", "--config", "bad.json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.StartWith("error: the portal's settings are wrong:"));
        foreach (var setting in new[] { "Portal:MaxFailures", "Portal:IdleTimeout", "Portal:PayUrl", "Portal:TrustedProxies", "Portal:ApiRequestsPerMinute" })
            Assert.That(result.Stderr, Does.Contain(setting));
        Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");

        await File.WriteAllTextAsync(PathIn("broken.json"), "{ \"Portal\": ");
        var broken = await CliRunner.RunAsync(folder, "serve", "--urls", "http://127.0.0.1:0", "--config", "broken.json");
        Assert.That(broken.ExitCode, Is.EqualTo(1), broken.ToString());
        Assert.That(broken.Stderr, Does.StartWith("error: broken.json: not a settings file"));
        var missing = await CliRunner.RunAsync(folder, "serve", "--config", "nowhere.json");
        Assert.That(missing.Stderr, Does.StartWith("error: --config 'nowhere.json' does not exist."));
    }

    [Test]
    public async Task Serve_on_an_address_already_in_use_says_so_as_a_user_error()
    {
        // Another program (or a second portal) holds the port: the operator's to fix, not an internal error (it was exit 70).
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var result = await CliRunner.RunAsync(folder, "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        // Said once (the details in the log file): the web host's own "ERR Hosting failed to start" no longer goes before it. The
        // new database's first cookie key is made before listening, stored unencrypted: our warning names the setting, not Data
        // Protection's "No XML encryptor configured".
        Assert.That(result.Stderr, Does.Contain($"\nerror: --urls http://127.0.0.1:{port}: cannot listen there").And.Contain("choose another address"));
        Assert.That(result.Stderr, Does.Not.Contain(" ERR ").And.Not.Contain("No XML encryptor"));
        Assert.That(result.Stderr, Does.Contain("is stored unencrypted in the database (portal_keys)").And.Contain("Set Portal:KeyCertificate"));
        Assert.That(result.Stderr, Does.Not.Contain("internal error").And.Not.Contain("   at "));
    }

    [Test]
    public async Task Api_keys_take_a_read_or_write_scope_and_a_name()
    {
        var scope = await CliRunner.RunAsync(folder, "api", "keys", "add", "--name", "cis", "--scope", "admin");
        Assert.That(scope.ExitCode, Is.EqualTo(1), scope.ToString());
        Assert.That(scope.Stderr, Does.Contain("admin"));
        var name = await CliRunner.RunAsync(folder, "api", "keys", "add", "--name", " ", "--scope", "read");
        Assert.That(name.Stderr, Does.StartWith("error: --name must be 1 to 100 printable characters."));
        var made = await CliRunner.RunAsync(folder, "api", "keys", "add", "--name", "cis", "--scope", "read");
        Assert.That(made.ExitCode, Is.EqualTo(0), made.ToString());
        Assert.That(made.Stdout, Does.Match("\\nuik_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\\n"), "the key on a line of its own, to copy");
        var revoke = await CliRunner.RunAsync(folder, "api", "keys", "revoke", "../etc");
        Assert.That(revoke.Stderr, Does.StartWith("error: key id '../etc' is not a key id"));
    }

    [Test]
    public async Task With_OTEL_variables_a_command_exports_its_metrics_and_traces_over_OTLP()
    {
        using var collector = new OtlpCollector();
        var result = await CliRunner.RunWithEnvironmentAsync(folder, collector.Environment("ui-otlp-test"), "demo", "--premises", "12", "--months", "2");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        await collector.StopAsync();

        Assert.That(collector.Posted("/v1/metrics"), Is.Not.Empty, "metrics posted to /v1/metrics");
        Assert.That(collector.Posted("/v1/traces"), Is.Not.Empty, "traces posted to /v1/traces");
        Assert.That(collector.Posted("/v1/metrics").All(m => m.Type == "application/x-protobuf"));
        // Protobuf keeps strings as UTF-8: the instruments' and the service's names are in the payload.
        Assert.That(collector.Text("/v1/metrics"),
            Does.Contain("ui.billrun.bills").And.Contain("ui.ingest.reads").And.Contain("ui.billrun.chunk.duration").And.Contain("ui-otlp-test"));
        Assert.That(collector.Text("/v1/traces"), Does.Contain("billrun"));
    }

    [Test]
    public async Task With_OTEL_variables_the_portal_exports_its_request_metrics_and_spans_over_OTLP()
    {
        Assert.That((await CliRunner.RunAsync(folder, "demo", "--premises", "5", "--months", "1", "--prepare-only")).ExitCode, Is.EqualTo(0));
        using var collector = new OtlpCollector();
        var port = CliRunner.FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        bool Answered()
        {
            try
            {
                return client.GetAsync("/healthz").GetAwaiter().GetResult().IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
        var result = await CliRunner.InterruptWhenAsync(folder, collector.Environment("ui-portal-otlp"), Answered, TimeSpan.FromMilliseconds(200),
            "serve", "--urls", $"http://127.0.0.1:{port}");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        await collector.StopAsync();
        Assert.That(collector.Text("/v1/metrics"), Does.Contain("http.server.request.duration").And.Contain("ui-portal-otlp"));
        Assert.That(collector.Text("/v1/traces"), Does.Contain("/healthz"));
    }

    /// <summary>A stand-in OTLP/HTTP collector on a free loopback port: it keeps what is posted to it and answers 200.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly System.Net.HttpListener listener = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, string? Type, byte[] Body)> received = new();
        private readonly Task serving;

        public OtlpCollector()
        {
            Port = CliRunner.FreePort();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            serving = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public Dictionary<string, string> Environment(string service) => new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = service,
        };

        public List<(string Path, string? Type, byte[] Body)> Posted(string path) => received.Where(r => r.Path == path).ToList();

        public string Text(string path) => System.Text.Encoding.UTF8.GetString(Posted(path).SelectMany(r => r.Body).ToArray());

        public async Task StopAsync()
        {
            listener.Stop();
            await serving;
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }

    [Test]
    public async Task Log_format_json_writes_serilog_compact_json_events()
    {
        var result = await CliRunner.RunAsync(folder, "demo", "--premises", "5", "--months", "1", "--prepare-only", "--verbose", "--log-format", "json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var events = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.That(events, Is.Not.Empty, result.Stderr);
        foreach (var line in events)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.That(json.RootElement.TryGetProperty("@t", out _) && json.RootElement.TryGetProperty("@mt", out _), Is.True, line);
        }
        var logFile = Directory.GetFiles(Path.Combine(folder, "logs"), "utility-insights-*.clef").Single();
        Assert.That(File.ReadLines(logFile).First(), Does.StartWith("{\"@t\":"));
    }

    [Test]
    public async Task Demo_prepare_only_stops_before_the_bill_run()
    {
        var result = await CliRunner.RunAsync(folder, "demo", "--premises", "25", "--months", "1", "--prepare-only", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.That(json.RootElement.GetProperty("billrun").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Directory.Exists(PathIn("out/statements")), Is.False);
    }

    [Test]
    public async Task Migrating_twice_changes_nothing()
    {
        var first = await CliRunner.RunAsync(folder, "db", "migrate", "--json");
        var second = await CliRunner.RunAsync(folder, "db", "migrate", "--json");

        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        Assert.That(a.RootElement.GetProperty("applied").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(b.RootElement.GetProperty("applied").GetArrayLength(), Is.EqualTo(0));
        Assert.That(b.RootElement.GetProperty("to_version").GetInt32(), Is.EqualTo(a.RootElement.GetProperty("to_version").GetInt32()));
    }

    [Test]
    public async Task A_database_in_a_missing_directory_is_a_one_line_error_and_nothing_is_created()
    {
        var target = PathIn("no/such/dir/x.db");

        var result = await CliRunner.RunAsync(folder, "db", "migrate", "--db", target);

        AssertOneLineError(result, PathIn("no/such/dir"), "does not exist");
        Assert.That(Directory.Exists(PathIn("no")), Is.False);
    }

    [Test]
    public async Task A_database_on_a_read_only_path_is_a_one_line_error()
    {
        var result = await CliRunner.RunAsync(folder, "db", "migrate", "--db", "/proc/utility-insights.db");

        AssertOneLineError(result, "/proc/utility-insights.db");
    }

    [Test]
    public async Task A_corrupt_database_file_is_a_one_line_error_and_is_left_untouched()
    {
        var target = PathIn("corrupt.db");
        await File.WriteAllTextAsync(target, "this is not a database, just text that someone saved with the wrong name");
        var before = SHA256.HashData(await File.ReadAllBytesAsync(target));

        var result = await CliRunner.RunAsync(folder, "accounts", "import", PathIn("whatever.csv"), "--db", target);
        var migrate = await CliRunner.RunAsync(folder, "db", "migrate", "--db", target);

        AssertOneLineError(result, "whatever.csv");
        AssertOneLineError(migrate, "corrupt.db", "not a SQLite database");
        Assert.That(SHA256.HashData(await File.ReadAllBytesAsync(target)), Is.EqualTo(before));
    }

    [Test]
    public async Task A_SQLite_file_with_a_damaged_page_is_a_one_line_error()
    {
        var target = PathIn("damaged.db");
        await CliRunner.RunAsync(folder, "db", "migrate", "--db", target);
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(target);
        for (var i = 100; i < bytes.Length; i++)
            bytes[i] = 0xA5;
        await File.WriteAllBytesAsync(target, bytes);
        File.Delete(target + "-wal");
        File.Delete(target + "-shm");

        var result = await CliRunner.RunAsync(folder, "db", "migrate", "--db", target);

        AssertOneLineError(result, "damaged.db");
    }

    [Test]
    public async Task An_unknown_command_is_a_one_line_error()
    {
        var result = await CliRunner.RunAsync(folder, "frobnicate");

        AssertOneLineError(result, "frobnicate");
    }

    [Test]
    public async Task A_missing_csv_is_a_one_line_error_and_no_database_is_created()
    {
        var result = await CliRunner.RunAsync(folder, "accounts", "import", PathIn("missing.csv"));

        AssertOneLineError(result, "missing.csv", "not found");
        Assert.That(File.Exists(PathIn("utility-insights.db")), Is.False);
    }

    [Test]
    public async Task An_empty_csv_is_a_one_line_error()
    {
        await File.WriteAllTextAsync(PathIn("empty.csv"), "");

        var result = await CliRunner.RunAsync(folder, "premises", "import", PathIn("empty.csv"));

        AssertOneLineError(result, "empty.csv", "empty");
    }

    [Test]
    public async Task A_partly_bad_accounts_file_keeps_the_good_rows_lists_each_bad_row_and_exits_2()
    {
        await File.WriteAllLinesAsync(PathIn("accounts.csv"),
        [
            AccountsHeader,
            "A-1,Ann,1 Main St,,ann@example.com,,en,email,R01",
            "A-2,Bob,2 Elm St,,bob-at-example,,en,paper,R01",
            "A-3,\"<script>alert(1)</script> O'Brien & Sons\",3 Oak St,,,,es,paper,R02",
            "A-4,Dee,4 Ash St,,,,xx,paper,R02",
        ]);

        var result = await CliRunner.RunAsync(folder, "accounts", "import", PathIn("accounts.csv"), "--json");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.That(json.RootElement.GetProperty("inserted").GetInt32(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("rejected").GetInt32(), Is.EqualTo(2));
        var rejects = await File.ReadAllLinesAsync(PathIn("accounts.csv.rejects.csv"));
        Assert.That(rejects[0], Is.EqualTo("line,field,value,reason"));
        Assert.That(rejects[1], Does.StartWith("3,email,bob-at-example,"));
        Assert.That(rejects[2], Does.StartWith("5,language,xx,"));
        var database = UtilityDatabase.Open(PathIn("utility-insights.db"));
        Assert.That((await database.Accounts.GetAsync(new AccountId("A-3"), CancellationToken.None))!.Name, Is.EqualTo("<script>alert(1)</script> O'Brien & Sons"));
    }

    [Test]
    public async Task Premises_of_unknown_accounts_are_rejected_and_the_rest_imported()
    {
        await File.WriteAllLinesAsync(PathIn("accounts.csv"), [AccountsHeader, "A-1,Ann,1 Main St,,,,en,paper,R01"]);
        await File.WriteAllLinesAsync(PathIn("premises.csv"),
        [
            "premise_id,account_id,meter_id,region,latitude,longitude,floor_area_sqft,occupants,heating_fuel,home_type,year_built,has_ac,has_pool,has_ev,has_solar,tariff_id,time_zone",
            "P-1,A-1,M-1,cold,,,1500,2,natural_gas,single_family_detached,1990,true,false,false,false,RES-FLAT,America/Chicago",
            "P-2,A-9,M-2,cold,,,1500,2,natural_gas,single_family_detached,1990,true,false,false,false,RES-FLAT,America/Chicago",
            "P-3,A-1,M-3,cold,,,99999,2,natural_gas,single_family_detached,1990,true,false,false,false,RES-FLAT,America/Chicago",
        ]);
        await CliRunner.RunAsync(folder, "accounts", "import", PathIn("accounts.csv"));

        var result = await CliRunner.RunAsync(folder, "premises", "import", PathIn("premises.csv"));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Does.Contain("line 3, field account_id").And.Contain("line 4, field floor_area_sqft"));
        var database = UtilityDatabase.Open(PathIn("utility-insights.db"));
        Assert.That(await database.Premises.CountAsync(CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task Payments_are_posted_once_re_importing_changes_nothing_and_a_reused_reference_is_rejected()
    {
        await File.WriteAllLinesAsync(PathIn("accounts.csv"), [AccountsHeader, "A-1,Ann,1 Main St,,,,en,paper,R01", "A-2,Bob,2 Elm St,,,,en,paper,R01"]);
        await CliRunner.RunAsync(folder, "accounts", "import", PathIn("accounts.csv"));
        await File.WriteAllLinesAsync(PathIn("payments.csv"),
        [
            "account_id,paid_at,amount,method,reference",
            "A-1,2025-02-10T14:30:00-05:00,106.36,card,P-1",
            "A-1,2025-02-20,20.00,check,P-2",
            "A-9,2025-02-20,5.00,card,P-3",
            "A-2,2025-02-21,7.5,cash,P-1",
            "A-2,2025-02-21,-4.00,cash,P-4",
        ]);

        var first = await CliRunner.RunAsync(folder, "payments", "import", PathIn("payments.csv"), "--json");
        var second = await CliRunner.RunAsync(folder, "payments", "import", PathIn("payments.csv"), "--json");

        Assert.That(first.ExitCode, Is.EqualTo(2), first.ToString());
        using var firstJson = JsonDocument.Parse(first.Stdout);
        using var secondJson = JsonDocument.Parse(second.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(firstJson.RootElement.GetProperty("inserted").GetInt32(), Is.EqualTo(2));
            Assert.That(firstJson.RootElement.GetProperty("rejected").GetInt32(), Is.EqualTo(3));
            Assert.That(secondJson.RootElement.GetProperty("inserted").GetInt32(), Is.EqualTo(0));
            Assert.That(secondJson.RootElement.GetProperty("updated").GetInt32(), Is.EqualTo(2), "already recorded");
            Assert.That(secondJson.RootElement.GetProperty("rejected").GetInt32(), Is.EqualTo(3));
        });
        var rejects = await File.ReadAllLinesAsync(PathIn("payments.csv.rejects.csv"));
        Assert.That(rejects.Skip(1).Select(r => string.Join(',', r.Split(',').Take(2))), Is.EquivalentTo(new[] { "4,account_id", "5,reference", "6,amount" }));
        var database = UtilityDatabase.Open(PathIn("utility-insights.db"));
        var entries = await database.Ledger.EntriesAsync(new AccountId("A-1"), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(entries[0].PostedAt, Is.EqualTo(new DateTimeOffset(2025, 2, 10, 19, 30, 0, TimeSpan.Zero)));
            Assert.That(entries[0].Description, Does.Contain("card").And.Contain("thank you"));
            Assert.That((await database.Ledger.BalanceAsync(new AccountId("A-1"), Money.Currency.Usd, CancellationToken.None)).Amount, Is.EqualTo(-126.36m));
            Assert.That(await database.Ledger.EntriesAsync(new AccountId("A-2"), CancellationToken.None), Is.Empty);
        });
    }

    [Test]
    public async Task Samples_generate_writes_the_canonical_files()
    {
        var result = await CliRunner.RunAsync(folder, "samples", "generate", "--premises", "10", "--months", "1", "--out", PathIn("s"), "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        foreach (var file in new[] { "accounts.csv", "premises.csv", "interval-reads.csv", "register-reads.csv", "weather.csv", "anomalies.csv", "tariffs/RES-TOU.json" })
            Assert.That(File.Exists(PathIn("s/" + file)), Is.True, file);
    }

    [Test]
    public async Task Ctrl_C_stops_generation_cleanly_and_leaves_no_half_written_file()
    {
        // Interrupted once the generator has begun writing its own files (NAME.partial) in a folder no other test writes to:
        // a signal timed by the clock, or by files left by another test, could land before the program listens for it.
        // A process started in the background by a shell without job control ignores SIGINT, and its children inherit that:
        // there Ctrl+C cannot reach the program at all, which this test would misread as the program ignoring it.
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } mask
            && (Convert.ToUInt64(mask[7..].Trim(), 16) & 0b10) != 0;
        if (ignored)
            Assert.Ignore("SIGINT is ignored by this test run (started in the background without job control): Ctrl+C cannot be delivered here.");
        var output = PathIn("ctrl-c");
        var result = await CliRunner.InterruptWhenAsync(folder, () => Directory.Exists(output) && Directory.EnumerateFiles(output, "*.partial").Any(),
            TimeSpan.FromMilliseconds(300), "samples", "generate", "--premises", "250000", "--months", "1", "--out", output);

        Assert.That(result.ExitCode, Is.EqualTo(130), result.ToString());
        Assert.That(result.Stderr, Does.Contain("cancelled"));
        Assert.That(Directory.EnumerateFiles(output, "*.csv*"), Is.Empty);
    }
}
