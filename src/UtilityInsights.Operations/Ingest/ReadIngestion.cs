using System.Globalization;
using Serilog;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Operations.Ingest;

/// <summary>How an ingest runs: whether unknown meters are registered, the VEE rules, and the batch size.</summary>
public sealed record IngestOptions(bool CreateMeters = false, VeeOptions? Vee = null, int BatchRows = 250_000)
{
    public VeeOptions Rules => Vee ?? VeeOptions.Default;
}

/// <summary>
/// Imports meter reads: parse → validate → merge with what is stored → estimate gaps → flag →
/// store, one batch of rows at a time, each batch one transaction recorded with the file's
/// content hash. Importing the same file again changes nothing (its batches are skipped and
/// counted as duplicates); a crashed import resumes where it stopped. Memory is bounded by the
/// batch size whatever the file size.
/// </summary>
public sealed class ReadIngestion
{
    private readonly UtilityDatabase database;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly IngestOptions options;
    private readonly Dictionary<string, MeterContext> meters = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, (bool HasGeneration, string TimeZone)> premises = new Dictionary<string, (bool, string)>();
    private Dictionary<string, (DateOnly First, DateOnly Last)> storedRanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> zoneHints = new(StringComparer.Ordinal);

    public ReadIngestion(UtilityDatabase database, TimeProvider clock, ILogger log, IngestOptions options)
    {
        this.database = database;
        this.clock = clock;
        this.log = log;
        this.options = options;
    }

    public async Task<IngestSummary> IngestAsync(IReadOnlyList<string> files, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        await using var reading = ReadFiles.Begin(files, cancellationToken);
        return await IngestAsync(reading, progress, cancellationToken);
    }

