using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Ingestion.Samples;

/// <summary>What to generate: how many premises, how many calendar months from <see cref="Start"/>, the seed, and where.</summary>
public sealed record SampleOptions(int Premises, int Months, int Seed, DateOnly Start, string OutDirectory)
{
    public static readonly DateOnly DefaultStart = new(2025, 1, 1);

    /// <summary>
    /// Meter-reading routes: 21 routes, route N read on the Nth working day of each month (US federal
    /// holidays off), <c>routes.csv</c> written with the rule, and monthly-read meters read on their
    /// route's days at 10:00 local instead of at each month's start.
    /// </summary>
    public bool RouteSchedule { get; init; }

    /// <summary>
    /// A randomised program planted in the data: <c>program-assignments.csv</c> assigns each home to
    /// treatment or control (a seeded draw holding out <see cref="Holdout"/>), and homes in treatment
    /// use <see cref="TreatmentEffect"/> percent less from this day on (none before, none in control).
    /// </summary>
    public DateOnly? ProgramStart { get; init; }

    /// <summary>The planted saving of the treatment group, in percent of what each home would otherwise use (0: none).</summary>
    public decimal TreatmentEffect { get; init; }

    /// <summary>The share of homes the planted program holds out as control.</summary>
    public decimal Holdout { get; init; } = 0.2m;

    /// <summary>Whether home <paramref name="index"/> is in the planted program's control group (the same draw for the file and the load).</summary>
    public bool InControl(int index) => new SampleRandom(Seed, 0x50524F47, (ulong)index).Chance((double)Holdout);

    /// <summary>
    /// Whether the read files are written gzip-compressed (<c>interval-reads.csv.gz</c>, <c>register-reads.csv.gz</c>), as
    /// ingest reads them: about a sixth of the disk, for territories whose hourly reads would not fit uncompressed.
    /// </summary>
    public bool Gzip { get; init; }

    /// <summary>The interval reads' file name in the output folder.</summary>
    public string IntervalReadsFile => Gzip ? "interval-reads.csv.gz" : "interval-reads.csv";

    /// <summary>The register reads' file name in the output folder.</summary>
    public string RegisterReadsFile => Gzip ? "register-reads.csv.gz" : "register-reads.csv";

    /// <summary>How many routes the sample's accounts are spread over (<c>R01</c> to <c>R21</c>), one per working day of a month.</summary>
    public const int Routes = 21;

    public void Validate()
    {
        if (Premises is < 1 or > 10_000_000)
            throw new UserErrorException($"--premises {Premises}: between 1 and 10,000,000.");
        if (Months is < 1 or > 120)
            throw new UserErrorException($"--months {Months}: between 1 and 120.");
        if (Start.Day != 1)
            throw new UserErrorException($"--start {Start:yyyy-MM-dd}: generation starts on the first of a month.");
        if (TreatmentEffect is < 0 or >= 100)
            throw new UserErrorException($"--treatment-effect {TreatmentEffect}: a saving in percent from 0 up to (not including) 100.");
        if (TreatmentEffect != 0 && ProgramStart is null)
            throw new UserErrorException("--treatment-effect needs --program-start: the day the treatment group starts saving.");
        if (Holdout is <= 0 or >= 1)
            throw new UserErrorException($"--holdout {Holdout}: a share strictly between 0 and 1.");
        if (ProgramStart is { } programStart && (programStart <= Start || programStart >= Start.AddMonths(Months)))
            throw new UserErrorException($"--program-start {programStart:yyyy-MM-dd} must fall inside the generated months, after the first day, so there is usage before and after it.");
    }
}

/// <summary>What was generated, for the command's summary.</summary>
public sealed record SampleSummary(int Premises, int IntervalMeters, int RegisterMeters, long IntervalReads, long RegisterReads, int Anomalies,
    DateOnly Start, DateOnly EndExclusive, IReadOnlyList<string> Files);

