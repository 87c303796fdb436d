using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.IntegrationTests.Storage;

/// <summary>
/// What every store must do, on every provider. Each provider's fixture supplies a fresh,
/// migrated database; the tests are the same text for SQLite and SQL Server.
/// </summary>
public abstract class StoreContract
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected UtilityDatabase Database { get; set; } = null!;

    protected abstract Task<UtilityDatabase> CreateDatabaseAsync();

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreateAsync()
    {
        Database = await CreateDatabaseAsync();
        await Database.MigrateAsync(Clock, CancellationToken.None);
    }

    [TearDown]
    public Task DropAsync() => DropDatabaseAsync();

    private static Account AnAccount(string id, string name = "Ann Example") =>
        new(new AccountId(id), name, "1 Main St, Town", "", "ann@example.com", "555-0100", Language.Spanish, DeliveryChannel.Both, "R01");

    private async Task SeedAccountAsync(string id = "A-1") => await Database.Accounts.UpsertAsync([AnAccount(id)], Clock, CancellationToken.None);

    [Test]
    public async Task A_template_set_is_kept_once_per_version_and_read_back_whole()
    {
        var content = Enumerable.Range(0, 70_000).Select(i => (byte)(i % 251)).ToArray();

        var first = await Database.TemplateSets.SaveAsync("tpl-0123456789ab", content, CancellationToken.None);
        var again = await Database.TemplateSets.SaveAsync("tpl-0123456789ab", [1, 2, 3], CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.True);
            Assert.That(again, Is.False, "a version's content never changes: the first one stays");
            Assert.That(await Database.TemplateSets.GetAsync("tpl-0123456789ab", CancellationToken.None), Is.EqualTo(content));
            Assert.That(await Database.TemplateSets.GetAsync("tpl-unknown", CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task The_portals_key_ring_keeps_each_key_once_in_the_order_added()
    {
        const string first = "<key id=\"1\" version=\"1\"><creationDate>2026-11-24T09:00:00Z</creationDate></key>";
        const string second = "<key id=\"2\" version=\"1\"><descriptor>ü € &amp; \U0001F600</descriptor></key>";
        await Database.PortalKeys.AddAsync("key-1", first, Clock.GetUtcNow(), CancellationToken.None);
        await Database.PortalKeys.AddAsync("key-2", second, Clock.GetUtcNow().AddDays(90), CancellationToken.None);
        // Data Protection never writes a name twice; if it did, the first stays.
        await Database.PortalKeys.AddAsync("key-1", "<key id=\"1\" version=\"2\" />", Clock.GetUtcNow().AddDays(1), CancellationToken.None);

        Assert.That(await Database.PortalKeys.ListAsync(CancellationToken.None), Is.EqualTo(new[] { first, second }));
    }

    [Test]
    public async Task Processes_adding_what_the_key_ring_misses_together_take_turns_so_one_key_is_made()
    {
        // Two portal processes starting on a new database: each reads the ring and, finding no key, makes one. Under the ring's
        // lock the second reads it only once the first has committed, and finds the key.
        using var firstHasRead = new SemaphoreSlim(0);
        using var firstMayAdd = new SemaphoreSlim(0);
        static IReadOnlyList<(string, string)> KeyIfNone(IReadOnlyList<string> stored, string name) =>
            stored.Count == 0 ? [(name, $"<key id=\"{name}\" version=\"1\" />")] : [];

        var first = Task.Run(() => Database.PortalKeys.AddMissingAsync(stored =>
        {
            firstHasRead.Release();
            firstMayAdd.Wait();
            return KeyIfNone(stored, "key-first");
        }, Clock.GetUtcNow(), CancellationToken.None));
        await firstHasRead.WaitAsync();
        var second = Task.Run(() => Database.PortalKeys.AddMissingAsync(stored => KeyIfNone(stored, "key-second"), Clock.GetUtcNow(), CancellationToken.None));
        // Time for the second to read the ring, were it not waiting for the lock.
        await Task.Delay(500);
        firstMayAdd.Release();

        Assert.That(await Task.WhenAll(first, second), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(await Database.PortalKeys.ListAsync(CancellationToken.None), Is.EqualTo(new[] { "<key id=\"key-first\" version=\"1\" />" }));
    }

    [Test]
    public async Task An_api_key_is_verified_by_its_secret_until_revoked_and_its_calls_are_audited()
    {
        var (key, secret) = await Database.ApiKeys.CreateAsync("cis", ApiScope.Write, Clock, CancellationToken.None);
        var (_, other) = await Database.ApiKeys.CreateAsync("meter-data", ApiScope.Read, Clock, CancellationToken.None);

        Assert.That(secret, Does.StartWith($"uik_{key.KeyId}_"));
        Assert.That((await Database.ApiKeys.VerifyAsync(secret, CancellationToken.None))?.Scope, Is.EqualTo(ApiScope.Write));
        Assert.That((await Database.ApiKeys.VerifyAsync(other, CancellationToken.None))?.Name, Is.EqualTo("meter-data"));
        // The right key id with another key's secret, a changed secret, junk: all unknown.
        var swapped = $"uik_{key.KeyId}_{other.Split('_', 3)[2]}";
        foreach (var wrong in new[] { swapped, secret[..^1] + (secret[^1] == 'A' ? "B" : "A"), "uik_", "uik_zz_zz", "", new string('x', 500) })
            Assert.That(await Database.ApiKeys.VerifyAsync(wrong, CancellationToken.None), Is.Null, wrong);

        await Database.ApiKeys.AuditAsync(new ApiCall(key.KeyId, Clock.GetUtcNow(), "GET", "/api/v1/tariffs", 200), CancellationToken.None);
        await Database.ApiKeys.AuditAsync(new ApiCall(key.KeyId, Clock.GetUtcNow().AddSeconds(1), "POST", "/api/v1/payments", 403), CancellationToken.None);
        var calls = await Database.ApiKeys.CallsAsync(key.KeyId, 10, CancellationToken.None);
        Assert.That(calls.Select(c => (c.Method, c.Path, c.Status)), Is.EqualTo(new[] { ("GET", "/api/v1/tariffs", 200), ("POST", "/api/v1/payments", 403) }));
        Assert.That((await Database.ApiKeys.CallsAsync(key.KeyId, 1, CancellationToken.None)).Single().Status, Is.EqualTo(403), "the newest calls");

        Assert.That(await Database.ApiKeys.RevokeAsync(key.KeyId, Clock, CancellationToken.None), Is.True);
        Assert.That(await Database.ApiKeys.RevokeAsync(key.KeyId, Clock, CancellationToken.None), Is.False);
        Assert.That(await Database.ApiKeys.VerifyAsync(secret, CancellationToken.None), Is.Null);
        var listed = await Database.ApiKeys.ListAsync(CancellationToken.None);
        Assert.That(listed.Select(k => (k.Name, k.RevokedAt is not null)), Is.EquivalentTo(new[] { ("cis", true), ("meter-data", false) }));
    }

    [Test]
    public async Task Migrating_twice_changes_nothing()
    {
        var again = await Database.MigrateAsync(Clock, CancellationToken.None);

        Assert.That(again.Applied, Is.Empty);
        Assert.That(again.FromVersion, Is.EqualTo(again.ToVersion));
        Assert.That(again.ToVersion, Is.EqualTo(Migrator.Migrations(Database.Provider).Max(m => m.Version)));
    }

    [Test]
    public async Task An_account_is_stored_and_updated_in_place()
    {
        var first = await Database.Accounts.UpsertAsync([AnAccount("A-1")], Clock, CancellationToken.None);
        var second = await Database.Accounts.UpsertAsync([AnAccount("A-1", "Ann Renamed"), AnAccount("A-2")], Clock, CancellationToken.None);

        var stored = await Database.Accounts.GetAsync(new AccountId("A-1"), CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(new UpsertCounts(1, 0)));
            Assert.That(second, Is.EqualTo(new UpsertCounts(1, 1)));
            Assert.That(stored, Is.EqualTo(AnAccount("A-1", "Ann Renamed")));
            Assert.That(await Database.Accounts.CountAsync(CancellationToken.None), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_premise_keeps_every_attribute_including_unknowns()
    {
        await SeedAccountAsync();
        var full = new Premise
        {
            Id = new PremiseId("P-1"),
            AccountId = new AccountId("A-1"),
            MeterId = new MeterId("M-1"),
            Region = "cold",
            Latitude = 44.981234m,
            Longitude = -93.271234m,
            FloorAreaSqft = 1850,
            Occupants = 3,
            HeatingFuel = HeatingFuel.NaturalGas,
            HomeType = HomeType.SingleFamilyDetached,
            YearBuilt = 1978,
            HasAc = true,
            HasPool = false,
            HasEv = true,
            HasSolar = false,
            TariffId = "RES-TOU",
            TimeZone = "America/Chicago",
        };
        var sparse = new Premise { Id = new PremiseId("P-2"), AccountId = new AccountId("A-1"), MeterId = new MeterId("M-2"), Region = "cold", TimeZone = "America/Chicago" };

        await Database.Premises.UpsertAsync([full, sparse], Clock, CancellationToken.None);

        Assert.That(await Database.Premises.GetAsync(full.Id, CancellationToken.None), Is.EqualTo(full));
        Assert.That(await Database.Premises.GetAsync(sparse.Id, CancellationToken.None), Is.EqualTo(sparse));
        var listed = new List<Premise>();
        await foreach (var premise in Database.Premises.ListAsync(CancellationToken.None))
            listed.Add(premise);
        Assert.That(listed, Is.EqualTo(new[] { full, sparse }));
    }

    [Test]
    public async Task A_meter_round_trips()
    {
        var meter = new Meter(new MeterId("M-1"), Commodity.Electricity, MeterKind.Register, Unit.KWh, 40m, 5, null, "America/New_York");

        await Database.Meters.UpsertAsync([meter], Clock, CancellationToken.None);

        Assert.That(await Database.Meters.GetAsync(meter.Id, CancellationToken.None), Is.EqualTo(meter));
    }

    [Test]
    public async Task A_packed_fall_back_day_reads_back_slot_for_slot()
    {
        var zone = "America/Chicago";
        var meter = new Meter(new MeterId("M-1"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, zone);
        await Database.Meters.UpsertAsync([meter], Clock, CancellationToken.None);
        var day = new MeterDay(new MeterId("M-1"), LocalDay.Of(new DateOnly(2018, 11, 4), TimeZones.Find(zone)), 60, Unit.KWh);
        for (var i = 0; i < day.SlotCount; i++)
        {
            if (i != 7)
                day.Set(new IntervalRead(day.MeterId, day.Day.Start.AddHours(i), 60, Quantity.KWh(i * 0.123456m - 1m), i == 3 ? ReadQuality.Estimated : ReadQuality.Actual));
        }

        async Task CommitAsync(int batchNo)
        {
            var batch = new IngestBatch("hash-of-file", "reads.csv", batchNo, day.SlotCount);
            batch.Days.Add(day);
            await Database.Reads.CommitBatchAsync(batch, Clock, markDone: true, CancellationToken.None);
        }

        await CommitAsync(0);
        await CommitAsync(1); // writing the same day again replaces it

        var stored = (await Database.Reads.GetDaysAsync(meter, new DateOnly(2018, 11, 1), new DateOnly(2018, 11, 30), CancellationToken.None)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(stored.SlotCount, Is.EqualTo(25));
            Assert.That(stored.Reads().ToList(), Is.EqualTo(day.Reads().ToList()));
            Assert.That(stored.Day, Is.EqualTo(day.Day));
            Assert.That(await Database.Reads.CountIntervalReadsAsync(CancellationToken.None), Is.EqualTo(24));
            // Slots −1.0 … +1.84: the positive ones summed (exports not subtracted), one estimated, one missing.
            var figures = (await Database.Reads.MonthFiguresAsync([day.MeterId.Value], new DateOnly(2018, 11, 1), new DateOnly(2018, 12, 1), CancellationToken.None))[day.MeterId.Value].Single();
            // Net is what was delivered less what was sent to the grid: every slot's value summed.
            var net = Enumerable.Range(0, 25).Where(i => i != 7).Sum(i => i * 0.123456m - 1m);
            Assert.That(figures, Is.EqualTo(new MonthFigures(new DateOnly(2018, 11, 1), day.Delivered, 24, 1, 0) { Net = net }));
            Assert.That(day.Delivered, Is.EqualTo(Enumerable.Range(0, 25).Where(i => i != 7).Select(i => i * 0.123456m - 1m).Where(v => v > 0).Sum()));
        });
    }

    [Test]
    public async Task A_batch_that_fails_on_a_day_stores_none_of_its_days_and_the_next_batch_is_written()
    {
        // The second of three days holds a value storage cannot keep exactly (seven decimals): the batch is refused whole,
        // the day written before it in the same batch included, and a later batch on the same store is written as usual.
        var meter = new Meter(new MeterId("M-F"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "UTC");
        await Database.Meters.UpsertAsync([meter], Clock, CancellationToken.None);
        MeterDay ADay(int dayOfMonth, decimal value)
        {
            var day = new MeterDay(meter.Id, LocalDay.Of(new DateOnly(2024, 5, dayOfMonth), TimeZones.Find("UTC")), 60, Unit.KWh);
            for (var i = 0; i < day.SlotCount; i++)
                day.SetSlot(i, value + i, ReadQuality.Actual);
            return day;
        }

        var broken = new IngestBatch("hash-of-broken", "reads.csv", 0, 72);
        broken.Days.AddRange([ADay(1, 0.5m), ADay(2, 0.0000001m), ADay(3, 0.25m)]);
        Assert.CatchAsync(() => Database.Reads.CommitBatchAsync(broken, Clock, markDone: true, CancellationToken.None));
        Assert.That(await Database.Reads.GetDaysAsync(meter, new DateOnly(2024, 5, 1), new DateOnly(2024, 6, 1), CancellationToken.None), Is.Empty);

        var good = new IngestBatch("hash-of-good", "reads.csv", 0, 48);
        good.Days.AddRange([ADay(1, 0.5m), ADay(3, 0.25m)]);
        await Database.Reads.CommitBatchAsync(good, Clock, markDone: true, CancellationToken.None);
        var stored = await Database.Reads.GetDaysAsync(meter, new DateOnly(2024, 5, 1), new DateOnly(2024, 6, 1), CancellationToken.None);
        Assert.That(stored.Select(d => (d.Day.Date.Day, d.Total.Value)), Is.EqualTo(new[] { (1, 24 * 0.5m + 276), (3, 24 * 0.25m + 276) }));
    }

    [Test]
    public async Task Month_figures_stay_the_sums_of_the_stored_days_and_the_migration_sums_them_alike()
    {
        // Four days across a month's end, committed in two batches, then one of them written again with other values
        // and an estimate: each month's figures must be its stored days' sums, whatever was written before.
        const string zone = "America/New_York";
        var meter = new Meter(new MeterId("M-9"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, zone);
        await Database.Meters.UpsertAsync([meter], Clock, CancellationToken.None);
        MeterDay ADay(DateOnly date, decimal scale, int estimatedSlot)
        {
            var day = new MeterDay(new MeterId("M-9"), LocalDay.Of(date, TimeZones.Find(zone)), 60, Unit.KWh);
            for (var i = 0; i < day.SlotCount; i += 2)
                day.Set(new IntervalRead(day.MeterId, day.Day.Start.AddHours(i), 60, Quantity.KWh((i - 5) * scale), i == estimatedSlot ? ReadQuality.Estimated : ReadQuality.Actual));
            return day;
        }

        async Task CommitAsync(int batchNo, params MeterDay[] days)
        {
            var batch = new IngestBatch("hash-of-months", "reads.csv", batchNo, days.Sum(d => d.PresentCount));
            batch.Days.AddRange(days);
            await Database.Reads.CommitBatchAsync(batch, Clock, markDone: true, CancellationToken.None);
        }

        async Task<List<MonthFigures>> FiguresAsync() =>
            (await Database.Reads.MonthFiguresAsync(["M-9", "M-none"], new DateOnly(2018, 9, 1), new DateOnly(2018, 12, 1), CancellationToken.None)).Single().Value;

        await CommitAsync(0, ADay(new DateOnly(2018, 10, 30), 0.25m, -1), ADay(new DateOnly(2018, 10, 31), 0.5m, -1));
        await CommitAsync(1, ADay(new DateOnly(2018, 11, 1), 0.125m, -1), ADay(new DateOnly(2018, 11, 2), 1.5m, 4));
        await CommitAsync(2, ADay(new DateOnly(2018, 10, 31), 0.75m, 10));
        // A stored day without a single read: a day, but not a day with reads.
        await CommitAsync(3, new MeterDay(new MeterId("M-9"), LocalDay.Of(new DateOnly(2018, 11, 3), TimeZones.Find(zone)), 60, Unit.KWh));

        var stored = await Database.Reads.GetDaysAsync(meter, new DateOnly(2018, 9, 1), new DateOnly(2018, 12, 1), CancellationToken.None);
        var expected = stored.GroupBy(d => new DateOnly(d.Day.Date.Year, d.Day.Date.Month, 1))
            .Select(g => new MonthFigures(g.Key, g.Sum(d => d.Delivered), g.Sum(d => d.PresentCount), g.Sum(d => d.EstimatedCount), 0) { Net = g.Sum(d => d.Total.Value) })
            .ToList();
        Assert.That(stored.Select(d => d.Day.Date.Day), Is.EqualTo(new[] { 30, 31, 1, 2, 3 }));
        Assert.That(expected[0].Estimated, Is.EqualTo(1), "the day written again counts once, with its new estimate");
        Assert.That(await FiguresAsync(), Is.EqualTo(expected));
        Assert.That((await Database.Reads.MonthFiguresAsync(["M-9"], new DateOnly(2018, 11, 1), new DateOnly(2018, 12, 1), CancellationToken.None))["M-9"],
            Is.EqualTo(expected.Skip(1).ToList()), "only the months asked for");
        Assert.ThrowsAsync<ArgumentException>(() => Database.Reads.MonthFiguresAsync(["M-9"], new DateOnly(2018, 11, 2), new DateOnly(2018, 12, 1), CancellationToken.None));
        // Usage by month and by meter: whole months come from the month figures, other ranges from the days; both say the same.
        var read = stored.Where(d => d.PresentCount > 0).ToList();
        var byMonth = read.GroupBy(d => new DateOnly(d.Day.Date.Year, d.Day.Date.Month, 1)).Select(g => (g.Key, g.Sum(d => d.Total.Value), g.Count())).ToList();
        Assert.That((await Database.Reads.UsageByMonthAsync(["M-9"], new DateOnly(2018, 9, 1), new DateOnly(2018, 12, 1), CancellationToken.None))["M-9"], Is.EqualTo(byMonth));
        Assert.That((await Database.Reads.UsageByMonthAsync(["M-9"], new DateOnly(2018, 9, 2), new DateOnly(2018, 11, 30), CancellationToken.None))["M-9"], Is.EqualTo(byMonth));
        var total = (read.Sum(d => d.Total.Value), read.Count);
        Assert.That((await Database.Reads.UsageByMeterAsync(new DateOnly(2018, 10, 1), new DateOnly(2018, 12, 1), CancellationToken.None))["M-9"], Is.EqualTo(total));
        Assert.That((await Database.Reads.UsageByMeterAsync(new DateOnly(2018, 10, 2), new DateOnly(2018, 11, 30), CancellationToken.None))["M-9"], Is.EqualTo(total));

        // A database migrated from before the month figures: the migration sums the days already stored, the same way.
        await using (var connection = await Database.OpenConnectionAsync(CancellationToken.None))
        {
            var version = Migrator.Migrations(Database.Provider).Single(m => m.Name == "month_figures").Version;
            // Its table and what the migrations after it made (applied again below).
            foreach (var table in new[] { "interval_read_months", "portal_keys" })
                await Dapper.SqlMapper.ExecuteAsync(connection, $"DROP TABLE {table}");
            await Dapper.SqlMapper.ExecuteAsync(connection, Database.Provider == DatabaseProvider.SqlServer
                ? "DROP INDEX ix_bills_cycle_account ON bills" : "DROP INDEX ix_bills_cycle_account");
            await Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM schema_version WHERE version >= @Version", new { Version = version });
        }
        var migrated = await Database.MigrateAsync(Clock, CancellationToken.None);
        Assert.That(migrated.Applied, Has.Some.EndsWith("_month_figures"));
        Assert.That(await FiguresAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Month_figures_stay_the_days_sums_when_imports_write_one_meters_month_at_once()
    {
        // Two imports committing alternate days of the same two meters' month side by side: however their transactions
        // interleave, each month's figures end up the sums of all its days (the loser of a race sums again).
        var zone = TimeZones.Find("America/Chicago");
        var meters = new[] { new MeterId("M-X"), new MeterId("M-Y") };
        var stored = meters.Select(m => new Meter(m, Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "America/Chicago")).ToList();
        await Database.Meters.UpsertAsync(stored, Clock, CancellationToken.None);
        async Task ImportAsync(int parity)
        {
            for (var date = new DateOnly(2024, 3, 1 + parity); date.Month == 3; date = date.AddDays(2))
            {
                var batch = new IngestBatch($"hash-{parity}", "reads.csv", date.Day, 0);
                foreach (var meter in parity == 0 ? meters : meters.Reverse())
                {
                    var day = new MeterDay(meter, LocalDay.Of(date, zone), 60, Unit.KWh);
                    for (var i = 0; i < day.SlotCount; i++)
                        day.Set(new IntervalRead(meter, day.SlotStart(i), 60, Quantity.KWh(date.Day + i / 100m), ReadQuality.Actual));
                    batch.Days.Add(day);
                }
                await Database.Reads.CommitBatchAsync(batch, Clock, markDone: true, CancellationToken.None);
            }
        }

        await Task.WhenAll(Task.Run(() => ImportAsync(0)), Task.Run(() => ImportAsync(1)));

        var figures = await Database.Reads.MonthFiguresAsync(meters.Select(m => m.Value).ToList(), new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1), CancellationToken.None);
        foreach (var meter in meters)
        {
            var days = await Database.Reads.GetDaysAsync(stored.Single(m => m.Id == meter), new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1), CancellationToken.None);
            Assert.That(days, Has.Count.EqualTo(31), meter.Value);
            Assert.That(figures[meter.Value].Single(), Is.EqualTo(new MonthFigures(new DateOnly(2024, 3, 1), days.Sum(d => d.Delivered), days.Sum(d => d.PresentCount), 0, 0)
            {
                Net = days.Sum(d => d.Total.Value),
            }), meter.Value);
        }
    }

    [Test]
    public async Task Many_meters_days_read_back_by_meter_in_date_order_within_the_range()
    {
        // Two meters in different zones, units and interval lengths, five days each; the range asks for three of them,
        // and for a meter with no days. (SQLite reads these rows through its own statement, the others through ADO.NET.)
        var meters = new[]
        {
            new Meter(new MeterId("M-A"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "America/New_York"),
            new Meter(new MeterId("M-B"), Commodity.Gas, MeterKind.Interval, Unit.Therm, 1m, 6, 15, "America/Denver"),
        };
        await Database.Meters.UpsertAsync(meters, Clock, CancellationToken.None);
        var written = new List<MeterDay>();
        foreach (var meter in meters)
        {
            for (var date = new DateOnly(2025, 3, 7); date < new DateOnly(2025, 3, 12); date = date.AddDays(1))
            {
                var day = new MeterDay(meter.Id, LocalDay.Of(date, TimeZones.Find(meter.TimeZone)), meter.IntervalMinutes!.Value, meter.Unit);
                for (var i = 0; i < day.SlotCount; i += 2)
                    day.Set(new IntervalRead(meter.Id, day.SlotStart(i), day.IntervalMinutes, new Quantity(date.Day + i * 0.001234m, meter.Unit), ReadQuality.Actual));
                written.Add(day);
            }
        }
        var batch = new IngestBatch("hash", "reads.csv", 0, written.Sum(d => d.PresentCount));
        batch.Days.AddRange(written);
        await Database.Reads.CommitBatchAsync(batch, Clock, markDone: true, CancellationToken.None);

        // 2025-03-09 is the spring-forward day in both zones: 23 hours.
        var none = new Meter(new MeterId("M-NONE"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "UTC");
        var read = await Database.Reads.GetDaysAsync([meters[1], meters[0], none], new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 11), CancellationToken.None);

        Assert.That(read.Keys, Is.EquivalentTo(new[] { "M-A", "M-B" }));
        foreach (var meter in meters)
        {
            var expected = written.Where(d => d.MeterId == meter.Id && d.Day.Date >= new DateOnly(2025, 3, 8) && d.Day.Date < new DateOnly(2025, 3, 11)).ToList();
            var days = read[meter.Id.Value];
            Assert.That(days.Select(d => d.Day), Is.EqualTo(expected.Select(d => d.Day)), meter.Id.Value);
            Assert.That(days.Select(d => d.Day.Start.Offset), Is.EqualTo(expected.Select(d => d.Day.Start.Offset)), meter.Id.Value);
            Assert.That(days.Select(d => (d.Unit, d.IntervalMinutes, d.SlotCount)), Is.EqualTo(expected.Select(d => (d.Unit, d.IntervalMinutes, d.SlotCount))), meter.Id.Value);
            Assert.That(days.SelectMany(d => d.Reads()), Is.EqualTo(expected.SelectMany(d => d.Reads())), meter.Id.Value);
        }
        Assert.That(read["M-A"][1].SlotCount, Is.EqualTo(23));

        // Each meter's first and last stored day; a meter without days is left out.
        await Database.Meters.UpsertAsync([new Meter(new MeterId("M-C"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "UTC")], Clock, CancellationToken.None);
        var ranges = await Database.Reads.DayRangesAsync(CancellationToken.None);
        Assert.That(ranges, Is.EquivalentTo(new Dictionary<string, (DateOnly, DateOnly)>
        {
            ["M-A"] = (new DateOnly(2025, 3, 7), new DateOnly(2025, 3, 11)),
            ["M-B"] = (new DateOnly(2025, 3, 7), new DateOnly(2025, 3, 11)),
        }));
    }

    [Test]
    public async Task Register_reads_are_kept_once_per_meter_and_instant()
    {
        var at = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.FromHours(-6));
        var read = new RegisterRead(new MeterId("M-9"), at, 99_836m, Unit.KWh, RegisterReadType.Actual, 1m);

        var first = await Database.Reads.UpsertRegisterReadsAsync([read], CancellationToken.None);
        var again = await Database.Reads.UpsertRegisterReadsAsync([read], CancellationToken.None);

        var stored = await Database.Reads.GetRegisterReadsAsync(read.MeterId, at.AddDays(-1), at.AddDays(1), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new UpsertCounts(1, 0)));
            Assert.That(again, Is.EqualTo(new UpsertCounts(0, 1)));
            Assert.That(stored, Is.EqualTo(new[] { read }));
        });
    }

    [Test]
    public async Task Period_reads_are_kept_once_per_meter_and_start_and_read_back_by_the_span_they_overlap()
    {
        DateTimeOffset Day(int month, int day) => new(2025, month, day, 0, 0, 0, TimeSpan.Zero);
        PeriodRead Read(string meter, DateTimeOffset from, DateTimeOffset to, decimal therms, ReadQuality quality = ReadQuality.Actual) =>
            new(new MeterId(meter), from, to, new Quantity(therms, Unit.Therm), quality);
        var first = new IngestBatch("hash-periods", "feed.xml", -1, 0);
        first.PeriodReads.AddRange([Read("G-1", Day(1, 5), Day(2, 4), 90.5m), Read("G-1", Day(2, 4), Day(3, 6), 80m), Read("G-2", Day(1, 20), Day(2, 19), 12.25m)]);
        await Database.Reads.CommitBatchAsync(first, Clock, markDone: false, CancellationToken.None);
        // The same start again replaces the reading (a corrected one).
        var corrected = new IngestBatch("hash-corrected", "feed.xml", -1, 0);
        corrected.PeriodReads.Add(Read("G-1", Day(2, 4), Day(3, 5), 78.125m, ReadQuality.Estimated));
        await Database.Reads.CommitBatchAsync(corrected, Clock, markDone: false, CancellationToken.None);

        var all = await Database.Reads.GetPeriodReadsAsync(new MeterId("G-1"), CancellationToken.None);
        var february = await Database.Reads.GetPeriodReadsAsync(["G-1", "G-2", "G-3"], Day(2, 1), Day(3, 1), CancellationToken.None);
        var march = await Database.Reads.GetPeriodReadsAsync(["G-1", "G-2"], Day(3, 5), Day(4, 1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(new[] { Read("G-1", Day(1, 5), Day(2, 4), 90.5m), Read("G-1", Day(2, 4), Day(3, 5), 78.125m, ReadQuality.Estimated) }));
            Assert.That(february.Keys, Is.EquivalentTo(new[] { "G-1", "G-2" }), "a meter without any is left out");
            Assert.That(february["G-1"].Select(r => r.Quantity.Value), Is.EqualTo(new[] { 90.5m, 78.125m }), "both overlap February, oldest first");
            Assert.That(february["G-2"].Single().Quantity.Value, Is.EqualTo(12.25m));
            Assert.That(march, Is.Empty, "a reading ending where the span starts does not overlap it");
        });
    }

    [Test]
    public async Task A_changed_tariff_document_adds_a_version_and_the_same_document_does_not()
    {
        var header = new TariffHeader("RES-TOU", "Residential TOU", "Sample Power & Light", "electricity", "native");
        var from = new DateOnly(2025, 1, 1);

        var v1 = await Database.Tariffs.SaveVersionAsync(header, from, null, "{\"v\":1}", Clock, CancellationToken.None);
        var same = await Database.Tariffs.SaveVersionAsync(header, from, null, "{\"v\":1}", Clock, CancellationToken.None);
        var v2 = await Database.Tariffs.SaveVersionAsync(header, new DateOnly(2025, 6, 1), null, "{\"v\":2}", Clock, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(v1, Is.EqualTo((1, true)));
            Assert.That(same, Is.EqualTo((1, false)));
            Assert.That(v2, Is.EqualTo((2, true)));
            Assert.That((await Database.Tariffs.VersionsAsync("RES-TOU", CancellationToken.None)).Select(v => v.EffectiveFrom),
                Is.EqualTo(new[] { from, new DateOnly(2025, 6, 1) }));
            Assert.That(await Database.Tariffs.ListAsync(CancellationToken.None), Is.EqualTo(new[] { header }));
        });
    }

    [Test]
    public async Task A_bill_is_written_once_per_account_cycle_and_revision_and_its_total_is_the_sum_of_its_lines()
    {
        await SeedAccountAsync();
        var bill = new Bill("B-1", new AccountId("A-1"), "2025-03", 1, ServicePeriod.CalendarMonth(2025, 3), BillStatus.Held, new HoldReason(HoldReason.UsageAboveLastYear, "usage far above history"),
            Quantity.KWh(812.345678m), "RES-TOU", 2, "cohort-1", "statement-1", "run-1", new DateOnly(2025, 4, 21), Clock.GetUtcNow(), null,
            [
                new PrintedLine(1, null, "fixed", "Basic service charge", 1m, "month", 11.5m, UtilityInsights.Money.Money.Usd(11.50m), null),
                new PrintedLine(2, "Mar 1 – Mar 31", "energy", "Off-peak energy", 700.123456m, "kWh", 0.098765m, UtilityInsights.Money.Money.Usd(69.15m), "700 kWh at $0.0988"),
                new PrintedLine(3, null, "other", "State utility tax", null, null, null, UtilityInsights.Money.Money.Usd(3.23m), null),
            ]);

        bill = bill with { Determinants = new UtilityInsights.Rating.BillDeterminants(31, 812.345678m, 3.25m, [700.123456m, 112.222222m], [3.25m], [[600m, 100.123456m], [112.222222m]]) };
        Assert.That(await Database.Bills.InsertAsync(bill, CancellationToken.None), Is.True);
        Assert.That(await Database.Bills.InsertAsync(bill with { BillId = "B-2" }, CancellationToken.None), Is.False, "a second bill for the same cycle is refused");

        var stored = await Database.Bills.GetAsync(bill.AccountId, "2025-03", CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(stored!.Total, Is.EqualTo(UtilityInsights.Money.Money.Usd(83.88m)));
            Assert.That(stored.Lines, Is.EqualTo(bill.Lines));
            Assert.That(stored with { Lines = bill.Lines, Determinants = bill.Determinants }, Is.EqualTo(bill));
            Assert.That(System.Text.Json.JsonSerializer.Serialize(stored.Determinants), Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(bill.Determinants)),
                "the determinants, to the last digit");
            Assert.That((await Database.Bills.SummaryAsync("2025-03", Currency.Usd, CancellationToken.None)).Counts,
                Is.EqualTo(new Dictionary<BillStatus, int> { [BillStatus.Held] = 1 }));
        });
    }

    [Test]
    public async Task A_bills_export_credit_is_kept_and_read_back_for_the_cycles_asked_from_issued_bills_newest_revision()
    {
        await Database.Accounts.UpsertAsync([AnAccount("A-1"), AnAccount("A-2", "Bo Example")], Clock, CancellationToken.None);
        Bill Bill(string id, string account, string cycle, int revision, decimal? credit) => new(id, new AccountId(account), cycle, revision,
            BillingCycle.Parse(cycle).Period, BillStatus.Draft, null, Quantity.KWh(300m), "RES", 1, null, "tpl", "run-1", null, Clock.GetUtcNow(), null,
            [
                new PrintedLine(1, null, "energy", "Energy", 300m, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(30m), null),
                new PrintedLine(2, null, "energy", "Energy sent to the grid", 104.25m, "kWh", -0.04m, UtilityInsights.Money.Money.Usd(credit ?? 0m), null),
            ])
        { ExportCredit = credit is { } c ? UtilityInsights.Money.Money.Usd(c) : null };
        await Database.Bills.InsertAllAsync(
        [
            Bill("B-1", "A-1", "2025-01", 1, -4.17m), Bill("B-2", "A-1", "2025-02", 1, -6.8m), Bill("B-3", "A-1", "2025-02", 2, -7.01m),
            Bill("B-4", "A-1", "2025-03", 1, null), Bill("B-5", "A-1", "2025-04", 1, -9m), Bill("B-6", "A-2", "2025-02", 1, -1.25m),
            Bill("B-7", "A-2", "2025-03", 1, -2.5m), Bill("B-8", "A-1", "2024-12", 1, -3m),
        ], CancellationToken.None);
        foreach (var issued in new[] { "B-1", "B-3", "B-4", "B-5", "B-6", "B-7", "B-8" })
            await Database.Bills.IssueAsync(issued, Clock.GetUtcNow(), "Bill", CancellationToken.None);
        await Database.Bills.CancelAsync("B-7", "Correction", CancellationToken.None);
        await Database.Bills.InsertAsync(Bill("B-9", "A-2", "2025-01", 1, -0.5m), CancellationToken.None);

        var credits = await Database.Bills.ExportCreditsAsync(["A-1", "A-2", "A-404"], "2025-01", "2025-04", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(credits.Keys, Is.EquivalentTo(new[] { "A-1", "A-2" }));
            Assert.That(credits["A-1"], Is.EquivalentTo(new Dictionary<string, UtilityInsights.Money.Money>
            {
                ["2025-01"] = UtilityInsights.Money.Money.Usd(-4.17m),
                ["2025-02"] = UtilityInsights.Money.Money.Usd(-7.01m),
            }), "the newest revision (B-2 was never issued, B-3 was); a bill without a credit and the cycles outside [from, to) left out");
            Assert.That(credits["A-2"], Is.EquivalentTo(new Dictionary<string, UtilityInsights.Money.Money> { ["2025-02"] = UtilityInsights.Money.Money.Usd(-1.25m) }),
                "a cancelled bill's credit and a draft's left out");
            Assert.That((await Database.Bills.GetAsync(new AccountId("A-1"), "2025-02", CancellationToken.None))!.ExportCredit,
                Is.EqualTo(UtilityInsights.Money.Money.Usd(-7.01m)), "read back with the bill");
            Assert.That((await Database.Bills.GetAsync(new AccountId("A-1"), "2025-03", CancellationToken.None))!.ExportCredit, Is.Null);
        });
    }

    [Test]
    public async Task A_route_calendar_is_versioned_and_each_route_follows_the_newest_version_naming_it()
    {
        var first = await Database.Routes.ImportAsync(
            [("R01", new DateOnly(2026, 1, 2)), ("R01", new DateOnly(2026, 2, 2)), ("R02", new DateOnly(2026, 1, 5)), ("R02", new DateOnly(2026, 2, 3))],
            "routes.csv", Clock.GetUtcNow(), CancellationToken.None);
        var second = await Database.Routes.ImportAsync([("R02", new DateOnly(2026, 1, 17)), ("R02", new DateOnly(2026, 2, 17))], "r02.csv", Clock.GetUtcNow(),
            CancellationToken.None);

        var calendars = await Database.Routes.CalendarsAsync(["R01", "R02", "R99"], CancellationToken.None);
        var listed = await Database.Routes.ListAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((1, 2)));
            Assert.That(calendars.Keys, Is.EquivalentTo(new[] { "R01", "R02" }));
            Assert.That((calendars["R01"].Version, calendars["R01"].ReadDates), Is.EqualTo((1, new[] { new DateOnly(2026, 1, 2), new DateOnly(2026, 2, 2) })));
            Assert.That((calendars["R02"].Version, calendars["R02"].ReadDates), Is.EqualTo((2, new[] { new DateOnly(2026, 1, 17), new DateOnly(2026, 2, 17) })),
                "the newer version replaces the route's dates; the older stays stored");
            Assert.That(listed.Select(r => (r.Route, r.Version, r.Reads)), Is.EqualTo(new[] { ("R01", 1, 2), ("R02", 2, 2) }));
        });
    }

    [Test]
    public async Task A_program_is_created_once_and_an_assignment_never_changes()
    {
        var program = new UtilityInsights.Programs.UtilityProgram("her-2026", new DateOnly(2026, 1, 1), 0.2m, 7, ["region", "usage-decile"], "random",
            new UtilityInsights.Insights.EligibilityRules(1.5m, 90));
        await Database.Programs.CreateAsync(program,
            [("A-1", UtilityInsights.Programs.ProgramArm.Treatment, "region=cold|usage-decile=1"), ("A-2", UtilityInsights.Programs.ProgramArm.Control, "region=cold|usage-decile=1")],
            Clock.GetUtcNow(), CancellationToken.None);
        var later = new UtilityInsights.Programs.UtilityProgram("later", new DateOnly(2026, 6, 1), 0.5m, null, [], "import: file.csv");
        await Database.Programs.CreateAsync(later, [("A-1", UtilityInsights.Programs.ProgramArm.Control, "imported")], Clock.GetUtcNow(), CancellationToken.None);

        // A late assignment adds A-3 and leaves A-2 in control although it is asked to put it in treatment.
        var added = await Database.Programs.AddAsync("her-2026",
            [("A-2", UtilityInsights.Programs.ProgramArm.Treatment, "late"), ("A-3", UtilityInsights.Programs.ProgramArm.Treatment, "late")], Clock.GetUtcNow(), CancellationToken.None);
        var read = await Database.Programs.GetAsync("her-2026", CancellationToken.None);
        var assigned = await Database.Programs.AssignmentsAsync("her-2026", CancellationToken.None);
        var inMarch = await Database.Programs.MembershipsAsync(["A-1", "A-2", "A-9"], new DateOnly(2026, 3, 1), CancellationToken.None);
        var inJuly = await Database.Programs.MembershipsAsync(["A-1"], new DateOnly(2026, 7, 1), CancellationToken.None);
        var listed = await Database.Programs.ListAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(added, Is.EqualTo(1));
            Assert.That((read!.Start, read.Holdout, read.Seed, read.Stratify, read.Source), Is.EqualTo((new DateOnly(2026, 1, 1), 0.2m, (int?)7, new[] { "region", "usage-decile" }, "random")));
            Assert.That(read.Rules, Is.EqualTo(new UtilityInsights.Insights.EligibilityRules(1.5m, 90)), "the eligibility rules are kept for late accounts");
            Assert.That(assigned.Values.Select(a => (a.Account, a.Arm, a.Stratum)), Is.EqualTo(new[]
            {
                ("A-1", UtilityInsights.Programs.ProgramArm.Treatment, "region=cold|usage-decile=1"),
                ("A-2", UtilityInsights.Programs.ProgramArm.Control, "region=cold|usage-decile=1"),
                ("A-3", UtilityInsights.Programs.ProgramArm.Treatment, "late"),
            }));
            Assert.That(inMarch, Is.EqualTo(new Dictionary<string, UtilityInsights.Programs.ProgramMembership>
            {
                ["A-1"] = new("her-2026", UtilityInsights.Programs.ProgramArm.Treatment),
                ["A-2"] = new("her-2026", UtilityInsights.Programs.ProgramArm.Control),
            }), "programs not started yet do not count");
            Assert.That(inJuly["A-1"], Is.EqualTo(new UtilityInsights.Programs.ProgramMembership("later", UtilityInsights.Programs.ProgramArm.Control)), "the program started last");
            Assert.That(listed.Select(p => p.Name), Is.EqualTo(new[] { "her-2026", "later" }));
        });
        Assert.That(() => Database.Programs.CreateAsync(program, [], Clock.GetUtcNow(), CancellationToken.None),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("already exists"));
    }

    [Test]
    public async Task Lookups_of_many_ids_return_each_found_one_by_id_and_leave_out_the_unknown()
    {
        await Database.Accounts.UpsertAsync([AnAccount("A-1"), AnAccount("A-2", "Bo Example")], Clock, CancellationToken.None);
        var charge = (string account, string reference, decimal amount) =>
            new LedgerEntry(new AccountId(account), Clock.GetUtcNow(), LedgerEntryKind.Charge, UtilityInsights.Money.Money.Usd(amount), reference, null, "bill");
        await Database.Ledger.PostAllAsync([charge("A-2", "B-2", 10m), charge("A-1", "B-1", 20m), charge("A-2", "B-3", 30m)], CancellationToken.None);
        var bill = (string id, string account, int revision) => new Bill(id, new AccountId(account), "2025-03", revision, ServicePeriod.CalendarMonth(2025, 3),
            BillStatus.Draft, null, Quantity.KWh(5m), null, null, null, "statement-1", "run-1", null, Clock.GetUtcNow(), null,
            [new PrintedLine(1, null, "fixed", "Basic service charge", 1m, "month", revision, UtilityInsights.Money.Money.Usd(revision), null)]);
        await Database.Bills.InsertAsync(bill("B-1", "A-1", 1), CancellationToken.None);
        await Database.Bills.InsertAsync(bill("B-2", "A-2", 1), CancellationToken.None);
        await Database.Bills.InsertAsync(bill("B-3", "A-2", 2), CancellationToken.None);
        string[] ids = ["A-2", "A-1", "A-404"];

        var accounts = await Database.Accounts.GetManyAsync(ids, CancellationToken.None);
        var ledger = await Database.Ledger.EntriesAsync(ids, CancellationToken.None);
        var bills = await Database.Bills.GetManyAsync(ids, "2025-03", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(accounts.Keys, Is.EquivalentTo(new[] { "A-1", "A-2" }));
            Assert.That(accounts["A-2"].Name, Is.EqualTo("Bo Example"));
            Assert.That(ledger["A-2"].Select(e => e.Reference), Is.EqualTo(new[] { "B-2", "B-3" }), "each account's entries in posting order");
            Assert.That(ledger["A-1"].Select(e => e.Reference), Is.EqualTo(new[] { "B-1" }));
            Assert.That(bills.Keys, Is.EquivalentTo(new[] { "A-1", "A-2" }));
            Assert.That(bills["A-2"].BillId, Is.EqualTo("B-3"), "the newest revision");
            Assert.That(bills["A-2"].Total, Is.EqualTo(UtilityInsights.Money.Money.Usd(2m)), "with its own lines");
            Assert.That(() => Database.Accounts.GetManyAsync(Enumerable.Range(0, Store.MaxIds + 1).Select(i => $"A-{i}").ToList(), CancellationToken.None),
                Throws.ArgumentException);
        });
    }

    [Test]
    public async Task A_payment_posted_twice_is_posted_once_and_the_balance_is_exact()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        var charge = new LedgerEntry(account, Clock.GetUtcNow(), LedgerEntryKind.Charge, UtilityInsights.Money.Money.Usd(83.88m), "B-1", "B-1", "March bill");
        var payment = new LedgerEntry(account, Clock.GetUtcNow(), LedgerEntryKind.Payment, UtilityInsights.Money.Money.Usd(-50.01m), "PAY-778", null, "Card payment");

        Assert.That(await Database.Ledger.PostAsync(charge, CancellationToken.None), Is.True);
        Assert.That(await Database.Ledger.PostAsync(payment, CancellationToken.None), Is.True);
        Assert.That(await Database.Ledger.PostAsync(payment, CancellationToken.None), Is.False);

        Assert.That(await Database.Ledger.BalanceAsync(account, Currency.Usd, CancellationToken.None), Is.EqualTo(UtilityInsights.Money.Money.Usd(33.87m)));
        Assert.That((await Database.Ledger.EntriesAsync(account, CancellationToken.None)).Select(e => e.Reference), Is.EqualTo(new[] { "B-1", "PAY-778" }));
    }

    [Test]
    public async Task A_held_bill_is_approved_then_issued_once_with_its_charge_on_the_ledger()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        var bill = new Bill("B-7", account, "2025-03", 1, ServicePeriod.CalendarMonth(2025, 3), BillStatus.Held, new HoldReason(HoldReason.TotalAboveCeiling, "2,500"),
            Quantity.KWh(10m), "RES-FLAT", 1, null, "tpl", "run-1", new DateOnly(2025, 4, 21), Clock.GetUtcNow(), null,
            [new PrintedLine(1, null, "energy", "Energy", 10m, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(2_500.01m), null)]);
        await Database.Bills.InsertAsync(bill, CancellationToken.None);

        var issuedWhileHeld = await Database.Bills.IssueAsync("B-7", Clock.GetUtcNow(), "Bill for 2025-03", CancellationToken.None);
        var approved = await Database.Bills.ApproveHeldAsync("2025-03", null, CancellationToken.None);
        var issued = await Database.Bills.IssueAsync("B-7", Clock.GetUtcNow(), "Bill for 2025-03", CancellationToken.None);
        var issuedAgain = await Database.Bills.IssueAsync("B-7", Clock.GetUtcNow(), "Bill for 2025-03", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((issuedWhileHeld, approved, issued, issuedAgain), Is.EqualTo((false, 1, true, false)));
            Assert.That((await Database.Bills.GetAsync(account, "2025-03", CancellationToken.None))!.Status, Is.EqualTo(BillStatus.Issued));
            Assert.That(await Database.Ledger.BalanceAsync(account, Currency.Usd, CancellationToken.None), Is.EqualTo(UtilityInsights.Money.Money.Usd(2_500.01m)));
            var summary = await Database.Bills.SummaryAsync("2025-03", Currency.Usd, CancellationToken.None);
            Assert.That(summary.Totals[BillStatus.Issued], Is.EqualTo(UtilityInsights.Money.Money.Usd(2_500.01m)));
        });
    }

    /// <summary>What a reviewer weighs a held bill against: each account's earlier bills, newest first, neither held nor cancelled, in one query.</summary>
    [Test]
    public async Task Earlier_usage_lists_each_accounts_earlier_bills_newest_first_without_held_or_cancelled_ones()
    {
        await SeedAccountAsync("A-1");
        await SeedAccountAsync("A-2");
        Bill Made(string account, string cycle, int revision, BillStatus status, decimal kWh) => new($"B-{cycle}-{account}-{revision}", new AccountId(account),
            cycle, revision, BillingCycle.Parse(cycle).Period, status, status == BillStatus.Held ? new HoldReason(HoldReason.TotalAboveCeiling, "x") : null,
            Quantity.KWh(kWh), null, null, null, "tpl", "run-1", null, Clock.GetUtcNow(), null,
            [new PrintedLine(1, null, "energy", "Energy", kWh, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(kWh / 10m), null)]);
        foreach (var bill in new[]
        {
            Made("A-1", "2025-01", 1, BillStatus.Issued, 100m), Made("A-1", "2025-02", 1, BillStatus.Held, 900m), Made("A-1", "2025-03", 1, BillStatus.Cancelled, 700m),
            Made("A-1", "2025-03", 2, BillStatus.Approved, 300m), Made("A-1", "2025-04", 1, BillStatus.Held, 400m), Made("A-1", "2025-05", 1, BillStatus.Draft, 500m),
            Made("A-2", "2025-03", 1, BillStatus.Issued, 30m),
        })
        {
            await Database.Bills.InsertAsync(bill, CancellationToken.None);
        }

        var earlier = await Database.Bills.EarlierUsageAsync(["A-1", "A-2", "A-3"], "2025-04", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(earlier["A-1"].Select(q => q.Value), Is.EqualTo(new[] { 300m, 100m }), "the corrected March, then January; not the held February");
            Assert.That(earlier["A-2"].Select(q => q.Value), Is.EqualTo(new[] { 30m }));
            Assert.That(earlier.ContainsKey("A-3"), Is.False);
        });
    }

    /// <summary>A held bill that was never rated — it could not be, or its reads are not all in — makes way for the next run; one with charges stays.</summary>
    [Test]
    public async Task A_held_bill_without_charges_is_removed_for_the_next_run_and_one_with_charges_is_not()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        Bill Held(string id, int month, HoldReason reason, IReadOnlyList<PrintedLine> lines) => new(id, account, $"2025-0{month}", 1,
            ServicePeriod.CalendarMonth(2025, month), BillStatus.Held, reason, Quantity.KWh(lines.Count == 0 ? 0m : 10m), null, null, null, "tpl", "run-1", null,
            Clock.GetUtcNow(), null, lines);
        await Database.Bills.InsertAsync(Held("B-3", 3, new HoldReason(HoldReason.CannotBill, "no tariff"), []), CancellationToken.None);
        await Database.Bills.InsertAsync(Held("B-4", 4, new HoldReason(HoldReason.ReadsMissing, "meter M-1 has no reads for 2 days"), []), CancellationToken.None);
        await Database.Bills.InsertAsync(Held("B-5", 5, new HoldReason(HoldReason.TotalAboveCeiling, "2,500"),
            [new PrintedLine(1, null, "energy", "Energy", 10m, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(2_500.01m), null)]), CancellationToken.None);

        var removed = await Database.Bills.RemoveUnbillableAsync(["B-3", "B-4", "B-5", "B-none"], CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.EquivalentTo(new[] { "B-3", "B-4" }));
            Assert.That(await Database.Bills.GetAsync(account, "2025-04", CancellationToken.None), Is.Null);
            Assert.That((await Database.Bills.GetAsync(account, "2025-05", CancellationToken.None))!.Status, Is.EqualTo(BillStatus.Held));
        });
    }

    [Test]
    public async Task A_cycle_is_paged_in_account_order_newest_revisions_with_their_periods()
    {
        foreach (var id in new[] { "A-1", "A-2", "A-3" })
            await SeedAccountAsync(id);
        Bill Bill(string id, string account, int revision, DateOnly start) => new(id, new AccountId(account), "2025-02", revision, new ServicePeriod(start, start.AddDays(30)),
            BillStatus.Draft, null, Quantity.KWh(10m * revision), "RES-FLAT", 1, null, "tpl", "run-1", start.AddDays(51), Clock.GetUtcNow(), null, []);
        await Database.Bills.InsertAllAsync(
        [
            Bill("B-3", "A-3", 1, new DateOnly(2025, 1, 20)), Bill("B-1", "A-1", 1, new DateOnly(2025, 2, 1)),
            Bill("B-2a", "A-2", 1, new DateOnly(2025, 1, 9)), Bill("B-2b", "A-2", 2, new DateOnly(2025, 1, 9)),
        ], CancellationToken.None);

        var first = await Database.Bills.PageAsync("2025-02", null, 2, CancellationToken.None);
        var rest = await Database.Bills.PageAsync("2025-02", first[^1].AccountId.Value, 2, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Concat(rest).Select(b => (b.BillId, b.Period.Start, b.Period.EndExclusive, b.Usage.Value)), Is.EqualTo(new[]
            {
                ("B-1", new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 3), 10m),
                ("B-2b", new DateOnly(2025, 1, 9), new DateOnly(2025, 2, 8), 20m),
                ("B-3", new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 19), 10m),
            }));
            Assert.That(first, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task The_cycles_covering_a_meters_days_are_those_of_its_bills_whose_periods_take_them_in()
    {
        await SeedAccountAsync("A-1");
        await SeedAccountAsync("A-2");
        await Database.Premises.UpsertAsync(
        [
            new Premise { Id = new PremiseId("P-1"), AccountId = new AccountId("A-1"), MeterId = new MeterId("M-1"), Region = "cold", TimeZone = "UTC" },
            new Premise { Id = new PremiseId("P-2"), AccountId = new AccountId("A-2"), MeterId = new MeterId("M-2"), Region = "cold", TimeZone = "UTC" },
        ], Clock, CancellationToken.None);
        Bill Bill(string id, string account, string cycle, DateOnly start, DateOnly end, BillStatus status) => new(id, new AccountId(account), cycle, 1,
            new ServicePeriod(start, end), status, null, Quantity.KWh(10m), "RES-FLAT", 1, null, "tpl", "run-1", end.AddDays(21), Clock.GetUtcNow(), null, []);
        await Database.Bills.InsertAllAsync(
        [
            Bill("B-1", "A-1", "2025-01", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), BillStatus.Draft),
            Bill("B-2", "A-1", "2025-02", new DateOnly(2025, 1, 20), new DateOnly(2025, 2, 19), BillStatus.Approved),
            Bill("B-3", "A-1", "2025-03", new DateOnly(2025, 2, 19), new DateOnly(2025, 3, 20), BillStatus.Cancelled),
            Bill("B-4", "A-1", "2025-04", new DateOnly(2025, 3, 20), new DateOnly(2025, 4, 18), BillStatus.Held),
            Bill("B-5", "A-2", "2025-05", new DateOnly(2025, 4, 18), new DateOnly(2025, 5, 18), BillStatus.Issued),
        ], CancellationToken.None);
        Task<IReadOnlyList<string>> Covering(params (string Meter, DateOnly First, DateOnly Last)[] days) =>
            Database.Bills.CyclesCoveringAsync(days.ToDictionary(d => d.Meter, d => (d.First, d.Last)), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Covering(("M-1", new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 1))), Is.EqualTo(new[] { "2025-02" }),
                "a period's end is its next one's start; a cancelled bill's period counts for nothing");
            Assert.That(await Covering(("M-1", new DateOnly(2025, 1, 31), new DateOnly(2025, 3, 20))),
                Is.EqualTo(new[] { "2025-01", "2025-02", "2025-04" }), "oldest first, each once");
            Assert.That(await Covering(("M-1", new DateOnly(2025, 4, 18), new DateOnly(2025, 5, 1))), Is.Empty,
                "another meter's bill over those days is not this meter's");
            Assert.That(await Covering(("M-1", new DateOnly(2025, 1, 5), new DateOnly(2025, 1, 5)), ("M-2", new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 2))),
                Is.EqualTo(new[] { "2025-01", "2025-05" }), "each meter's own days: not the months between them");
            Assert.That(await Covering(("M-unbilled", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))), Is.Empty);
        });
    }

    [Test]
    public async Task Cancelling_an_issued_bill_reverses_its_charge_once_and_a_draft_needs_no_reversal()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        Bill Bill(string id, int revision) => new(id, account, "2025-03", revision, ServicePeriod.CalendarMonth(2025, 3), BillStatus.Draft, null,
            Quantity.KWh(10m), "RES-FLAT", 1, null, "tpl", "run-1", new DateOnly(2025, 4, 21), Clock.GetUtcNow(), null,
            [new PrintedLine(1, null, "energy", "Energy", 10m, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(45.67m), null)]);
        await Database.Bills.InsertAsync(Bill("B-1", 1), CancellationToken.None);
        // Issued on its statement date, long before the correction is made (the clock says 2026-11-24).
        var statementDate = new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
        await Database.Bills.IssueAsync("B-1", statementDate, "Bill for 2025-03", CancellationToken.None);

        var cancelled = await Database.Bills.CancelAsync("B-1", "Correction", CancellationToken.None);
        var again = await Database.Bills.CancelAsync("B-1", "Correction", CancellationToken.None);
        await Database.Bills.InsertAsync(Bill("B-2", 2), CancellationToken.None);
        var draftCancelled = await Database.Bills.CancelAsync("B-2", "Correction", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((cancelled, again, draftCancelled), Is.EqualTo((true, false, true)));
            Assert.That(await Database.Ledger.BalanceAsync(account, Currency.Usd, CancellationToken.None), Is.EqualTo(UtilityInsights.Money.Money.Usd(0m)));
            Assert.That((await Database.Ledger.EntriesAsync(account, CancellationToken.None)).Select(e => (e.Reference, e.PostedAt, e.Amount.Amount)),
                Is.EqualTo(new[] { ("B-1", statementDate, 45.67m), ("B-1-cancel", statementDate, -45.67m) }), "the reversal dated as the charge it reverses, not at the clock");
            Assert.That((await Database.Bills.GetAsync(account, "2025-03", CancellationToken.None))!.Status, Is.EqualTo(BillStatus.Cancelled));
            Assert.That((await Database.Bills.CycleStateAsync("2025-03", CancellationToken.None))["A-1"], Is.EqualTo(("B-2", BillStatus.Cancelled, (HoldReason?)null, true)),
                "the newest revision");
            Assert.That(await Database.Bills.CurrencyOfAsync("2025-03", CancellationToken.None), Is.EqualTo(Currency.Usd));
        });
    }

    [Test]
    public async Task Degree_days_are_summed_over_a_month_and_a_reimported_day_replaces_the_old()
    {
        var first = await Database.Weather.UpsertAsync(
            [new WeatherDay("cold", new DateOnly(2025, 1, 1), 40.5m, 0m), new WeatherDay("cold", new DateOnly(2025, 1, 2), 38.25m, 0.1m),
             new WeatherDay("cold", new DateOnly(2025, 2, 1), 30m, 0m), new WeatherDay("hot", new DateOnly(2025, 1, 1), 1m, 2m)], CancellationToken.None);
        var again = await Database.Weather.UpsertAsync([new WeatherDay("cold", new DateOnly(2025, 1, 2), 39.25m, 0.1m)], CancellationToken.None);

        var january = await Database.Weather.TotalsAsync("cold", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), CancellationToken.None);
        var march = await Database.Weather.TotalsAsync("cold", new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Inserted, again.Updated), Is.EqualTo((4, 1)));
            Assert.That(january, Is.EqualTo((79.75m, 0.1m, 2)));
            Assert.That(march, Is.Null);
        });
    }

    [Test]
    public async Task A_notice_is_recorded_once_per_bill_and_stage_and_only_the_newest_issued_bill_is_a_candidate()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        foreach (var (id, cycle, due) in new[] { ("B-1", "2025-03", new DateOnly(2025, 4, 21)), ("B-2", "2025-04", new DateOnly(2025, 5, 21)) })
        {
            var month = BillingCycle.Parse(cycle).Period;
            await Database.Bills.InsertAsync(new Bill(id, account, cycle, 1, month, BillStatus.Draft, null, Quantity.KWh(10m), "RES-FLAT", 1, null, "tpl", "run-1",
                due, Clock.GetUtcNow(), null, [new PrintedLine(1, null, "energy", "Energy", 10m, "kWh", 0.1m, UtilityInsights.Money.Money.Usd(12.34m), null)])
            {
                Tips = ["t-1", "t-2"],
                Carry = new UtilityInsights.Rating.RatingCarry([12.5m, 0m], 3.25m, [4.2m, 5.125m]),
            }, CancellationToken.None);
            await Database.Bills.IssueAsync(id, Clock.GetUtcNow(), $"Bill for {cycle}", CancellationToken.None);
        }
        var notice = new Notice("B-2", NoticeStage.FirstReminder, account, new DateOnly(2025, 6, 1), UtilityInsights.Money.Money.Usd(24.68m), Clock.GetUtcNow());

        var recorded = await Database.Notices.RecordAsync(notice, CancellationToken.None);
        var recordedAgain = await Database.Notices.RecordAsync(notice with { AsOf = new DateOnly(2025, 6, 2) }, CancellationToken.None);
        var candidates = await Database.Notices.CandidatesAsync(new DateOnly(2025, 6, 1), CancellationToken.None);
        var early = await Database.Notices.CandidatesAsync(new DateOnly(2025, 5, 1), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((recorded, recordedAgain), Is.EqualTo((true, false)));
            Assert.That(candidates.Select(c => c.BillId), Is.EqualTo(new[] { "B-2" }), "the newest bill past due");
            Assert.That(early.Select(c => c.BillId), Is.EqualTo(new[] { "B-1" }), "B-2 is not yet due on May 1");
            Assert.That(await Database.Notices.SentAsync("B-2", CancellationToken.None), Is.EqualTo(new Dictionary<NoticeStage, DateOnly> { [NoticeStage.FirstReminder] = new(2025, 6, 1) }));
            var stored = (await Database.Bills.GetAsync(account, "2025-04", CancellationToken.None))!;
            Assert.That(stored.Tips, Is.EqualTo(new[] { "t-1", "t-2" }));
            Assert.That((stored.Carry!.Credits, stored.Carry.DollarCredit, stored.Carry.RecentPeaks), Is.EqualTo((new[] { 12.5m, 0m }, 3.25m, new[] { 4.2m, 5.125m })));
        });
    }

    [Test]
    public async Task A_batch_of_payments_is_posted_once_and_a_reused_reference_is_a_conflict()
    {
        await SeedAccountAsync();
        var account = new AccountId("A-1");
        LedgerEntry Payment(string reference, decimal amount) =>
            new(account, Clock.GetUtcNow(), LedgerEntryKind.Payment, UtilityInsights.Money.Money.Usd(-amount), reference, null, "Payment");

        var first = await Database.Ledger.PostAllAsync([Payment("P-1", 10.10m), Payment("P-2", 20.00m), Payment("P-1", 10.1m)], CancellationToken.None);
        var second = await Database.Ledger.PostAllAsync([Payment("P-2", 20m), Payment("P-1", 99m), Payment("P-3", 0.01m)], CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(new[] { PostOutcome.Posted, PostOutcome.Posted, PostOutcome.AlreadyRecorded }));
            Assert.That(second, Is.EqualTo(new[] { PostOutcome.AlreadyRecorded, PostOutcome.Conflict, PostOutcome.Posted }));
            Assert.That(await Database.Ledger.BalanceAsync(account, Currency.Usd, CancellationToken.None), Is.EqualTo(UtilityInsights.Money.Money.Usd(-30.11m)));
        });
    }

    [Test]
    public async Task Failed_sign_ins_are_counted_per_user_and_client_lock_at_the_limit_and_a_success_starts_again()
    {
        var now = Clock.GetUtcNow();
        var lockout = TimeSpan.FromMinutes(15);
        var attempts = new List<SignInAttempt>();
        for (var i = 0; i < 4; i++)
            attempts.Add(await Database.SignInAttempts.ReserveAsync("user-a", "10.0.0.1", 3, now, lockout, CancellationToken.None));
        var elsewhere = await Database.SignInAttempts.ReserveAsync("user-a", "10.0.0.2", 3, now, lockout, CancellationToken.None);
        var afterLockout = await Database.SignInAttempts.ReserveAsync("user-a", "10.0.0.1", 3, now + lockout, lockout, CancellationToken.None);
        var succeeded = await Database.SignInAttempts.SucceededAsync("user-a", "10.0.0.1", afterLockout, now + lockout, CancellationToken.None);
        var next = await Database.SignInAttempts.ReserveAsync("user-a", "10.0.0.1", 3, now + lockout, lockout, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(attempts, Is.EqualTo(new[] { new SignInAttempt(true, 1), new SignInAttempt(true, 2), new SignInAttempt(true, 3), new SignInAttempt(false, 0) }));
            Assert.That(elsewhere, Is.EqualTo(new SignInAttempt(true, 1)), "another client address counts on its own");
            Assert.That(afterLockout, Is.EqualTo(new SignInAttempt(true, 1)), "after the lockout the count starts again");
            Assert.That(succeeded, Is.True);
            Assert.That(next, Is.EqualTo(new SignInAttempt(true, 1)), "a success clears the count");
        });
    }

    [Test]
    public async Task A_bill_run_records_its_progress()
    {
        var run = new BillRunRecord("run-1", "2025-03", 1, 2, "running", Clock.GetUtcNow(), null, 100, 0, 0);
        await Database.BillRuns.StartAsync(run, CancellationToken.None);
        await Database.BillRuns.UpdateAsync("run-1", "finished", 97, 3, Clock.GetUtcNow(), CancellationToken.None);

        var stored = (await Database.BillRuns.ForCycleAsync("2025-03", CancellationToken.None)).Single();

        Assert.That(stored, Is.EqualTo(run with { Status = "finished", Billed = 97, Held = 3, FinishedAt = Clock.GetUtcNow() }));
    }

    [Test]
    public async Task A_cohort_model_is_registered_with_its_assignments()
    {
        var model = new CohortModelRecord("cohort-2025-11-01", Clock.GetUtcNow(), new DateOnly(2024, 11, 1), new DateOnly(2025, 11, 1), 2,
            "[\"floor_area_sqft\"]", "{\"k\":2}", "{\"r2\":0.5}", "models/cohort-2025-11-01.zip");

        var assigned = await Database.CohortModels.RegisterAsync(model, [("P-1", "c1"), ("P-2", "c2")], CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(assigned, Is.EqualTo(2));
            Assert.That(await Database.CohortModels.LatestAsync(CancellationToken.None), Is.EqualTo(model));
            Assert.That((await Database.CohortModels.AssignmentsAsync(model.ModelVersion, CancellationToken.None)).GetValueOrDefault("P-2"), Is.EqualTo("c2"));
        });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