    /// <summary>Imports files whose reading has begun (see <see cref="ReadFiles"/>), one after the other; the caller disposes them (what was not taken stops).</summary>
    public async Task<IngestSummary> IngestAsync(ReadFiles files, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var paths = files.Paths;
        // The first file is being hashed (and a Green Button feed read) since the files were begun, also while these load; should
        // loading fail, disposing the files stops that.
        foreach (var meter in await database.Meters.ListAsync(cancellationToken))
            meters[meter.Id.Value] = new MeterContext(meter, TimeZones.Find(meter.TimeZone));
        premises = await database.Premises.MeterAttributesAsync(cancellationToken);
        storedRanges = await database.Reads.DayRangesAsync(cancellationToken);
        var totals = new Totals();
        for (var i = 0; i < paths.Count; i++)
        {
            var fileProgress = new Progress<double>(p => progress?.Report((i + p) / paths.Count));
            var file = files.Take(i, cancellationToken);
            using var rejects = new RejectsFile(file.Path);
            var state = new FileState(file, IdentityAsync(file.Hash, cancellationToken), rejects, totals);
            try
            {
                await IngestFileAsync(state, fileProgress, cancellationToken);
            }
            finally
            {
                // The reading and the hash let go of the file before the import returns, also when the import failed before needing them.
                await file.DisposeAsync();
                await ((Task)state.Identity).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            state.Close();
            if (rejects.Count > 0)
                totals.RejectsFiles.Add(rejects.Path);
            log.Information("Ingested {File}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected, {Estimated} estimated",
                Path.GetFileName(file.Path), state.Accepted, state.Duplicates, rejects.Count, state.Estimated);
        }
        var summary = totals.ToSummary(paths);
        // Reads changed where a bill may have been made on them: the cycles to reconcile.
        return totals.AlteredDays.Count > 0
            ? summary with { ReconcileCycles = await database.Bills.CyclesCoveringAsync(totals.AlteredDays, cancellationToken) }
            : summary;
    }

    /// <summary>One read file, by its kind.</summary>
    private async Task IngestFileAsync(FileState state, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var file = state.File;
        switch (state.Read.Kind)
        {
            case ReadFileKind.IntervalCsv:
                await IngestIntervalsAsync(state, IntervalCsv.Read(file, state.Position, cancellationToken), progress, cancellationToken);
                break;
            case ReadFileKind.GreenButton:
                var periods = new List<(long Line, PeriodRead Read)>();
                await IngestIntervalsAsync(state, GreenButtonRows(state, periods, cancellationToken), progress, cancellationToken);
                await IngestPeriodsAsync(state, periods, cancellationToken);
                break;
            case ReadFileKind.RegisterCsv:
                await IngestRegistersAsync(state, RegisterCsv.Read(file, cancellationToken), cancellationToken);
                break;
            default:
                throw new UserErrorException($"{file}: not a read file this version understands (interval CSV, register CSV or Green Button XML).");
        }
    }

    /// <summary>
    /// Three stages, each on its own thread, a batch apart: this thread parses a batch while the batch before is merged with
    /// what is stored, estimated and checked, and the one before that is written to the database. At most five batches are in
    /// memory (one in each stage, one waiting before each of the last two). A batch is merged with the days of the batches still
    /// being written (<see cref="InFlightDays"/>), which the database does not hold yet. A failure in a later stage stops the
    /// others and is the one reported; when parsing fails, the batches parsed before it are still written, then it is reported.
    /// </summary>
    private async Task IngestIntervalsAsync(FileState state, IEnumerable<IntervalRow> rows, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var parsed = System.Threading.Channels.Channel.CreateBounded<BatchWork>(1);
        var prepared = System.Threading.Channels.Channel.CreateBounded<(IngestBatch Batch, bool MarkDone)>(1);
        var inFlight = new InFlightDays();
        var preparer = Task.Run(async () =>
        {
            try
            {
                await foreach (var work in parsed.Reader.ReadAllAsync(cancellationToken))
                {
                    if (await PrepareAsync(state, work, inFlight, cancellationToken) is { } batch)
                        await prepared.Writer.WriteAsync(batch, cancellationToken);
                }
                prepared.Writer.TryComplete();
            }
            catch (Exception e)
            {
                prepared.Writer.TryComplete(e);
                parsed.Writer.TryComplete(e);
                throw;
            }
        }, cancellationToken);
        long written = 0;
        var committer = Task.Run(async () =>
        {
            try
            {
                await foreach (var (batch, markDone) in prepared.Reader.ReadAllAsync(cancellationToken))
                {
                    await database.Reads.CommitBatchAsync(batch, clock, markDone, cancellationToken);
                    inFlight.Remove(batch.Days);
                    written += batch.Reads;
                }
            }
            catch (Exception e)
            {
                prepared.Writer.TryComplete(e);
                throw;
            }
        }, cancellationToken);
        try
        {
            await ParseIntervalsAsync(state, rows, parsed.Writer, progress, cancellationToken);
            parsed.Writer.TryComplete();
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // A later stage failed: its exception is the one to report.
        }
        catch (Exception e)
        {
            parsed.Writer.TryComplete();
            await WhenWrittenAsync(committer, preparer);
            // A file that breaks part way (a gzip cut short): say what of it is kept, and that the whole file adds the rest.
            if (e is UserErrorException && committer.IsCompletedSuccessfully && written > 0)
                throw new UserErrorException($"{e.Message} The {written:N0} reads of the whole batches before it are stored; ingesting the complete file adds the rest.", e);
            throw;
        }
        // The writer's failure first: a preparer stopped by it fails with the closed channel, not the cause.
        await committer;
        await preparer;
    }

    /// <summary>Waits for the later stages to finish what they were given; their own failure (cancellation, say) gives way to the parser's.</summary>
    private static async Task WhenWrittenAsync(Task committer, Task preparer)
    {
        try
        {
            await Task.WhenAll(committer, preparer);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException or UserErrorException
            or System.Data.Common.DbException)
        {
            // The parser's failure is the one reported.
        }
    }

    /// <summary>
    /// The days of batches merged but not yet written, by meter and date: the next batch's merge starts from these, not from the
    /// database, for the meter-days they hold (a meter's reads can run over a batch's end). It takes copies: the writer is still
    /// reading these.
    /// </summary>
    private sealed class InFlightDays
    {
        private readonly Dictionary<(string Meter, DateOnly Date), MeterDay> days = [];
        private readonly Lock gate = new();

        public void Add(IEnumerable<MeterDay> written)
        {
            lock (gate)
            {
                foreach (var day in written)
                    days[(day.MeterId.Value, day.Day.Date)] = day;
            }
        }

        /// <summary>Forgets a written batch's days (those a later batch replaced stay).</summary>
        public void Remove(IEnumerable<MeterDay> written)
        {
            lock (gate)
            {
                foreach (var day in written)
                {
                    var key = (day.MeterId.Value, day.Day.Date);
                    if (days.TryGetValue(key, out var held) && ReferenceEquals(held, day))
                        days.Remove(key);
                }
            }
        }

        /// <summary>Copies of a meter's days from <paramref name="from"/> up to <paramref name="to"/> (excluded) still being written.</summary>
        public List<MeterDay> Copies(string meter, DateOnly from, DateOnly to)
        {
            var copies = new List<MeterDay>();
            lock (gate)
            {
                if (days.Count == 0)
                    return copies;
                for (var date = from; date < to; date = date.AddDays(1))
                {
                    if (days.TryGetValue((meter, date), out var day))
                        copies.Add(day.Copy());
                }
            }
            return copies;
        }
    }

    private async Task ParseIntervalsAsync(FileState state, IEnumerable<IntervalRow> rows, System.Threading.Channels.ChannelWriter<BatchWork> batches,
        IProgress<double> progress, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<(string Meter, DateOnly Date), PendingDay>();
        PendingDay? lastDay = null;
        (string? Text, MeterContext? Context) lastMeter = (null, null);
        // The file's hash is not needed until a batch is prepared: parsing starts while it is computed.
        var batch = new IngestBatch(FileHash: "", Path.GetFileName(state.File), 0, 0);
        var counts = new ParseCounts();
        var rowsInBatch = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            // Batch n holds rows n·BatchRows up to (n+1)·BatchRows, rejected ones included (counted, not divided, for each row).
            if (++rowsInBatch > options.BatchRows)
            {
                await batches.WriteAsync(new BatchWork(batch, pending, state.RejectedInBatch, counts), cancellationToken);
                state.RejectedInBatch = 0;
                pending = [];
                lastDay = null;
                batch = new IngestBatch(FileHash: "", Path.GetFileName(state.File), batch.BatchNo + 1, 0);
                counts = new ParseCounts();
                rowsInBatch = 1;
                progress.Report(state.Position.Fraction);
            }
            if (row.Rejection is { } rejection)
            {
                state.Reject(rejection);
                continue;
            }
            var read = row.Read;
            // The meter of the row before (the reader hands out one id string while rows name the same meter), else a
            // known meter without an await (an awaited lookup a row would allocate a task for each), else registered or rejected.
            var context = ReferenceEquals(lastMeter.Text, read.MeterId.Value) ? lastMeter.Context
                : meters.TryGetValue(read.MeterId.Value, out var known) ? known
                : await MeterForAsync(state, row.Line, read, batch, cancellationToken);
            if (context is null)
                continue;
            lastMeter = (read.MeterId.Value, context);
            lastDay = Place(state, row.Line, read, context, batch, counts, pending, lastDay, now);
        }
        await batches.WriteAsync(new BatchWork(batch, pending, state.RejectedInBatch, counts), cancellationToken);
        state.RejectedInBatch = 0;
        progress.Report(1.0);
    }