/// <summary>
/// Generates a sample service territory as canonical CSVs (DESIGN §3): accounts, premises,
/// hourly interval reads for about 80 % of premises, monthly register reads for the rest,
/// daily weather per region, the tariffs, and <c>anomalies.csv</c> listing the planted faults
/// (gaps, spikes, a negative interval, duplicates, a register rollover) for the validation stage.
/// Everything streams to disk; the same options give the same bytes.
/// </summary>
public static class SampleUtilityGenerator
{
    private const int LinesPerChunk = 120_000;

    public static SampleSummary Generate(SampleOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var end = options.Start.AddMonths(options.Months);
        var days = end.DayNumber - options.Start.DayNumber;
        try
        {
            Directory.CreateDirectory(options.OutDirectory);
            Directory.CreateDirectory(Path.Combine(options.OutDirectory, "tariffs"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--out {options.OutDirectory}: cannot create the folder ({e.Message}).", e);
        }

        var weather = new SampleWeather(options.Seed, options.Start, days);
        var clocks = SampleRegion.All.Select(r => r.TimeZone).Distinct()
            .ToDictionary(z => z, z => SampleClock.For(z, options.Start, days), StringComparer.Ordinal);
        var files = new List<string>();
        // Every CSV is written as NAME.partial and renamed when the whole territory is done, so a
        // cancelled or crashed run never leaves a file that looks complete.
        string Out(string name)
        {
            var path = Path.Combine(options.OutDirectory, name);
            files.Add(path);
            return path + ".partial";
        }

        try
        {
            return Write(options, weather, clocks, files, Out, end, days, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            foreach (var file in files)
                File.Delete(file + ".partial");
            throw;
        }
    }

    private static SampleSummary Write(SampleOptions options, SampleWeather weather, Dictionary<string, SampleClock> clocks, List<string> files,
        Func<string, string> partialPath, DateOnly end, int days, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        files.AddRange(SampleTariffs.Write(Path.Combine(options.OutDirectory, "tariffs")));
        WriteWeather(partialPath("weather.csv"), weather);
        if (options.RouteSchedule)
        {
            using var routes = new StreamWriter(partialPath("routes.csv"));
            routes.NewLine = "\n";
            routes.WriteLine("route,working_day");
            for (var route = 1; route <= SampleOptions.Routes; route++)
                routes.WriteLine($"{RouteName(route)},{route}");
        }
        var forced = ForcedAnomalies(options);
        // Each route's read hours in each zone, worked out once for all the homes that share them.
        var readHours = new System.Collections.Concurrent.ConcurrentDictionary<(string Zone, string Route), List<int>>();
        var (intervalMeters, registerMeters) = WriteAccountsAndPremises(partialPath("accounts.csv"), partialPath("premises.csv"),
            options.ProgramStart is null ? null : partialPath("program-assignments.csv"), options);

        long intervalReads = 0, registerReads = 0;
        var anomalies = 0;
        var hoursInSpan = days * 24;
        var chunkSize = Math.Max(1, LinesPerChunk / hoursInSpan);
        // Chunk buffers are reused within the run (large buffers allocated afresh for every chunk would
        // fragment the large-object heap) and dropped with it.
        var buffers = new BufferPool();
        using (var intervalFile = Create(partialPath(options.IntervalReadsFile), options.Gzip))
        using (var registerFile = Create(partialPath(options.RegisterReadsFile), options.Gzip))
        using (var anomalyFile = File.Create(partialPath("anomalies.csv")))
        {
            WriteHeader(intervalFile, ["meter_id", "interval_start", "interval_minutes", "quantity", "unit", "quality"]);
            WriteHeader(registerFile, ["meter_id", "read_at", "register", "unit", "read_type", "multiplier"]);
            WriteHeader(anomalyFile, ["meter_id", "kind", "at", "detail"]);
            var chunks = (options.Premises + chunkSize - 1) / chunkSize;
            var wave = Math.Max(2, Environment.ProcessorCount * 2);
            for (var first = 0; first < chunks; first += wave)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(wave, chunks - first);
                var results = new ChunkOutput[count];
                Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
                {
                    var from = (first + c) * chunkSize;
                    var to = Math.Min(options.Premises, from + chunkSize);
                    results[c] = GenerateChunk(options, weather, clocks, forced, from, to, buffers, readHours);
                });
                foreach (var result in results)
                {
                    buffers.Drain(result.Interval, intervalFile);
                    buffers.Drain(result.Register, registerFile);
                    buffers.Drain(result.Anomalies, anomalyFile);
                    intervalReads += result.IntervalLines;
                    registerReads += result.RegisterLines;
                    anomalies += result.AnomalyLines;
                }
                progress?.Report(Math.Min(1.0, (double)(first + count) / chunks));
            }
        }
        foreach (var file in files.Where(f => File.Exists(f + ".partial")))
            File.Move(file + ".partial", file, overwrite: true);
        return new SampleSummary(options.Premises, intervalMeters, registerMeters, intervalReads, registerReads, anomalies, options.Start, end, files);
    }

    /// <summary>A new file to write, through gzip (its fastest level: generation stays bound by the reads, not the compression) when asked.</summary>
    private static Stream Create(string path, bool gzip)
    {
        var file = File.Create(path);
        return gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }

    private sealed record ChunkOutput(MemoryStream Interval, long IntervalLines, MemoryStream Register, long RegisterLines, MemoryStream Anomalies, int AnomalyLines);

    /// <summary>One run's chunk buffers: rented by the chunk writers, drained into the files and handed back.</summary>
    private sealed class BufferPool
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<MemoryStream> free = [];

        public MemoryStream Rent() => free.TryTake(out var buffer) ? buffer : new MemoryStream();

        public void Drain(MemoryStream buffer, Stream destination)
        {
            destination.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            buffer.SetLength(0);
            free.Add(buffer);
        }
    }

