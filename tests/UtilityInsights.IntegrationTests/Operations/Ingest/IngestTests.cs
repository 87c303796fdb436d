using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Serilog;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Samples;
using UtilityInsights.IntegrationTests.Cli;
using UtilityInsights.Operations.Ingest;
using UtilityInsights.Storage;
using UtilityInsights.TestFeeds;

namespace UtilityInsights.IntegrationTests.Operations.Ingest;

public class IngestTests
{
    private const string Header = "meter_id,interval_start,interval_minutes,quantity,unit,quality";
    private static readonly string Reference = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../../shared/reference"));
    private string folder = null!;

    [SetUp]
    public void SetUp() => folder = Directory.CreateTempSubdirectory("ui-ingest-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private string PathIn(string name) => Path.Combine(folder, name);

    private async Task<UtilityDatabase> DatabaseAsync()
    {
        var database = UtilityDatabase.Open(PathIn("test.db"));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
        return database;
    }

    private static Task<IngestSummary> IngestAsync(UtilityDatabase database, IngestOptions options, CancellationToken cancellationToken = default, IProgress<double>? progress = null, params string[] files) =>
        new ReadIngestion(database, TimeProvider.System, new LoggerConfiguration().CreateLogger(), options).IngestAsync(files, progress, cancellationToken);

    private static IEnumerable<string> Hourly(string meter, DateTimeOffset start, int hours, Func<int, decimal> value) =>
        Enumerable.Range(0, hours).Select(h => string.Create(CultureInfo.InvariantCulture, $"{meter},{start.AddHours(h):yyyy-MM-dd'T'HH:mm:sszzz},60,{value(h)},kWh,A"));

    private static readonly object[] ReferenceLoads =
    [
        new object[] { "crb-chicago-9000kwh-hourly.csv", 8760, 9000.0m },
        new object[] { "crb-phoenix-14000kwh-hourly.csv", 8760, 14000.0m },
        new object[] { "crb-seattle-1800kwh-hourly.csv", 8760, 1800.0m },
        new object[] { "greenbutton-desert-hourly.csv", 8760, 12397.107m },
        new object[] { "greenbutton-inland-hourly.csv", 8760, 8343.306m },
        new object[] { "ssc-residential-15min.csv", 35040, 6019.899m },
        new object[] { "ssc-residential-hourly.csv", 8760, 6019.9m },
        new object[] { "ssc-swh-residential-hourly.csv", 8760, 9352.186m },
    ];

    [TestCaseSource(nameof(ReferenceLoads))]
    public async Task Each_reference_load_profile_from_shared_reference_imports_whole_and_a_second_import_changes_nothing(string file, int reads, decimal total)
    {
        var source = Path.Combine(Reference, "loads", file);
        if (!File.Exists(source))
            Assert.Ignore($"../shared/reference is not beside the project ({source}).");
        File.Copy(source, PathIn(file));
        var database = await DatabaseAsync();

        var first = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn(file));
        var second = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn(file));