    /// <summary>
    /// Puts a parsed read of a known meter in its pending day of the batch (checked, counted, a conflict with a read of the same
    /// slot earlier in the file recorded): the pending day it went to, else <paramref name="lastDay"/>. Kept out of
    /// <see cref="ParseIntervalsAsync"/>, whose locals live in fields of its state machine: this runs for every read.
    /// </summary>
    private static PendingDay? Place(FileState state, long line, in IntervalRead read, MeterContext context, IngestBatch batch, ParseCounts counts,
        Dictionary<(string Meter, DateOnly Date), PendingDay> pending, PendingDay? lastDay, DateTimeOffset now)
    {
        if (ReadAcceptance.Check(read, context.Meter, now) is { } refused)
        {
            state.Reject(state.Refused(line, refused));
            return lastDay;
        }
        state.Count(read, context.Meter.Unit);
        counts.Counted++;
        var day = context.DayOf(read.Start);
        // Rows of one meter-day usually come together: the day of the row before is checked first.
        if (lastDay is null || !ReferenceEquals(lastDay.Context, context) || lastDay.Day.Day.Date != day.Date)
        {
            var key = (context.Meter.Id.Value, day.Date);
            if (!pending.TryGetValue(key, out lastDay))
            {
                lastDay = new PendingDay(context, new MeterDay(context.Meter.Id, day, context.Meter.IntervalMinutes!.Value, context.Meter.Unit));
                pending[key] = lastDay;
            }
        }
        var slot = lastDay.Day.SlotOf(read.Start);
        if (slot < 0)
        {
            state.Reject(new Rejected(state.File, line, "interval_start", read.Start.ToString("O", CultureInfo.InvariantCulture),
                $"does not start on a {read.IntervalMinutes}-minute boundary of its local day in {context.Meter.TimeZone}"));
            return lastDay;
        }
        var value = read.Quantity.ConvertTo(context.Meter.Unit).Value;
        var existing = lastDay.Day.Qualities[slot];
        if (existing != ReadQuality.Missing)
        {
            if (lastDay.Day.Values[slot] == value && existing == read.Quality)
            {
                counts.Duplicates++;
                return lastDay;
            }
            batch.Revisions.Add(new ReadRevision(read.MeterId, read.Start, lastDay.Day.Values[slot], existing, value, read.Quality,
                $"{Path.GetFileName(state.File)} line {line}"));
            counts.Conflicts++;
        }
        lastDay.Day.SetSlot(slot, value, read.Quality);
        return lastDay;
    }