    [Flags]
    private enum Anomaly
    {
        None = 0,
        ShortGap = 1,
        LongGap = 2,
        Spike = 4,
        Negative = 8,
        Duplicate = 16,
        Rollover = 32,
    }

    /// <summary>The first suitable homes each get one planted fault, so even a small territory has every kind.</summary>
    private static Dictionary<int, Anomaly> ForcedAnomalies(SampleOptions options)
    {
        var forced = new Dictionary<int, Anomaly>();
        var wanted = new Queue<Anomaly>([Anomaly.ShortGap, Anomaly.Spike, Anomaly.Duplicate, Anomaly.Negative, Anomaly.LongGap]);
        var rolloverPlanted = false;
        for (var i = 0; i < options.Premises && i < 2_000 && (wanted.Count > 0 || !rolloverPlanted); i++)
        {
            var home = SampleHome.Create(options.Seed, i);
            if (!home.IntervalMetered && !rolloverPlanted)
            {
                forced[i] = Anomaly.Rollover;
                rolloverPlanted = true;
            }
            else if (home.IntervalMetered && wanted.Count > 0 && !(wanted.Peek() == Anomaly.Negative && home.HasSolar))
            {
                forced[i] = wanted.Dequeue();
            }
        }
        return forced;
    }

    private static ChunkOutput GenerateChunk(SampleOptions options, SampleWeather weather, Dictionary<string, SampleClock> clocks,
        Dictionary<int, Anomaly> forced, int from, int to, BufferPool buffers, System.Collections.Concurrent.ConcurrentDictionary<(string Zone, string Route), List<int>> readHours)
    {
        var interval = buffers.Rent();
        var register = buffers.Rent();
        var anomalies = buffers.Rent();
        long intervalLines = 0, registerLines = 0;
        var anomalyLines = 0;
        using (var intervalCsv = CsvWriter.Create(interval, Options, leaveOpen: true))
        using (var registerCsv = CsvWriter.Create(register, Options, leaveOpen: true))
        using (var anomalyCsv = CsvWriter.Create(anomalies, Options, leaveOpen: true))
        {
            for (var i = from; i < to; i++)
            {
                var home = SampleHome.Create(options.Seed, i);
                var clock = clocks[home.Region.TimeZone];
                var load = new SampleLoad(home, weather, options.Seed, TreatmentFrom(options, i));
                var plan = forced.GetValueOrDefault(i);
                var rng = new SampleRandom(options.Seed, 0x414E4F4D, (ulong)i);
                if (plan == Anomaly.None && home.IntervalMetered)
                {
                    plan |= rng.Chance(0.004) ? Anomaly.ShortGap : Anomaly.None;
                    plan |= rng.Chance(0.001) ? Anomaly.LongGap : Anomaly.None;
                    plan |= rng.Chance(0.002) ? Anomaly.Spike : Anomaly.None;
                    plan |= rng.Chance(0.003) ? Anomaly.Duplicate : Anomaly.None;
                    plan |= !home.HasSolar && rng.Chance(0.001) ? Anomaly.Negative : Anomaly.None;
                }
                if (home.IntervalMetered)
                {
                    intervalLines += WriteIntervalHome(intervalCsv, anomalyCsv, home, clock, load, plan, rng, ref anomalyLines);
                }
                else
                {
                    registerLines += WriteRegisterHome(registerCsv, anomalyCsv, home, clock, load, plan, rng, ref anomalyLines,
                        options.RouteSchedule
                            ? readHours.GetOrAdd((home.Region.TimeZone, home.Cycle), key => RouteReadHours(options, clocks[key.Zone], key.Route))
                            : clock.MonthStartHours);
                }
            }
        }
        return new ChunkOutput(interval, intervalLines, register, registerLines, anomalies, anomalyLines);
    }

