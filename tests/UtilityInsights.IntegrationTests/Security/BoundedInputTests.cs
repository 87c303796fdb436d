using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using UtilityInsights.IntegrationTests.Cli;

namespace UtilityInsights.IntegrationTests.Security;

/// <summary>
/// Issue 13, finding 4 (and 5's duplicated header): out-of-range values a user typed or sent are a
/// rejected row with its reason (exit 2) or a one-line reason (exit 1) — never an internal error
/// (exit 70) — and a small file that expands enormously is refused, not held in memory.
/// </summary>
public class BoundedInputTests
{
    private string folder = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        folder = Directory.CreateTempSubdirectory("ui-bounded-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "accounts.csv"),
            "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle\nA-1,Ann,1 Main St,,ann@example.com,555-0100,en,email,R01\n");
        var import = await CliRunner.RunAsync(folder, "accounts", "import", "accounts.csv");
        Assert.That(import.ExitCode, Is.EqualTo(0), import.ToString());
    }

    [OneTimeTearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static void AssertRefusedPolitely(CliResult result, int exitCode, string reason)
    {
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        Assert.That(result.Stderr + result.Stdout, Does.Not.Contain("internal error").And.Not.Contain("   at "), "no stack trace");
        Assert.That(result.Stderr + result.Stdout, Does.Contain(reason));
    }

    private async Task<CliResult> IngestAsync(string name, string content, params string[] extra)
    {
        var file = Path.Combine(folder, name);
        await File.WriteAllTextAsync(file, content);
        return await CliRunner.RunAsync(folder, ["ingest", file, "--create-meters", .. extra]);
    }

    private string RejectsFile(string name) => File.ReadAllText(Path.Combine(folder, name + ".rejects.csv"));

    [TestCase("M-1,2026-01-01T00:00:00+14:01,60,1.0,kWh,A", "offset outside")]
    [TestCase("M-1,9999-12-31T23:00:00+00:00,60,1.0,kWh,A", "outside the dates")]
    [TestCase("M-1,0001-01-01T00:00:00+00:00,60,1.0,kWh,A", "outside the dates")]
    [TestCase("M-1,2026-01-01T00:00:00+00:00,60,79228162514264337593543950335,kWh,A", "implausibly large")]
    public async Task An_interval_row_out_of_range_is_rejected_with_its_reason(string row, string reason)
    {
        var name = $"interval-{Guid.NewGuid():N}.csv";
        var result = await IngestAsync(name, "meter_id,interval_start,interval_minutes,quantity,unit,quality\nM-2,2026-01-01T00:00:00+00:00,60,1.0,kWh,A\n" + row + "\n");

        AssertRefusedPolitely(result, 2, "");
        Assert.That(RejectsFile(name), Does.Contain(reason));
    }

    [TestCase("M-R,2026-01-01T00:00:00+14:01,100,kWh,actual", "offset outside")]
    [TestCase("M-R,9999-12-31T23:00:00+00:00,100,kWh,actual", "outside the dates")]
    public async Task A_register_row_out_of_range_is_rejected_with_its_reason(string row, string reason)
    {
        var name = $"register-{Guid.NewGuid():N}.csv";
        var result = await IngestAsync(name, "meter_id,read_at,register,unit,read_type\nM-R2,2026-01-01T00:00:00+00:00,100,kWh,actual\n" + row + "\n");

        AssertRefusedPolitely(result, 2, "");
        Assert.That(RejectsFile(name), Does.Contain(reason));
    }

    [TestCase("2026-01-01T00:00:00+14:01", "offset outside")]
    [TestCase("9999-12-31T23:00:00+00:00", "outside the dates")]
    [TestCase("9999-12-31", "outside the dates")]
    public async Task A_payment_dated_out_of_range_is_rejected_with_its_reason(string paidAt, string reason)
    {
        var name = $"payments-{Guid.NewGuid():N}.csv";
        await File.WriteAllTextAsync(Path.Combine(folder, name), $"account_id,paid_at,amount,method,reference\nA-1,{paidAt},10.00,card,R-{Guid.NewGuid():N}\n");

        var result = await CliRunner.RunAsync(folder, "payments", "import", name);

        AssertRefusedPolitely(result, 2, "");
        Assert.That(RejectsFile(name), Does.Contain(reason));
    }

    [TestCase("billrun", "--cycle", "9999-12")]
    [TestCase("billrun", "--cycle", "0001-01")]
    [TestCase("billrun", "status", "--cycle", "9999-12")]
    [TestCase("statements", "render", "--account", "A-1", "--cycle", "0001-01", "--format", "text")]
    [TestCase("export", "greenbutton", "--meter", "M-1", "--from", "9999-12-01", "--to", "9999-12-31")]
    [TestCase("notices", "run", "--as-of", "9999-12-31")]
    public async Task An_argument_out_of_range_is_exit_1_with_a_one_line_reason(params string[] args)
    {
        var result = await CliRunner.RunAsync(folder, args);

        AssertRefusedPolitely(result, 1, "outside");
        Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    }

    private static string Feed(string title = "Meter", string tzOffset = "-18000", string powerOfTen = "0", string start = "1704067200", string value = "1000") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/GBX"/><title>{title}</title>
            <content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/LocalTimeParameters/01"/>
            <content><LocalTimeParameters xmlns="http://naesb.org/espi"><dstOffset>3600</dstOffset><tzOffset>{tzOffset}</tzOffset></LocalTimeParameters></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/GBX/MeterReading/01"/>
            <link rel="related" href="/espi/1_1/resource/ReadingType/07"/>
            <content><MeterReading xmlns="http://naesb.org/espi"/></content></entry>
          <entry><link rel="self" href="/espi/1_1/resource/ReadingType/07"/>
            <content><ReadingType xmlns="http://naesb.org/espi"><flowDirection>1</flowDirection><powerOfTenMultiplier>{powerOfTen}</powerOfTenMultiplier><uom>72</uom></ReadingType></content></entry>
          <entry><link rel="up" href="/espi/1_1/resource/RetailCustomer/1/UsagePoint/GBX/MeterReading/01/IntervalBlock"/>
            <content><IntervalBlock xmlns="http://naesb.org/espi"><interval><duration>7200</duration><start>1704067200</start></interval>
              <IntervalReading><timePeriod><duration>3600</duration><start>1704067200</start></timePeriod><value>1000</value></IntervalReading>
              <IntervalReading><timePeriod><duration>3600</duration><start>{start}</start></timePeriod><value>{value}</value></IntervalReading>
            </IntervalBlock></content></entry>
        </feed>
        """;

    [TestCase("1e27", "1000", "0", "start")]
    [TestCase("-62135596801", "1000", "0", "start")]
    [TestCase("1704070800", "9223372036854775807", "0", "implausibly large")]
    [TestCase("1704070800", "1000000000000000000", "0", "implausibly large")]
    [TestCase("1704070800", "1000000000", "9", "implausibly large")]
    public async Task A_Green_Button_reading_out_of_range_is_rejected_and_a_good_one_kept(string start, string value, string powerOfTen, string reason)
    {
        var name = $"feed-{Guid.NewGuid():N}.xml";
        var result = await IngestAsync(name, Feed(start: start, value: value, powerOfTen: powerOfTen), "--json");

        AssertRefusedPolitely(result, 2, "");
        Assert.That(RejectsFile(name), Does.Contain(reason));
        var summary = System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement;
        var kept = summary.GetProperty("accepted").GetInt32() + summary.GetProperty("duplicates").GetInt32();
        Assert.That(summary.GetProperty("rejected").GetInt32(), Is.EqualTo(powerOfTen == "9" ? 2 : 1), "with powerOfTenMultiplier 9 even 1000 is a terawatt-hour");
        Assert.That(kept, Is.EqualTo(powerOfTen == "9" ? 0 : 1), "the good reading is kept");
    }

    [Test]
    public async Task A_Green_Button_time_zone_offset_out_of_range_is_exit_1_naming_it()
    {
        var result = await IngestAsync($"feed-{Guid.NewGuid():N}.xml", Feed(tzOffset: "3600000"));

        AssertRefusedPolitely(result, 1, "tzOffset");
    }

    [Test]
    public async Task A_small_gzip_whose_title_expands_to_300_MB_is_refused_at_the_text_limit()
    {
        var file = Path.Combine(folder, "bomb.xml.gz");
        var feed = Feed(title: "TITLE");
        var at = feed.IndexOf("TITLE", StringComparison.Ordinal);
        await using (var gzip = new GZipStream(File.Create(file), CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(feed[..at]));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 300; i++)
                gzip.Write(chunk);
            gzip.Write(Encoding.UTF8.GetBytes(feed[(at + 5)..]));
        }
        Assert.That(new FileInfo(file).Length, Is.LessThan(2_000_000), "a small file");

        var result = await CliRunner.RunAsync(folder, "ingest", file, "--create-meters");

        AssertRefusedPolitely(result, 1, "longer than 4,096 characters");
    }

    [Test]
    public async Task A_header_that_names_a_column_twice_is_refused_naming_the_column()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "twice.csv"),
            "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle,name\nA-2,Bo,1 Main St,,,,en,paper,R01,Bo\n");

        var result = await CliRunner.RunAsync(folder, "accounts", "import", "twice.csv");

        AssertRefusedPolitely(result, 1, "names column 'name' twice");
    }

    [Test]
    public async Task Invalid_UTF8_and_control_characters_in_an_accounts_file_reject_the_row_naming_the_field()
    {
        var good = "A-3,Cy,1 Main St,,,,en,paper,R01\n"u8.ToArray();
        var header = "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle\n"u8.ToArray();
        byte[] badUtf8 = [.. "A-4,Dee"u8, 0xC3, 0x28, .. ",1 Main St,,,,en,paper,R01\n"u8];
        var controls = "A-5,Eve\u0007\u001b[2J,1 Main St,,,555\u0000-0101,en,paper,R01\n"u8.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(folder, "bytes.csv"), [.. header, .. good, .. badUtf8, .. controls]);

        var result = await CliRunner.RunAsync(folder, "accounts", "import", "bytes.csv");

        AssertRefusedPolitely(result, 2, "");
        var rejects = RejectsFile("bytes.csv");
        Assert.That(rejects, Does.Contain("3,name,,is not valid UTF-8"));
        Assert.That(rejects, Does.Contain("4,name,").And.Contain("control character"));
        var names = Storage.TestDb.Query(folder, "SELECT name FROM accounts WHERE account_id IN ('A-3', 'A-4', 'A-5')", r => r.GetString(0));
        Assert.That(names, Is.EqualTo(new[] { "Cy" }), "only the clean row is stored");
    }
}