    /// <summary>
    /// Merges a parsed batch with the stored days near it (those still being written included), estimates gaps and checks the
    /// days it changes: the batch to write and whether to record it as done; null for a batch already committed (an import of this
    /// file stopped part way), whose reads all count as duplicates.
    /// </summary>
    private async Task<(IngestBatch Batch, bool MarkDone)?> PrepareAsync(FileState state, BatchWork work, InFlightDays inFlight, CancellationToken cancellationToken)
    {
        var (parsedBatch, pending, rejectedInBatch, parseCounts) = work;
        var (hash, committed) = await state.Identity;
        if (committed.Contains(parsedBatch.BatchNo))
        {
            state.Duplicates += parseCounts.Counted;
            state.Totals.SkippedBatches++;
            return null;
        }
        var batch = parsedBatch with { FileHash = hash };
        state.Duplicates += parseCounts.Duplicates;
        state.Conflicts += parseCounts.Conflicts;
        var source = Path.GetFileName(state.File);
        var counts = new MergeCounts();
        foreach (var group in pending.Values.GroupBy(p => p.Context.Meter.Id.Value))
        {
            var context = group.First().Context;
            var incoming = group.Select(p => p.Day).OrderBy(d => d.Day.Date).ToList();
            var from = incoming[0].Day.Date.AddDays(-7 * options.Rules.ProfileWeeks);
            var to = incoming[^1].Day.Date.AddDays(1);
            // Only ask the database when it holds days of this meter near these dates (a first import never asks). The days still
            // being written are taken first: one written meanwhile is then in the database's answer, else among these.
            Dictionary<DateOnly, MeterDay> stored = [];
            if (storedRanges.TryGetValue(context.Meter.Id.Value, out var range) && range.First < to && range.Last >= from)
            {
                var writing = inFlight.Copies(context.Meter.Id.Value, from, to);
                stored = (await database.Reads.GetDaysAsync(context.Meter, from, to, cancellationToken)).ToDictionary(d => d.Day.Date);
                foreach (var day in writing)
                    stored[day.Day.Date] = day;
            }
            var changed = new List<MeterDay>();
            foreach (var day in incoming)
            {
                if (!stored.TryGetValue(day.Day.Date, out var target))
                {
                    // A day not stored yet is stored as parsed: what merging it into an empty day makes, without the copy.
                    stored[day.Day.Date] = day;
                    var present = day.PresentCount;
                    counts.Accepted += present;
                    if (present > 0)
                        changed.Add(day);
                    continue;
                }
                if (target.IntervalMinutes != day.IntervalMinutes)
                    throw new UserErrorException($"{state.File}: meter {day.MeterId} on {day.Day.Date:yyyy-MM-dd} is stored at {target.IntervalMinutes}-minute intervals, the file has {day.IntervalMinutes}.");
                stored[day.Day.Date] = target;
                var alteredBefore = counts.Conflicts + counts.ReplacedEstimates;
                if (DayMerge.Merge(target, day, source, counts, batch.Revisions))
                    changed.Add(target);
                if (counts.Conflicts + counts.ReplacedEstimates > alteredBefore)
                    state.Totals.Altered(day.MeterId.Value, day.Day.Date);
            }
            if (changed.Count == 0)
                continue;
            state.Estimated += Estimator.FillGaps(changed, date => stored.GetValueOrDefault(date), options.Rules, source, batch.Flags);
            var changedDates = changed.Select(d => d.Day.Date).ToHashSet();
            ReadChecks.Check(changed, stored.Values.Where(d => !changedDates.Contains(d.Day.Date)), context.HasGeneration, options.Rules, source, batch.Flags);
            batch.Days.AddRange(changed);
            var first = changed.Min(d => d.Day.Date);
            var last = changed.Max(d => d.Day.Date);
            storedRanges[context.Meter.Id.Value] = storedRanges.TryGetValue(context.Meter.Id.Value, out var known)
                ? (known.First < first ? known.First : first, known.Last > last ? known.Last : last)
                : (first, last);
        }
        state.Accepted += counts.Accepted;
        Telemetry.ReadsStored.Add(counts.Accepted);
        state.Duplicates += counts.Duplicates;
        state.Conflicts += counts.Conflicts;
        state.ReplacedEstimates += counts.ReplacedEstimates;
        foreach (var flag in batch.Flags)
            state.Totals.Flag(flag.Rule);
        inFlight.Add(batch.Days);
        // A batch with rejected rows is not recorded as done: importing the file again (say with
        // --create-meters) processes it again, which is safe because merging is idempotent.
        return (batch with { Reads = (int)counts.Accepted }, rejectedInBatch == 0);
    }