        Assert.Multiple(async () =>
        {
            Assert.That(first.Accepted, Is.EqualTo(reads));
            Assert.That(first.Rejected, Is.Zero);
            Assert.That(Math.Round(first.Meters.Single().Total.Quantity, 3), Is.EqualTo(total));
            Assert.That(await database.Reads.CountIntervalReadsAsync(CancellationToken.None), Is.EqualTo(reads));
            Assert.That(second.Accepted, Is.Zero);
            Assert.That(second.Duplicates, Is.EqualTo(reads));
            Assert.That(first.Meters.Single().FirstStart, Is.EqualTo(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5))));
            Assert.That(first.Meters.Single().LastEnd, Is.EqualTo(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5))));
        });
    }

    [Test]
    public async Task Reads_of_unknown_meters_are_rejected_to_the_rejects_file_unless_meters_may_be_created()
    {
        await File.WriteAllLinesAsync(PathIn("reads.csv"), [Header, .. Hourly("M-NEW", new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)), 3, _ => 1m)]);

        var result = await CliRunner.RunAsync(folder, "ingest", PathIn("reads.csv"), "--json");
        var rejects = await File.ReadAllLinesAsync(PathIn("reads.csv.rejects.csv"));
        var created = await CliRunner.RunAsync(folder, "ingest", PathIn("reads.csv"), "--create-meters", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(rejects, Has.Length.EqualTo(4));
        Assert.That(rejects[1], Does.StartWith("2,meter_id,M-NEW,").And.Contain("unknown_meter"));
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        using var json = JsonDocument.Parse(created.Stdout);
        Assert.That(json.RootElement.GetProperty("accepted").GetInt64(), Is.EqualTo(3));
        Assert.That(File.Exists(PathIn("reads.csv.rejects.csv")), Is.False, "a clean import removes the stale rejects file");
    }

    [Test]
    public async Task Overlapping_files_merge_by_interval_start_and_a_changed_value_is_audited()
    {
        var start = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        await File.WriteAllLinesAsync(PathIn("a.csv"), [Header, .. Hourly("M-1", start, 48, h => 1m)]);
        await File.WriteAllLinesAsync(PathIn("b.csv"), [Header, .. Hourly("M-1", start.AddHours(24), 48, h => h == 5 ? 7m : 1m)]);
        var database = await DatabaseAsync();

        await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("a.csv"));
        var second = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("b.csv"));

        Assert.Multiple(async () =>
        {
            Assert.That(second.Accepted, Is.EqualTo(25), "24 new hours and one replaced value");
            Assert.That(second.Duplicates, Is.EqualTo(23));
            Assert.That(second.Conflicts, Is.EqualTo(1));
            Assert.That(await database.Reads.CountIntervalReadsAsync(CancellationToken.None), Is.EqualTo(72));
            var revision = (await database.Reads.RevisionsAsync(new MeterId("M-1"), CancellationToken.None)).Single();
            Assert.That((revision.OldValue, revision.NewValue, revision.Source), Is.EqualTo((1m, 7m, "b.csv")));
        });
    }

    [Test]
    public async Task A_gap_is_estimated_and_the_estimates_are_replaced_when_the_actual_reads_arrive()
    {
        var start = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        var all = Hourly("M-1", start, 24, h => h + 1m).ToList();
        await File.WriteAllLinesAsync(PathIn("gappy.csv"), [Header, .. all.Where((_, h) => h is not (10 or 11))]);
        await File.WriteAllLinesAsync(PathIn("late.csv"), [Header, all[10], all[11]]);
        var database = await DatabaseAsync();

        var first = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("gappy.csv"));
        var meter = (await database.Meters.GetAsync(new MeterId("M-1"), CancellationToken.None))!;
        var day = (await database.Reads.GetDaysAsync(meter, new DateOnly(2018, 1, 1), new DateOnly(2018, 1, 2), CancellationToken.None)).Single();
        var late = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("late.csv"));
        var after = (await database.Reads.GetDaysAsync(meter, new DateOnly(2018, 1, 1), new DateOnly(2018, 1, 2), CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(first.Estimated, Is.EqualTo(2));
            Assert.That(day.Qualities[10], Is.EqualTo(ReadQuality.Estimated));
            Assert.That(day.Values[10], Is.EqualTo(11m), "linear between 10 and 13");
            Assert.That(late.Accepted, Is.EqualTo(2));
            Assert.That(after.Qualities[10], Is.EqualTo(ReadQuality.Actual));
            Assert.That(after.Total.Value, Is.EqualTo(Enumerable.Range(1, 24).Sum()));
            Assert.That((await database.Reads.FlagsAsync(new MeterId("M-1"), CancellationToken.None)).Single().Rule, Is.EqualTo("gap"));
        });
    }

    [Test]
    public async Task Reads_in_the_future_and_in_another_unit_are_rejected_with_their_rule()
    {
        var start = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        await File.WriteAllLinesAsync(PathIn("reads.csv"),
        [
            Header, .. Hourly("M-1", start, 2, _ => 1m),
            "M-1,2018-01-01T02:00:00-05:00,60,1,therm,A",
            string.Create(CultureInfo.InvariantCulture, $"M-1,{DateTimeOffset.UtcNow.AddDays(2):yyyy-MM-dd'T'HH:00:00zzz},60,1,kWh,A"),
        ]);
        var database = await DatabaseAsync();

        var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("reads.csv"));

        Assert.That(summary.Accepted, Is.EqualTo(2));
        Assert.That(summary.Rejections, Has.Count.EqualTo(2));
        Assert.That(summary.Rejections[0], Does.Contain("line 4, field unit").And.Contain("unit_mismatch"));
        Assert.That(summary.Rejections[1], Does.Contain("line 5, field interval_start").And.Contain("future"));
    }

    [Test]
    public async Task Small_batches_store_the_same_days_as_one_batch_each_merged_with_the_days_still_being_written_before_it()
    {
        // Batches of 50 rows cut nearly every meter-day in two, and each batch's estimates and checks look back at days the
        // batches before it may still be writing: what is stored must not depend on where the batches end.
        SampleUtilityGenerator.Generate(new SampleOptions(12, 1, 5, SampleOptions.DefaultStart, PathIn("s")));
        var file = PathIn("s/interval-reads.csv");

        async Task<(List<string> Days, List<string> Months, long Accepted)> Import(string name, int batchRows)
        {
            var database = UtilityDatabase.Open(PathIn(name));
            await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
            var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true, BatchRows: batchRows), files: file);
            await using var connection = new SqliteConnection($"Data Source={PathIn(name)}");
            await connection.OpenAsync();
            async Task<List<string>> Rows(string sql)
            {
                var rows = new List<string>();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
                return rows;
            }
            return (await Rows("SELECT meter_id, local_date, hex(slot_values), hex(slot_qualities), total, delivered, estimated_count FROM interval_read_days ORDER BY 1, 2"),
                await Rows("SELECT meter_id, month_start, days, read_days, present_count, estimated_count, delivered, total FROM interval_read_months ORDER BY 1, 2"),
                summary.Accepted);
        }

        var whole = await Import("whole.db", 1_000_000);
        var batched = await Import("batched.db", 50);

        Assert.That(whole.Days, Has.Count.GreaterThan(200));
        Assert.Multiple(() =>
        {
            Assert.That(batched.Days, Is.EqualTo(whole.Days));
            Assert.That(batched.Months, Is.EqualTo(whole.Months));
            Assert.That(batched.Accepted, Is.EqualTo(whole.Accepted));
        });
    }

    [Test]
    public async Task A_file_that_breaks_part_way_keeps_the_batches_read_before_the_break_and_says_where()
    {
        SampleUtilityGenerator.Generate(new SampleOptions(20, 1, 6, SampleOptions.DefaultStart, PathIn("s")));
        var whole = PathIn("s/interval-reads.csv");
        var gzip = PathIn("reads.csv.gz");
        await using (var input = File.OpenRead(whole))
        await using (var output = new System.IO.Compression.GZipStream(File.Create(gzip), System.IO.Compression.CompressionLevel.Fastest))
            await input.CopyToAsync(output);
        var bytes = await File.ReadAllBytesAsync(gzip);
        var cut = PathIn("cut.csv.gz");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length * 2 / 3)]);
        var database = await DatabaseAsync();
        var options = new IngestOptions(CreateMeters: true, BatchRows: 1_000);

        var error = Assert.ThrowsAsync<UserErrorException>(async () => await IngestAsync(database, options, files: cut));
        var kept = await database.Reads.CountIntervalReadsAsync(CancellationToken.None);
        var rows = File.ReadLines(whole).Count() - 1;

        var completed = await IngestAsync(database, options, files: whole);
        var reference = UtilityDatabase.Open(PathIn("reference.db"));
        await reference.MigrateAsync(TimeProvider.System, CancellationToken.None);
        await IngestAsync(reference, options, files: whole);

        Assert.Multiple(async () =>
        {
            Assert.That(error!.Message, Does.Contain("cut.csv.gz").And.Contain("line").And.EndWith(
                "reads of the whole batches before it are stored; ingesting the complete file adds the rest."));
            // The file's reads kept, said in the message: what is stored less the gap slots estimated between them.
            var said = long.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, @"The ([\d,]+) reads").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.That(said, Is.GreaterThan(rows / 2).And.LessThanOrEqualTo(kept));
            // The whole batches parsed before the break are written by the time the error is reported (the cut one is not).
            Assert.That(kept, Is.GreaterThan(rows / 2).And.LessThan(rows));
            Assert.That(completed.Rejected, Is.Zero);
            Assert.That(await database.Reads.CountIntervalReadsAsync(CancellationToken.None), Is.EqualTo(await reference.Reads.CountIntervalReadsAsync(CancellationToken.None)));
        });
    }

    [Test]
    public async Task An_import_stopped_part_way_resumes_and_ends_with_the_same_reads_as_an_uninterrupted_one()
    {
        SampleUtilityGenerator.Generate(new SampleOptions(40, 1, 9, SampleOptions.DefaultStart, PathIn("s")));
        var file = PathIn("s/interval-reads.csv");
        var database = await DatabaseAsync();
        using var stop = new CancellationTokenSource();
        var options = new IngestOptions(CreateMeters: true, BatchRows: 2_000);

        // Stopped as the eighth of the file's twelve batches is handed on (progress is reported as each is): at most five
        // batches are between the parser and the database, so the first ones are stored, and the last four are never read.
        var reports = 0;
        Assert.That(async () => await IngestAsync(database, options, stop.Token, new SynchronousProgress(_ => { if (++reports == 8) stop.Cancel(); }), file),
            Throws.InstanceOf<OperationCanceledException>());
        var partial = await database.Reads.CountIntervalReadsAsync(CancellationToken.None);
        var resumed = await IngestAsync(database, options, files: file);

        var reference = UtilityDatabase.Open(PathIn("reference.db"));
        await reference.MigrateAsync(TimeProvider.System, CancellationToken.None);
        var uninterrupted = await IngestAsync(reference, options, files: file);
        Assert.Multiple(async () =>
        {
            Assert.That(partial, Is.GreaterThan(0).And.LessThan(uninterrupted.Accepted));
            Assert.That(resumed.SkippedBatches, Is.GreaterThan(0));
            // Every read is counted once: the skipped batches' reads as duplicates, the rest as stored or as duplicates of what was.
            Assert.That(resumed.Accepted + resumed.Duplicates, Is.EqualTo(uninterrupted.Accepted + uninterrupted.Duplicates));
            Assert.That(await database.Reads.CountIntervalReadsAsync(CancellationToken.None), Is.EqualTo(await reference.Reads.CountIntervalReadsAsync(CancellationToken.None)));
            Assert.That(resumed.Meters.Sum(m => m.Total.Quantity), Is.EqualTo(uninterrupted.Meters.Sum(m => m.Total.Quantity)));
        });
    }

    [Test]
    public async Task An_import_that_fails_early_has_let_go_of_its_file_when_it_returns()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("open files are listed from /proc/self/fd");
        // The second file breaks at its first element, long before its 200 MB are hashed (on a thread of its own, from its start).
        var good = PathIn("good.csv");
        await File.WriteAllLinesAsync(good, ["meter_id,interval_start,interval_minutes,quantity,unit,quality", .. Hourly("M-1", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 24, h => h)]);
        var broken = PathIn("broken.xml");
        await using (var writer = File.CreateText(broken))
        {
            await writer.WriteAsync("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry></feed>\n<!--");
            var padding = new string('x', 1 << 20);
            for (var i = 0; i < 200; i++)
                await writer.WriteAsync(padding);
            await writer.WriteAsync("-->\n");
        }
        var database = await DatabaseAsync();

        Assert.That(async () => await IngestAsync(database, new IngestOptions(CreateMeters: true), files: [good, broken]),
            Throws.InstanceOf<UserErrorException>().With.Message.Contains("broken.xml"));

        var open = new DirectoryInfo("/proc/self/fd").GetFiles().Select(fd => fd.LinkTarget).Where(target => target is not null).ToList();
        Assert.That(open, Has.None.EqualTo(broken));
    }

    [Test]
    public async Task Files_begun_before_the_database_opens_are_let_go_of_when_the_import_never_comes()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("open files are listed from /proc/self/fd");
        // A command begins reading (hash and Green Button XML, each on a thread of its own) before it opens its database; when the
        // opening fails, disposing what was begun must stop both (the reader has room for 65,536 of this feed's 1,000,000
        // readings, the hash 150 MB to read) and close the file.
        var feed = PathIn("feed.xml");
        await using (var writer = File.CreateText(feed))
            GreenButtonFeeds.Write(writer, 1_000_000);

        var reading = ReadFiles.Begin([feed], CancellationToken.None);
        await reading.DisposeAsync();

        var open = new DirectoryInfo("/proc/self/fd").GetFiles().Select(fd => fd.LinkTarget).Where(target => target is not null).ToList();
        Assert.That(open, Has.None.EqualTo(feed));
    }

    [Test]
    public async Task The_planted_anomalies_of_the_sample_utility_are_found()
    {
        SampleUtilityGenerator.Generate(new SampleOptions(30, 2, 4, SampleOptions.DefaultStart, PathIn("s")));
        var database = await DatabaseAsync();
        await CliRunner.RunAsync(folder, "accounts", "import", PathIn("s/accounts.csv"), "--db", PathIn("test.db"));
        await CliRunner.RunAsync(folder, "premises", "import", PathIn("s/premises.csv"), "--db", PathIn("test.db"));

        var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: [PathIn("s/interval-reads.csv"), PathIn("s/register-reads.csv")]);

        var planted = (await File.ReadAllLinesAsync(PathIn("s/anomalies.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(summary.Duplicates, Is.EqualTo(planted.Count(p => p[1] == "duplicate")));
            Assert.That(summary.Flags.GetValueOrDefault("gap"), Is.EqualTo(planted.Count(p => p[1] is "gap" or "long_gap")));
            Assert.That(summary.Flags.GetValueOrDefault("negative"), Is.EqualTo(planted.Count(p => p[1] == "negative")));
            Assert.That(summary.Flags.GetValueOrDefault("rollover"), Is.EqualTo(planted.Count(p => p[1] == "rollover")));
            Assert.That(summary.Flags.GetValueOrDefault("spike"), Is.GreaterThanOrEqualTo(planted.Count(p => p[1] == "spike")));
            Assert.That(summary.Rejected, Is.Zero);
        });
    }

    [Test]
    public async Task Reads_written_gzip_compressed_in_one_member_or_several_ingest_as_the_same_files_uncompressed()
    {
        SampleUtilityGenerator.Generate(new SampleOptions(30, 2, 4, SampleOptions.DefaultStart, PathIn("plain")));
        var generated = await CliRunner.RunAsync(folder, "samples", "generate", "--premises", "30", "--months", "2", "--seed", "4", "--gzip", "--out", PathIn("gzip"));
        Assert.That(generated.ExitCode, Is.Zero, generated.ToString());
        Assert.That(File.Exists(PathIn("gzip/interval-reads.csv")), Is.False, "--gzip writes the compressed files only");

        async Task<IngestSummary> IngestInto(string name, string folderName, string extension)
        {
            var database = UtilityDatabase.Open(PathIn(name));
            await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
            await CliRunner.RunAsync(folder, "accounts", "import", PathIn("plain/accounts.csv"), "--db", PathIn(name));
            await CliRunner.RunAsync(folder, "premises", "import", PathIn("plain/premises.csv"), "--db", PathIn(name));
            return await IngestAsync(database, new IngestOptions(CreateMeters: true),
                files: [PathIn($"{folderName}/interval-reads{extension}"), PathIn($"{folderName}/register-reads{extension}")]);
        }
        // The same files as several gzip members each (a file compressed in parts and concatenated, as `cat a.gz b.gz` makes).
        Directory.CreateDirectory(PathIn("members"));
        foreach (var (name, parts) in new[] { ("interval-reads", 3), ("register-reads", 2) })
        {
            var lines = await File.ReadAllLinesAsync(PathIn($"plain/{name}.csv"));
            await using var output = File.Create(PathIn($"members/{name}.csv.gz"));
            foreach (var part in lines.Chunk(lines.Length / parts + 1))
            {
                await using var member = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
                await member.WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', part) + "\n"));
            }
        }
        var plain = await IngestInto("plain.db", "plain", ".csv");
        var compressed = await IngestInto("gzip.db", "gzip", ".csv.gz");
        var members = await IngestInto("members.db", "members", ".csv.gz");

        Assert.That(compressed.Accepted, Is.GreaterThan(30_000));
        Assert.Multiple(() =>
        {
            foreach (var (summary, how) in new[] { (compressed, "one member"), (members, "several members") })
            {
                Assert.That((summary.Accepted, summary.Duplicates, summary.Estimated, summary.Rejected),
                    Is.EqualTo((plain.Accepted, plain.Duplicates, plain.Estimated, plain.Rejected)), how);
                Assert.That(summary.Flags, Is.EquivalentTo(plain.Flags), how);
                Assert.That(summary.Meters.Select(m => (m.MeterId, m.Reads, m.Total)), Is.EqualTo(plain.Meters.Select(m => (m.MeterId, m.Reads, m.Total))), how);
            }
        });
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    [TestCase("electricity/Desert_Single_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_7.xml.gz", 8760, 12397.107)]
    [TestCase("electricity/Inland_Single_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_9.xml.gz", 8760, 8343.306)]
    [TestCase("electricity/TestGBDataHourlyNineDaysBinnedDaily.xml", 216, 199.563)]
    [TestCase("abridged/electric_containerized.xml", 8, 4.086)]
    public async Task A_Green_Button_feed_from_shared_reference_imports_with_the_same_totals_as_its_CSV_twin(string file, int reads, decimal total)
    {
        var source = Path.Combine(Reference, "greenbutton", "samples", file);
        if (!File.Exists(source))
            Assert.Ignore($"../shared/reference is not beside the project ({source}).");
        File.Copy(source, PathIn(Path.GetFileName(file)));
        var database = await DatabaseAsync();

        var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn(Path.GetFileName(file)));
        var again = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn(Path.GetFileName(file)));

        Assert.Multiple(() =>
        {
            Assert.That(summary.Rejected, Is.Zero, string.Join("; ", summary.Rejections));
            Assert.That(summary.Accepted, Is.EqualTo(reads));
            Assert.That(summary.Meters.Single().Total.Quantity, Is.EqualTo(total), "Wh scaled to kWh exactly");
            Assert.That(again.Accepted, Is.Zero);
        });
    }

    [Test]
    public async Task Monthly_gas_billing_reads_in_Green_Button_are_kept_as_period_reads_in_therms()
    {
        var source = Path.Combine(Reference, "greenbutton", "samples", "abridged", "gas_direct.xml");
        if (!File.Exists(source))
            Assert.Ignore($"../shared/reference is not beside the project ({source}).");
        File.Copy(source, PathIn("gas_direct.xml"));

        var database = await DatabaseAsync();

        var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("gas_direct.xml"));
        var again = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("gas_direct.xml"));

        var meter = summary.Meters.Single();
        var stored = await database.Reads.GetPeriodReadsAsync(new MeterId(meter.MeterId), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(summary.Rejected, Is.Zero, string.Join("; ", summary.Rejections));
            Assert.That(summary.Accepted, Is.EqualTo(5));
            Assert.That(meter.Total, Is.EqualTo(new QuantityTotal(140m, "therm")));
            Assert.That(stored, Has.Count.EqualTo(5));
            Assert.That(stored.All(r => (r.End - r.Start).TotalDays is > 26 and < 36), Is.True, "monthly billing periods");
            Assert.That(again.Duplicates, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task A_gas_meters_billing_period_readings_export_as_Green_Button_valid_against_the_schemas_and_import_back_the_same()
    {
        var schemas = Path.Combine(Reference, "greenbutton", "schemas");
        var source = Path.Combine(Reference, "greenbutton", "samples", "natural_gas", "ngma_natural_gas_billing_billing_data_Service_1_1_2021-05-26_to_2024-04-25.xml");
        if (!File.Exists(source))
            Assert.Ignore($"../shared/reference is not beside the project ({source}).");
        File.Copy(source, PathIn("ngma.xml"));
        var database = await DatabaseAsync();
        var summary = await IngestAsync(database, new IngestOptions(CreateMeters: true), files: PathIn("ngma.xml"));
        var meter = (await database.Meters.GetAsync(new MeterId(summary.Meters.Single().MeterId), CancellationToken.None))!;

        var export = await CliRunner.RunAsync(folder, "export", "greenbutton", "--meter", meter.Id.Value, "--from", "2021-01-01", "--to", "2025-01-01",
            "--out", PathIn("export.xml"), "--db", PathIn("test.db"));
        // A year's download holds the readings that start in it: each reading in one year's file only.
        var year = await CliRunner.RunAsync(folder, "export", "greenbutton", "--meter", meter.Id.Value, "--from", "2022-01-01", "--to", "2023-01-01",
            "--out", PathIn("2022.xml"), "--db", PathIn("test.db"));
        var copy = UtilityDatabase.Open(PathIn("copy.db"));
        await copy.MigrateAsync(TimeProvider.System, CancellationToken.None);
        await copy.Meters.UpsertAsync([meter], TimeProvider.System, CancellationToken.None);
        var imported = await IngestAsync(copy, new IngestOptions(), files: PathIn("export.xml"));
        var original = await database.Reads.GetPeriodReadsAsync(meter.Id, CancellationToken.None);
        var roundTrip = await copy.Reads.GetPeriodReadsAsync(meter.Id, CancellationToken.None);
        var in2022 = await IngestAsync(UtilityDatabase.Open(PathIn("test.db")), new IngestOptions(), files: PathIn("2022.xml"));

        Assert.Multiple(() =>
        {
            Assert.That(summary.Accepted, Is.EqualTo(35));
            Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
            Assert.That(EspiSchemas.Validate(schemas, PathIn("export.xml")), Is.Empty);
            Assert.That(imported.Rejected, Is.Zero, string.Join("; ", imported.Rejections));
            Assert.That(roundTrip, Has.Count.EqualTo(35));
            Assert.That(roundTrip, Is.EqualTo(original), "the same readings: periods, therms and quality");
            Assert.That(year.ExitCode, Is.EqualTo(0), year.ToString());
            Assert.That((in2022.Accepted, in2022.Duplicates), Is.EqualTo((0, original.Count(r => r.Start.Year == 2022))));
        });
    }

    [Test]
    public async Task A_file_that_is_not_XML_is_a_one_line_error()
    {
        await File.WriteAllTextAsync(PathIn("broken.xml"), "<feed><entry>");

        var result = await CliRunner.RunAsync(folder, "ingest", PathIn("broken.xml"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("broken.xml"));
    }

    [Test]
    public async Task A_Green_Button_export_is_valid_against_the_ESPI_schemas_and_imports_back_to_the_same_reads()
    {
        var schemas = Path.Combine(Reference, "greenbutton", "schemas");
        if (!Directory.Exists(schemas))
            Assert.Ignore($"../shared/reference is not beside the project ({schemas}).");
        var zone = "America/Chicago";
        var start = new DateTimeOffset(2018, 3, 10, 0, 0, 0, TimeSpan.FromHours(-6));
        // Three local days around the spring-forward day (24, 23 and 24 hours), one read estimated.
        var lines = Enumerable.Range(0, 71).Select(h => start.AddHours(h)).Where(t => t.Hour != 7 || t.Day != 11)
            .Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"M-1,{t:yyyy-MM-dd'T'HH:mm:sszzz},60,{0.25m + i * 0.001m},kWh,A"));
        await File.WriteAllLinesAsync(PathIn("reads.csv"), [Header, .. lines]);
        var database = await DatabaseAsync();
        await database.Meters.UpsertAsync([new Meter(new MeterId("M-1"), Units.Commodity.Electricity, MeterKind.Interval, Units.Unit.KWh, 1m, 6, 60, zone)], TimeProvider.System, CancellationToken.None);
        await IngestAsync(database, new IngestOptions(), files: PathIn("reads.csv"));

        var export = await CliRunner.RunAsync(folder, "export", "greenbutton", "--meter", "M-1", "--from", "2018-03-10", "--to", "2018-03-13", "--out", PathIn("export.xml"), "--db", PathIn("test.db"));

        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        Assert.That(EspiSchemas.Validate(schemas, PathIn("export.xml")), Is.Empty);
        var tampered = (await File.ReadAllTextAsync(PathIn("export.xml"))).Replace("<espi:uom>72</espi:uom>", "<espi:uom>seventy-two</espi:uom>", StringComparison.Ordinal);
        await File.WriteAllTextAsync(PathIn("tampered.xml"), tampered);
        Assert.That(EspiSchemas.Validate(schemas, PathIn("tampered.xml")), Is.Not.Empty, "the validator does check ESPI content");
        var copy = UtilityDatabase.Open(PathIn("copy.db"));
        await copy.MigrateAsync(TimeProvider.System, CancellationToken.None);
        var meter = (await database.Meters.GetAsync(new MeterId("M-1"), CancellationToken.None))!;
        await copy.Meters.UpsertAsync([meter], TimeProvider.System, CancellationToken.None);
        var imported = await IngestAsync(copy, new IngestOptions(), files: PathIn("export.xml"));
        var original = await database.Reads.GetDaysAsync(meter, new DateOnly(2018, 3, 10), new DateOnly(2018, 3, 13), CancellationToken.None);
        var roundTrip = await copy.Reads.GetDaysAsync(meter, new DateOnly(2018, 3, 10), new DateOnly(2018, 3, 13), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(imported.Rejected, Is.Zero, string.Join("; ", imported.Rejections));
            Assert.That(imported.Accepted, Is.EqualTo(71));
            Assert.That(roundTrip.Select(d => d.SlotCount), Is.EqualTo(new[] { 24, 23, 24 }));
            Assert.That(roundTrip.SelectMany(d => d.Reads()), Is.EqualTo(original.SelectMany(d => d.Reads())));
            Assert.That(roundTrip.SelectMany(d => d.Reads()).Count(r => r.Quality == ReadQuality.Estimated), Is.EqualTo(1));
        });
    }

    [Test]
    public void Every_Green_Button_sample_in_shared_reference_is_valid_against_the_schemas_the_export_is_checked_with()
    {
        var schemas = Path.Combine(Reference, "greenbutton", "schemas");
        var sample = Path.Combine(Reference, "greenbutton", "samples", "abridged", "electric_containerized.xml");
        if (!File.Exists(sample))
            Assert.Ignore($"../shared/reference is not beside the project ({sample}).");

        Assert.That(EspiSchemas.Validate(schemas, sample).Where(p => p.StartsWith("Error", StringComparison.Ordinal)), Is.Empty);
    }

    private static IEnumerable<string> GreenButtonFiles()
    {
        var root = Path.Combine(Reference, "greenbutton");
        if (!Directory.Exists(root))
            return ["(shared/reference missing)"];
        return Directory.EnumerateFiles(root, "*.xml*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("schemas", StringComparison.Ordinal) && !f.EndsWith("ServiceCategory.xml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal);
    }

    [TestCaseSource(nameof(GreenButtonFiles))]
    public async Task Every_Green_Button_file_in_shared_reference_imports_or_refuses_readings_with_a_named_reason(string file)
    {
        var source = Path.Combine(Reference, "greenbutton", file);
        if (!File.Exists(source))
            Assert.Ignore($"../shared/reference is not beside the project ({source}).");
        File.Copy(source, PathIn(Path.GetFileName(file)));

        var summary = await IngestAsync(await DatabaseAsync(), new IngestOptions(CreateMeters: true), files: PathIn(Path.GetFileName(file)));

        Assert.That(summary.Accepted + summary.Duplicates + summary.Rejected, Is.GreaterThan(0));
        Assert.That(summary.Rejections, Has.All.Match("line [0-9]+, field [A-Za-z]+: .+"));
        if (summary.Rejected > 0)
            Assert.That(summary.Rejections[0], Does.Contain("unit of measure").Or.Contain("flow direction"), "the only refusals are readings without a unit and received energy");
    }
}