    private static long WriteIntervalHome(CsvWriter csv, CsvWriter anomalyCsv, SampleHome home, SampleClock clock, SampleLoad load, Anomaly plan,
        SampleRandom rng, ref int anomalyLines)
    {
        var hours = clock.Hours;
        int Pick() => rng.Next(0, Math.Max(1, hours.Count - 48));
        var gapStart = -1;
        var gapLength = 0;
        if (plan.HasFlag(Anomaly.ShortGap))
            (gapStart, gapLength) = (Pick(), rng.Next(1, 7));
        else if (plan.HasFlag(Anomaly.LongGap))
            (gapStart, gapLength) = (Pick(), 24);
        var spikeAt = plan.HasFlag(Anomaly.Spike) ? Pick() : -1;
        var negativeAt = plan.HasFlag(Anomaly.Negative) ? Pick() : -1;
        var duplicateAt = plan.HasFlag(Anomaly.Duplicate) ? Pick() : -1;
        var meter = System.Text.Encoding.UTF8.GetBytes(home.MeterId);
        long lines = 0;
        for (var h = 0; h < hours.Count; h++)
        {
            var hour = hours[h];
            var kwh = load.Next(hour);
            if (h >= gapStart && h < gapStart + gapLength)
            {
                if (h == gapStart)
                    Note(anomalyCsv, home, gapLength >= 24 ? "long_gap" : "gap", hour, $"{gapLength} missing hourly reads", ref anomalyLines);
                continue;
            }
            if (h == spikeAt)
            {
                kwh = Math.Round(Math.Abs(kwh) * 25 + 20, 3);
                Note(anomalyCsv, home, "spike", hour, $"{kwh.ToString("0.000", CultureInfo.InvariantCulture)} kWh", ref anomalyLines);
            }
            if (h == negativeAt)
            {
                kwh = -Math.Max(0.5, Math.Abs(kwh));
                Note(anomalyCsv, home, "negative", hour, $"{kwh.ToString("0.000", CultureInfo.InvariantCulture)} kWh on a meter without generation", ref anomalyLines);
            }
            var copies = h == duplicateAt ? 2 : 1;
            if (copies == 2)
                Note(anomalyCsv, home, "duplicate", hour, "the same read twice", ref anomalyLines);
            for (var c = 0; c < copies; c++)
            {
                csv.WriteField(meter);
                csv.WriteField(hour.Utf8Start);
                csv.WriteField(60);
                csv.WriteField(kwh, "0.000");
                csv.WriteField("kWh"u8);
                csv.WriteField("A"u8);
                csv.EndRecord();
                lines++;
            }
        }
        return lines;
    }