    /// <summary>
    /// Green Button readings as interval rows. A UsagePoint whose link ends in a known meter id is
    /// that meter (our own exports); any other becomes meter <c>GB-…</c> named after its link. Daily
    /// readings of 23 or 25 hours are whole local days.
    /// </summary>
    private IEnumerable<IntervalRow> GreenButtonRows(FileState state, List<(long Line, PeriodRead Read)> periods, CancellationToken cancellationToken)
    {
        var file = state.File;
        var names = new Dictionary<string, MeterId>(StringComparer.Ordinal);
        (string? UsagePoint, MeterId Meter) previous = (null, default);
        // The feed's XML is read on a thread of its own, begun with the file (see ReadAhead).
        foreach (var reading in state.Read.Readings!)
        {
            if (reading.Rejection is { } rejection)
            {
                yield return new IntervalRow(reading.Line, default, rejection);
                continue;
            }
            // A block's readings share their usage point's string: the one before's meter without hashing the link again.
            MeterId meter;
            if (ReferenceEquals(reading.UsagePoint, previous.UsagePoint))
            {
                meter = previous.Meter;
            }
            else if (!names.TryGetValue(reading.UsagePoint, out meter))
            {
                var segments = reading.UsagePoint.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var last = segments.Length > 0 ? Uri.UnescapeDataString(segments[^1]) : "";
                // A known meter by its own id, else an id made from the link (every character outside the id alphabet becomes '-').
                var name = meters.ContainsKey(last) && Identifier.IsValid(last) ? last : Identifier.FromText("GB-" + string.Join("-", segments.TakeLast(4)), "GB-usage-point");
                meter = new MeterId(name);
                names[reading.UsagePoint] = meter;
                if (reading.ZoneHint is { } zone)
                    zoneHints[meter.Value] = zone;
            }
            previous = (reading.UsagePoint, meter);
            if (reading.DurationSeconds > Ingestion.GreenButton.GreenButtonReading.MaxIntervalSeconds)
            {
                // A billing-period reading (typically monthly gas): kept as a period read, not in meter-days.
                periods.Add((reading.Line, new PeriodRead(meter, reading.Start, reading.Start.AddSeconds(reading.DurationSeconds), reading.Quantity, reading.Quality)));
                continue;
            }
            if (reading.IntervalMinutes is not { } minutes)
            {
                yield return new IntervalRow(reading.Line, default, new Rejected(file, reading.Line, "duration", reading.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                    "is not a whole number of minutes that divides a day, nor a period longer than a day"));
                continue;
            }
            yield return new IntervalRow(reading.Line, new IntervalRead(meter, reading.Start, minutes, reading.Quantity, reading.Quality), null);
        }
    }

    /// <summary>
    /// Stores readings over periods longer than a day (monthly billing reads of Green Button gas
    /// feeds): the same reading again is a duplicate, a changed one replaces it.
    /// </summary>
    private async Task IngestPeriodsAsync(FileState state, List<(long Line, PeriodRead Read)> periods, CancellationToken cancellationToken)
    {
        if (periods.Count == 0)
            return;
        var batch = new IngestBatch((await state.Identity).Hash, Path.GetFileName(state.File), -1, 0);
        var now = clock.GetUtcNow();
        foreach (var group in periods.GroupBy(p => p.Read.Meter))
        {
            var first = group.First();
            var context = await MeterForAsync(state, first.Line,
                new IntervalRead(group.Key, first.Read.Start, MeterDay.MinutesPerDay, first.Read.Quantity, ReadQuality.Actual), batch, cancellationToken);
            if (context is null)
                continue;
            var stored = (await database.Reads.GetPeriodReadsAsync(group.Key, cancellationToken)).ToDictionary(r => r.Start);
            foreach (var (line, read) in group)
            {
                if (ReadAcceptance.Check(read, context.Meter, now) is { } refused)
                {
                    state.Reject(state.Refused(line, refused));
                    continue;
                }
                var converted = read with { Quantity = read.Quantity.ConvertTo(context.Meter.Unit) };
                state.Count(new IntervalRead(read.Meter, read.Start, MeterDay.MinutesPerDay, converted.Quantity, read.Quality), context.Meter.Unit, read.End);
                if (stored.TryGetValue(read.Start, out var old) && old == converted)
                {
                    state.Duplicates++;
                    continue;
                }
                state.Accepted++;
                if (old is not null)
                {
                    // A reading already stored, changed (a corrected reading, or the actual one for an estimate): a bill made on it may no
                    // longer agree, and ingest names its cycle to reconcile, as for interval reads.
                    if (old.Quality == ReadQuality.Estimated && converted.Quality != ReadQuality.Estimated)
                        state.ReplacedEstimates++;
                    else
                        state.Conflicts++;
                    state.Totals.Altered(group.Key.Value, context.DayOf(old.Start).Date);
                    state.Totals.Altered(group.Key.Value, context.DayOf((old.End > converted.End ? old.End : converted.End).AddTicks(-1)).Date);
                }
                batch.PeriodReads.Add(converted);
            }
        }
        await database.Reads.CommitBatchAsync(batch, clock, markDone: false, cancellationToken);
    }

    private async Task IngestRegistersAsync(FileState state, IEnumerable<RegisterRow> rows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var accepted = new List<(long Line, RegisterRead Read, MeterContext Context)>();
        var (hash, committed) = await state.Identity;
        var batch = new IngestBatch(hash, Path.GetFileName(state.File), 0, 0);
        foreach (var row in rows)
        {
            if (row.Rejection is { } rejection)
            {
                state.Reject(rejection);
                continue;
            }
            var read = row.Read;
            var context = await MeterForAsync(state, row.Line, new IntervalRead(read.MeterId, read.ReadAt, 1440, new Quantity(read.Register, read.Unit), ReadQuality.Actual),
                batch, cancellationToken, MeterKind.Register);
            if (context is null)
                continue;
            if (ReadAcceptance.Check(read, context.Meter, now) is { } refused)
            {
                state.Reject(state.Refused(row.Line, refused));
                continue;
            }
            accepted.Add((row.Line, read, context));
        }
        if (committed.Contains(0))
        {
            state.Duplicates += accepted.Count;
            state.Totals.SkippedBatches++;
            return;
        }
        foreach (var group in accepted.GroupBy(a => a.Read.MeterId))
        {
            var context = group.First().Context;
            var reads = group.Select(g => g.Read).OrderBy(r => r.ReadAt).ToList();
            var stored = await database.Reads.GetRegisterReadsAsync(group.Key, reads[0].ReadAt.AddYears(-1), reads[^1].ReadAt.AddSeconds(1), cancellationToken);
            var storedAt = stored.ToDictionary(r => r.ReadAt.UtcTicks);
            foreach (var read in reads)
            {
                state.Count(read);
                if (storedAt.TryGetValue(read.ReadAt.UtcTicks, out var old) && old == read)
                {
                    state.Duplicates++;
                    continue;
                }
                state.Accepted++;
                batch.RegisterReads.Add(read);
            }
            var timeline = stored.Where(r => !reads.Any(n => n.ReadAt == r.ReadAt)).Concat(reads).OrderBy(r => r.ReadAt).ToList();
            for (var i = 1; i < timeline.Count; i++)
            {
                var (previous, current) = (timeline[i - 1], timeline[i]);
                if (current.ReadAt > reads[0].ReadAt && current.ReadType != RegisterReadType.MeterExchangeIn)
                    state.AddUsage(current.MeterId, current.Unit, current.UsageSince(previous, context.Meter.RolloverAt).Value);
                if (ReadAcceptance.RegisterDecrease(previous, current, context.Meter.RolloverAt) is not { } decrease)
                    continue;
                var (rule, detail) = decrease;
                batch.Flags.Add(new ReadFlag(current.MeterId, current.ReadAt, rule, detail, Path.GetFileName(state.File)));
                state.Totals.Flag(rule);
            }
        }
        await database.Reads.CommitBatchAsync(batch with { Reads = batch.RegisterReads.Count }, clock, state.RejectedInBatch == 0, cancellationToken);
    }