    /// <summary>The sample's route code for route number <paramref name="route"/> (1-based).</summary>
    public static string RouteName(int route) => $"R{route:00}";

    /// <summary>
    /// The hours a route's meters are read: the span's first hour (the read the first bill starts from),
    /// then 10:00 local on the route's working day of every month (the Nth, N its number; US federal holidays off).
    /// </summary>
    private static List<int> RouteReadHours(SampleOptions options, SampleClock clock, string route)
    {
        var n = int.Parse(route.AsSpan(1), CultureInfo.InvariantCulture);
        var end = options.Start.AddMonths(options.Months);
        var holidays = Enumerable.Range(options.Start.Year, end.Year - options.Start.Year + 1).SelectMany(Billing.WorkingDays.UsFederalHolidays).ToHashSet();
        var reads = new List<int> { 0 };
        foreach (var date in Billing.WorkingDays.Schedule(n, options.Start, end.AddMonths(-1), holidays))
        {
            // The hours run day by day: the day's first hour found by halving, then its 10:00.
            var day = date.DayNumber - options.Start.DayNumber;
            int low = 0, high = clock.Hours.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (clock.Hours[middle].DayIndex < day)
                    low = middle + 1;
                else
                    high = middle;
            }
            for (var h = low; h < clock.Hours.Count && clock.Hours[h].DayIndex == day; h++)
            {
                if (clock.Hours[h].LocalHour == 10)
                {
                    reads.Add(h);
                    break;
                }
            }
        }
        return reads;
    }

    private static long WriteRegisterHome(CsvWriter csv, CsvWriter anomalyCsv, SampleHome home, SampleClock clock, SampleLoad load, Anomaly plan,
        SampleRandom rng, ref int anomalyLines, IReadOnlyList<int> readHours)
    {
        const int digits = 5;
        const double rolloverAt = 100_000;
        var hours = clock.Hours;
        var register = plan.HasFlag(Anomaly.Rollover) ? rolloverAt - 300 - rng.Next(0, 200) : rng.Next(1_000, 90_000);
        long lines = 0;
        var nextMonth = 0;
        for (var h = 0; h <= hours.Count; h++)
        {
            if (nextMonth < readHours.Count && h == readHours[nextMonth])
            {
                var at = h < hours.Count ? hours[h].Utf8Start : EndOfSpan(clock);
                var dial = Math.Floor(register) % rolloverAt;
                csv.WriteField(home.MeterId);
                csv.WriteField(at);
                csv.WriteField((long)dial);
                csv.WriteField("kWh"u8);
                csv.WriteField("actual"u8);
                csv.WriteField(1);
                csv.EndRecord();
                lines++;
                if (plan.HasFlag(Anomaly.Rollover) && nextMonth > 0 && Math.Floor(register) >= rolloverAt && Math.Floor(register) - rolloverAt < 2_500)
                {
                    Note(anomalyCsv, home, "rollover", hours[Math.Min(h, hours.Count - 1)], $"register passed {rolloverAt:0} ({digits} digits)", ref anomalyLines);
                    plan &= ~Anomaly.Rollover;
                }
                nextMonth++;
            }
            if (h < hours.Count)
                register += Math.Max(0, load.Next(hours[h]));
        }
        return lines;
    }

    private static byte[] EndOfSpan(SampleClock clock)
    {
        var last = System.Text.Encoding.UTF8.GetString(clock.Hours[^1].Utf8Start);
        var end = DateTimeOffset.Parse(last, CultureInfo.InvariantCulture).AddHours(1);
        return System.Text.Encoding.UTF8.GetBytes(end.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    private static void Note(CsvWriter csv, SampleHome home, string kind, SampleHour hour, string detail, ref int count)
    {
        csv.WriteField(home.MeterId);
        csv.WriteField(kind);
        csv.WriteField(hour.Utf8Start);
        csv.WriteField(detail);
        csv.EndRecord();
        count++;
    }

    /// <summary>For a home in the planted program's treatment group, the day index it starts saving and the factor on its usage from then; else null.</summary>
    private static (int Day, double Factor)? TreatmentFrom(SampleOptions options, int index) =>
        options.ProgramStart is { } start && options.TreatmentEffect > 0 && !options.InControl(index)
            ? (start.DayNumber - options.Start.DayNumber, 1 - (double)options.TreatmentEffect / 100)
            : null;

    private static (int Interval, int Register) WriteAccountsAndPremises(string accountsPath, string premisesPath, string? assignmentsPath, SampleOptions options)
    {
        using var accounts = CsvWriter.Create(File.Create(accountsPath), Options);
        using var premises = CsvWriter.Create(File.Create(premisesPath), Options);
        using var assignments = assignmentsPath is null ? null : CsvWriter.Create(File.Create(assignmentsPath), Options);
        accounts.WriteHeader([.. AccountCsv.Columns, "autopay"]);
        premises.WriteHeader(PremiseCsv.Columns.ToArray());
        assignments?.WriteHeader(ProgramAssignmentCsv.Columns.ToArray());
        int interval = 0, register = 0;
        for (var i = 0; i < options.Premises; i++)
        {
            var h = SampleHome.Create(options.Seed, i);
            // One home in five pays by AutoPay (the portal shows it).
            accounts.WriteRecord([h.AccountId, h.Name, h.ServiceAddress, h.ServiceAddress, h.Email, h.Phone, h.Language.ToText(), h.Channel.ToText(), h.Cycle,
                Bool(i % 5 == 4)]);
            premises.WriteRecord([
                h.PremiseId, h.AccountId, h.MeterId, h.Region.Code, Invariant(h.Latitude), Invariant(h.Longitude), Invariant(h.FloorArea),
                Invariant(h.Occupants), h.HeatingFuel.ToText(), h.HomeType.ToText(), Invariant(h.YearBuilt), Bool(h.HasAc), Bool(h.HasPool),
                Bool(h.HasEv), Bool(h.HasSolar), h.TariffId, h.Region.TimeZone,
            ]);
            assignments?.WriteRecord([h.AccountId, options.InControl(i) ? "control" : "treatment"]);
            if (h.IntervalMetered)
                interval++;
            else
                register++;
        }
        return (interval, register);
    }

    private static void WriteWeather(string path, SampleWeather weather)
    {
        using var csv = CsvWriter.Create(File.Create(path), Options);
        csv.WriteHeader(["region", "date", "hdd", "cdd"]);
        foreach (var region in SampleRegion.All)
        {
            for (var d = 0; d < weather.Days; d++)
            {
                var mean = weather.MeanF(region, d);
                csv.WriteRecord([
                    region.Code, weather.Start.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    SampleWeather.Hdd(mean).ToString("0.0", CultureInfo.InvariantCulture), SampleWeather.Cdd(mean).ToString("0.0", CultureInfo.InvariantCulture),
                ]);
            }
        }
    }

    private static void WriteHeader(Stream stream, string[] names)
    {
        using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        csv.WriteHeader(names);
    }

    private static CsvWriterOptions Options { get; } = new() { NewLine = "\n" };

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