    /// <summary>The meter a read belongs to; an unknown meter is rejected, or registered with <c>--create-meters</c>.</summary>
    private async Task<MeterContext?> MeterForAsync(FileState state, long line, IntervalRead read, IngestBatch batch, CancellationToken cancellationToken,
        MeterKind kind = MeterKind.Interval)
    {
        if (meters.TryGetValue(read.MeterId.Value, out var context))
            return context;
        if (!options.CreateMeters)
        {
            state.Reject(new Rejected(state.File, line, "meter_id", read.MeterId.Value, $"is not a known meter ({VeeRules.UnknownMeter}; use --create-meters to register it)"));
            return null;
        }
        await Task.CompletedTask;
        var zone = premises.TryGetValue(read.MeterId.Value, out var premise) ? premise.TimeZone
            : zoneHints.TryGetValue(read.MeterId.Value, out var hint) ? hint
            : TimeZones.FixedOffsetZone(read.Start.Offset);
        var unit = read.Quantity.Unit == Unit.Wh ? Unit.KWh : read.Quantity.Unit;
        // A register's digit count is not in the file: residential dials have 5, larger readings need more.
        var digits = kind == MeterKind.Register ? Math.Clamp(decimal.Truncate(Math.Abs(read.Quantity.Value)).ToString(CultureInfo.InvariantCulture).Length, 5, 10) : 6;
        var meter = new Meter(read.MeterId, unit.DefaultCommodity(), kind, unit, 1m, digits, kind == MeterKind.Interval ? read.IntervalMinutes : null, zone);
        context = new MeterContext(meter, TimeZones.Find(zone)) { HasGeneration = premise.HasGeneration };
        meters[meter.Id.Value] = context;
        batch.NewMeters.Add(meter);
        cancellationToken.ThrowIfCancellationRequested();
        return context;
    }

    /// <summary>The file's hash and the batches of it already committed by an import that stopped part way.</summary>
    private async Task<(string Hash, HashSet<int> Committed)> IdentityAsync(Task<string> hash, CancellationToken cancellationToken)
    {
        var fileHash = await hash;
        return (fileHash, await database.Reads.CommittedBatchesAsync(fileHash, cancellationToken));
    }

    private sealed record PendingDay(MeterContext Context, MeterDay Day);

    /// <summary>A parsed batch handed from the parser to the writer, with how many of its rows were rejected and what parsing counted.</summary>
    private sealed record BatchWork(IngestBatch Batch, Dictionary<(string Meter, DateOnly Date), PendingDay> Pending, int RejectedInBatch, ParseCounts Counts);

    /// <summary>
    /// What the parser counted in one batch: the reads that passed the checks, and of them the ones repeated in the file (same slot,
    /// same value and quality) or conflicting with an earlier version in it. The preparer adds them to the file's counts once it
    /// knows whether the batch was committed before (then all of its reads are duplicates).
    /// </summary>
    private sealed class ParseCounts
    {
        public long Counted { get; set; }

        public long Duplicates { get; set; }

        public long Conflicts { get; set; }
    }

    /// <summary>A meter and the local day its last read fell in (files are mostly in time order per meter).</summary>
    private sealed class MeterContext(Meter meter, TimeZoneInfo zone)
    {
        private LocalDay current;

        public Meter Meter { get; } = meter;

        public bool HasGeneration { get; init; }

        public LocalDay DayOf(DateTimeOffset start)
        {
            if (start >= current.Start && start < current.EndExclusive)
                return current;
            var local = TimeZoneInfo.ConvertTime(start, zone);
            current = LocalDay.Of(DateOnly.FromDateTime(local.DateTime), zone);
            return current;
        }
    }

    private sealed class Totals
    {
        private readonly Dictionary<string, MeterAccumulator> meters = new(StringComparer.Ordinal);

        public long Accepted { get; set; }

        public long Rejected { get; set; }

        public long Duplicates { get; set; }

        public long Estimated { get; set; }

        public long Conflicts { get; set; }

        public long ReplacedEstimates { get; set; }

        public long SkippedBatches { get; set; }

        /// <summary>
        /// For each meter a read already stored was changed on (a newer version, or an actual read for an estimate), the first and last
        /// day it changed on.
        /// </summary>
        public Dictionary<string, (DateOnly First, DateOnly Last)> AlteredDays { get; } = new(StringComparer.Ordinal);

        public void Altered(string meter, DateOnly day) => AlteredDays[meter] = AlteredDays.TryGetValue(meter, out var span)
            ? (day < span.First ? day : span.First, day > span.Last ? day : span.Last)
            : (day, day);

        public SortedDictionary<string, long> Flags { get; } = new(StringComparer.Ordinal);

        public List<string> RejectsFiles { get; } = [];

        public List<string> Rejections { get; } = [];

        public void Flag(string rule) => Flags[rule] = Flags.GetValueOrDefault(rule) + 1;

        public MeterAccumulator Meter(string id, Unit unit)
        {
            if (!meters.TryGetValue(id, out var accumulator))
                meters[id] = accumulator = new MeterAccumulator(unit);
            return accumulator;
        }

        public IngestSummary ToSummary(IReadOnlyList<string> files) => new(
            files, Accepted, Rejected, Duplicates, Estimated, Conflicts, SkippedBatches, Flags,
            meters.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => new MeterReadSummary(m.Key, m.Value.Reads, new QuantityTotal(m.Value.Total, m.Value.Unit.Symbol()), m.Value.First, m.Value.Last))
                .ToList(),
            RejectsFiles, Rejections)
        { ReplacedEstimates = ReplacedEstimates };
    }

    private sealed class MeterAccumulator(Unit unit)
    {
        public Unit Unit { get; } = unit;

        public long Reads { get; set; }

        public decimal Total { get; set; }

        public DateTimeOffset First { get; set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class FileState(ReadFile read, Task<(string Hash, HashSet<int> Committed)> identity, RejectsFile rejects, Totals totals)
    {
        private const int RejectionsShown = 20;
        private MeterAccumulator? lastMeter;
        private string? lastMeterId;

        /// <summary>The file, its reading begun.</summary>
        public ReadFile Read { get; } = read;

        public string File => Read.Path;

        /// <summary>The file's hash and the batches of it committed before (see <see cref="IdentityAsync"/>).</summary>
        public Task<(string Hash, HashSet<int> Committed)> Identity { get; } = identity;

        /// <summary>How far the reader has come through the file, for progress.</summary>
        public Ingestion.FileReadPosition Position => Read.Position;

        public Totals Totals { get; } = totals;

        public long Accepted { get; set; }

        public long Duplicates { get; set; }

        public long Estimated { get; set; }

        public long Conflicts { get; set; }

        public long ReplacedEstimates { get; set; }

        /// <summary>Adds this file's counts to the run's totals.</summary>
        public void Close()
        {
            Totals.Accepted += Accepted;
            Totals.Duplicates += Duplicates;
            Totals.Estimated += Estimated;
            Totals.Conflicts += Conflicts;
            Totals.ReplacedEstimates += ReplacedEstimates;
        }

        public void AddUsage(MeterId meter, Unit unit, decimal usage) => Accumulator(meter.Value, unit).Total += usage;

        /// <summary>Rows rejected since the last batch was committed.</summary>
        public int RejectedInBatch { get; set; }

        public Rejected Refused(long line, Refusal refusal) => new(File, line, refusal.Field, refusal.Value, refusal.Reason);

        public void Reject(Rejected rejected)
        {
            RejectedInBatch++;
            rejects.Write(rejected);
            Telemetry.RowsRejected.Add(1, new KeyValuePair<string, object?>("field", rejected.Field));
            Totals.Rejected++;
            if (Totals.Rejections.Count < RejectionsShown)
                Totals.Rejections.Add(rejected.ToString());
        }

        public void Count(in IntervalRead read, Unit unit, DateTimeOffset? end = null)
        {
            var meter = Accumulator(read.MeterId.Value, unit);
            meter.Reads++;
            meter.Total += read.Quantity.ConvertTo(unit).Value;
            if (read.Start < meter.First)
                meter.First = read.Start;
            var readEnd = end ?? read.End;
            if (readEnd > meter.Last)
                meter.Last = readEnd;
        }

        public void Count(RegisterRead read)
        {
            var meter = Accumulator(read.MeterId.Value, read.Unit);
            meter.Reads++;
            if (read.ReadAt < meter.First)
                meter.First = read.ReadAt;
            if (read.ReadAt > meter.Last)
                meter.Last = read.ReadAt;
        }

        private MeterAccumulator Accumulator(string id, Unit unit)
        {
            if (lastMeterId != id)
            {
                lastMeter = Totals.Meter(id, unit);
                lastMeterId = id;
            }
            return lastMeter!;
        }
    }
}
