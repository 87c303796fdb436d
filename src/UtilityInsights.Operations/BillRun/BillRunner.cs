using System.Globalization;
using System.Text;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Operations.BillRun;

/// <summary>
/// One of <see cref="Count"/> shares of a cycle (<see cref="Index"/> from 1): an account belongs to
/// the share given by a stable hash of its id (FNV-1a), so n processes with 1/n … n/n bill every
/// account exactly once between them, whatever order accounts were added in.
/// </summary>
public sealed record Partition(int Index, int Count)
{
    public static readonly Partition Whole = new(1, 1);

    /// <summary>Parses <c>i/n</c> with 1 ≤ i ≤ n ≤ 1,000.</summary>
    public static Partition Parse(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1_000 || index < 1 || index > count)
            throw new UserErrorException($"--partition '{text}' is not i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. 1/2 and 2/2 for two processes).");
        return new Partition(index, count);
    }

    public bool Contains(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(accountId))
            hash = unchecked((hash ^ b) * 16777619u);
        return hash % (uint)Count == (uint)(Index - 1);
    }
}

/// <summary>What one bill run did.</summary>
public sealed record BillRunResult(string RunId, string Cycle, int AccountsDue, int Billed, int Held, int AlreadyBilled, string Out)
{
    /// <summary>
    /// Accounts not billed because their stored id breaks the id rule (a database made before the rule):
    /// such an id cannot name a statement file safely. <c>db check</c> lists them; fix and run again.
    /// </summary>
    public IReadOnlyList<string> InvalidIds { get; init; } = [];

    /// <summary>Accounts left alone because they had no service in the period (moved in after it, or out before it).</summary>
    public int OutOfService { get; init; }
}

/// <summary>
/// The monthly bill run over one cycle. For each account with a premise, in account order: build
/// the statement (reads, rating, comparison, tips), check the hold rules, write the HTML and text
/// statements, then store the bill — ready (<see cref="BillStatus.Draft"/>) or held with its
/// reason — with the tariff, model and template versions. An account that already has a bill for
/// the cycle is skipped (except one held as <see cref="HoldReason.CannotBill"/> or <see cref="HoldReason.ReadsMissing"/>, retried once the cause is fixed or the reads are in), and a bill is stored at most once per account, cycle and revision (the
/// database refuses a second), so a stopped or killed run is resumed by running it again. An
/// account that cannot be billed (no tariff, no reads) is held with the reason, never dropped.
/// </summary>
public sealed class BillRunner(UtilityDatabase database, StatementBuilder builder, StatementRenderer renderer, HoldRules rules, TimeProvider clock)
{
    /// <summary>A runner with the shipped templates, tip catalog and branding.</summary>
    public static BillRunner WithDefaults(UtilityDatabase database, HoldRules rules, TimeProvider clock, int? workers = null,
        int readToleranceDays = BillPeriods.DefaultReadToleranceDays, Serilog.ILogger? log = null, bool statementFiles = true)
    {
        var renderer = StatementRenderer.Default();
        var builder = new StatementBuilder(database, TipCatalog.Default(), BrandingConfig.Default()) { ReadToleranceDays = readToleranceDays };
        return new BillRunner(database, builder, renderer, rules, clock)
        {
            Workers = workers ?? Environment.ProcessorCount,
            Log = log,
            WriteStatementFiles = statementFiles,
        };
    }

    /// <summary>
    /// How many accounts a worker bills at once: their reads, bills and ledger are read from the database in a few queries,
    /// and their bills are stored in one transaction.
    /// </summary>
    public const int LoadSize = 100;

    /// <summary>Where the run logs what it decided beyond the bills (late program assignments), or nowhere.</summary>
    public Serilog.ILogger? Log { get; init; }

    /// <summary>How many accounts are billed at once (default: one per core).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Whether each statement is also written as files (<c>OUT/ACCOUNT/CYCLE.html</c>, <c>.txt</c>, <c>.sms.txt</c>). The bill of
    /// record is the document stored with the bill, which issue, the portal and <c>statements render</c> read; a large utility
    /// (millions of files a cycle) turns the files off.
    /// </summary>
    public bool WriteStatementFiles { get; init; } = true;

    public Task<BillRunResult> RunAsync(string cycle, string outFolder, IProgress<double>? progress, CancellationToken cancellationToken) =>
        RunAsync(cycle, Partition.Whole, outFolder, progress, cancellationToken);

    public async Task<BillRunResult> RunAsync(string cycle, Partition partition, string outFolder, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var inPartition = (await database.Accounts.IdsWithPremisesAsync(cancellationToken)).Where(partition.Contains).ToList();
        return await RunAsync(cycle, partition, inPartition, AccountRange.All, outFolder, progress, cancellationToken);
    }

    /// <summary>
    /// One chunk of a distributed run (<see cref="Partition.Index"/> of <see cref="Partition.Count"/> chunks): the accounts with
    /// premises in <paramref name="range"/>, read by range in SQL, as is the state of their bills.
    /// </summary>
    public async Task<BillRunResult> RunChunkAsync(string cycle, Partition chunk, AccountRange range, string outFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(range);
        var ids = await database.Accounts.IdsWithPremisesInAsync(range, cancellationToken);
        return await RunAsync(cycle, chunk, ids.ToList(), range, outFolder, null, cancellationToken);
    }

    private async Task<BillRunResult> RunAsync(string cycle, Partition partition, List<string> inPartition, AccountRange range, string outFolder,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var period = BillingCycle.Parse(cycle).Period;
        using var activity = Telemetry.Source.StartActivity("billrun");
        activity?.SetTag("ui.cycle", cycle);
        activity?.SetTag("ui.partition", $"{partition.Index}/{partition.Count}");
        var runId = $"run-{cycle}-{partition.Index}of{partition.Count}-{clock.GetUtcNow():yyyyMMddTHHmmssfff}-{Environment.ProcessId}";
        var accounts = inPartition.Where(Identifier.IsValid).ToList();
        var invalidIds = inPartition.Where(id => !Identifier.IsValid(id)).ToList();
        // Accounts that became eligible for a running program since it began join it before any statement is composed
        // (every partition does the same draw: an account's arm is the same whichever process assigns it first).
        await Programs.ProgramEnrolment.AssignLateAsync(database, period.EndExclusive, clock, Log, cancellationToken);
        // The templates these bills are rendered with are kept before any bill is stored: their documents render with them ever after.
        await new StatementRecords(database, renderer).KeepCurrentTemplatesAsync(cancellationToken);
        await database.BillRuns.StartAsync(new BillRunRecord(runId, cycle, partition.Index, partition.Count, "running", clock.GetUtcNow(), null, accounts.Count, 0, 0),
            cancellationToken);
        int billed = 0, held = 0, already = 0, done = 0, outOfService = 0;
        var existing = await database.Bills.CycleStateAsync(cycle, range, cancellationToken);
        // Workers build a share of accounts at a time; one writer stores each share's bills in one transaction.
        // A share lost to a crash is billed again by the next run: storing is idempotent.
        var made = System.Threading.Channels.Channel.CreateBounded<List<Bill>>(new System.Threading.Channels.BoundedChannelOptions(2 * Workers)
        {
            SingleReader = true,
        });
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in made.Reader.ReadAllAsync(CancellationToken.None))
                {
                    // Stored even after Ctrl+C: what was built is kept, then the run stops.
                    var stored = await database.Bills.InsertAllAsync(batch, CancellationToken.None);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (!stored[i])
                        {
                            Interlocked.Increment(ref already);
                        }
                        else if (batch[i].Status == BillStatus.Held)
                        {
                            Interlocked.Increment(ref held);
                            Telemetry.BillsStored.Add(1, new KeyValuePair<string, object?>("status", "held"));
                            Telemetry.BillsHeld.Add(1, new KeyValuePair<string, object?>("reason", batch[i].HoldReason?.Code));
                        }
                        else
                        {
                            Interlocked.Increment(ref billed);
                            Telemetry.BillsStored.Add(1, new KeyValuePair<string, object?>("status", "draft"));
                        }
                    }
                }
            }
            catch (Exception e)
            {
                made.Writer.TryComplete(e);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            // Workers tasks bill a share of LoadSize accounts at a time (the builder's caches are thread-safe):
            // what the share's statements need is read from the database in a few queries, then each is
            // built in turn. Order does not matter: each bill is stored once whoever gets there.
            await Parallel.ForEachAsync(accounts.Chunk(LoadSize), new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken },
                async (share, token) =>
                {
                    using var chunkActivity = Telemetry.Source.StartActivity("billrun.chunk");
                    var chunkStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                    var due = new List<AccountId>(share.Length);
                    // Held bills never rated make way for this run's (in one transaction for the share); any other bill stays.
                    var unbillable = share.Select(id => existing.GetValueOrDefault(id))
                        .Where(state => state.HoldReason?.IsNotRated == true && !state.HasLines).Select(state => state.BillId).ToList();
                    var removed = unbillable.Count == 0 ? null : await database.Bills.RemoveUnbillableAsync(unbillable, token);
                    foreach (var id in share)
                    {
                        if (existing.TryGetValue(id, out var state) && removed?.Contains(state.BillId) != true)
                        {
                            Interlocked.Increment(ref already);
                            progress?.Report((double)Interlocked.Increment(ref done) / accounts.Count);
                        }
                        else
                        {
                            due.Add(new AccountId(id));
                        }
                    }
                    if (due.Count == 0)
                        return;
                    var bills = new List<Bill>(due.Count);
                    try
                    {
                        foreach (var sources in await builder.LoadAsync(due, period, token))
                        {
                            // Moved in after the period or out before it: nothing to bill, nothing to hold.
                            if (sources.OutOfService)
                                Interlocked.Increment(ref outOfService);
                            else
                                bills.Add(await BillAsync(sources, cycle, period, runId, outFolder, 1, null, token));
                            progress?.Report((double)Interlocked.Increment(ref done) / accounts.Count);
                        }
                    }
                    finally
                    {
                        // The share's bills in one transaction; after Ctrl+C, those built before it.
                        if (bills.Count > 0)
                            await made.Writer.WriteAsync(bills, CancellationToken.None);
                    }
                    Telemetry.ChunkDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(chunkStarted).TotalSeconds,
                        new KeyValuePair<string, object?>("cycle", cycle));
                });
        }
        finally
        {
            made.Writer.TryComplete();
            await writer;
        }
        progress?.Report(1);
        await database.BillRuns.UpdateAsync(runId, "finished", billed, held, clock.GetUtcNow(), cancellationToken);
        return new BillRunResult(runId, cycle, accounts.Count, billed, held, already, outFolder) { InvalidIds = invalidIds, OutOfService = outOfService };
    }

    /// <summary>
    /// Cancels an account's bill for a cycle and bills it again from the reads as they are now
    /// (corrected reads ingested beforehand): the newest revision is cancelled — an issued one with a
    /// correction line on the ledger reversing its charge, in the same transaction — and the next
    /// revision is built, checked against the hold rules and stored ready to issue (or held). Run
    /// again after a crash between the two steps, it finds the cancelled revision and only bills the next.
    /// </summary>
    public async Task<RebillResult> RebillAsync(AccountId account, string cycle, string outFolder, CancellationToken cancellationToken)
    {
        var period = BillingCycle.Parse(cycle).Period;
        var current = await database.Bills.GetAsync(account, cycle, cancellationToken)
            ?? throw new UserErrorException($"account {account} has no bill for {cycle} to correct: run billrun --cycle {cycle} first.");
        var runId = $"rebill-{cycle}-{account.Value}-{clock.GetUtcNow():yyyyMMddTHHmmssfff}";
        await new StatementRecords(database, renderer).KeepCurrentTemplatesAsync(cancellationToken);
        if (current.Status != BillStatus.Cancelled)
            await database.Bills.CancelAsync(current.BillId, $"Correction: bill {current.BillId} cancelled, replaced by a corrected bill", cancellationToken);
        var sources = (await builder.LoadAsync([account], period, cancellationToken))[0];
        var bill = await BillAsync(sources, cycle, period, runId, outFolder, current.Revision + 1, current, cancellationToken);
        if (!await database.Bills.InsertAsync(bill, cancellationToken))
            throw new UserErrorException($"revision {bill.Revision} of account {account}'s {cycle} bill was stored by another process meanwhile; run billrun status --cycle {cycle}.");
        return new RebillResult(current.BillId, current.Status, current.Total.Amount, bill.BillId, bill.Status, bill.Total.Amount, bill.HoldReason);
    }

    private async Task<Bill> BillAsync(AccountSources sources, string cycle, ServicePeriod period, string runId, string outFolder, int revision, Bill? replaces,
        CancellationToken cancellationToken)
    {
        var account = sources.Id;
        var billId = BillIds.For(cycle, account, revision);
        StatementBuild build;
        try
        {
            build = await builder.BuildAsync(sources, cycle, renderer, cancellationToken);
            if (replaces is not null)
                build = build with { Model = build.Model with { Correction = CorrectionText(build.Model.Language, replaces) } };
        }
        catch (Exception e) when (e is UserErrorException or TariffException)
        {
            // Cannot be billed as it stands (no tariff, no reads): held with the reason for a person to fix — or, when the period's
            // reads are not all in yet, to wait for them.
            return new Bill(billId, account, cycle, revision, period, BillStatus.Held,
                new HoldReason(e is ReadsMissingException ? HoldReason.ReadsMissing : HoldReason.CannotBill, e.Message), Quantity.KWh(0), null, null, null,
                renderer.TemplateVersion, runId, null, clock.GetUtcNow(), null, []);
        }
        var reason = rules.Check(build.Bill, build.Premise, build.EstimatedInARow, build.LastYear, build.PriorMonths, build.CohortAveragePerDay);
        cancellationToken.ThrowIfCancellationRequested();
        if (WriteStatementFiles)
        {
            StatementFiles.WriteAtomically(outFolder, account, cycle,
                ("html", renderer.RenderHtml(build.Model)), ("txt", renderer.RenderText(build.Model)), ("sms.txt", renderer.RenderSms(build.Model)));
        }
        // The bill's lines as stored: worded in English for the operators' records (the statement carries the customer's language).
        var lines = build.Bill.Lines.Select((l, i) => new PrintedLine(i + 1, l.Segment is { } segment ? LineWording.Segment(segment) : null,
            l.Category.ToString().ToLowerInvariant(), renderer.Wording.Describe(l.Facts, "en"), l.Quantity, l.Unit, l.Rate, l.Amount,
            renderer.Wording.Explain(l.Facts, "en"))).ToList();
        // The period billed: the cycle's month, or the account's route's period from one scheduled read to the next.
        return new Bill(billId, account, cycle, revision, build.Bill.Period, reason is null ? BillStatus.Draft : BillStatus.Held, reason, build.Bill.Usage,
            build.Bill.TariffId, build.TariffVersion, build.Model.ModelVersion, renderer.TemplateVersion, runId, build.DueDate, clock.GetUtcNow(), null, lines)
        {
            Tips = build.TipIds,
            ComparisonState = build.Model.Comparison?.State,
            Carry = build.Bill.CarryOut,
            Determinants = build.Bill.Determinants,
            ExportCredit = build.Bill.ExportCredit,
            // The bill of record: the model the statement files were just rendered from, stored with the bill.
            Document = new BillDocument(StatementDocument.FormatVersion, renderer.TemplateVersion, StatementDocument.Write(build.Model, renderer.TemplateVersion)),
            RegisterEstimate = build.RegisterEstimate,
        };
    }

    private static string CorrectionText(string language, Bill replaced)
    {
        var culture = Languages.Culture(language);
        var amount = replaced.Total.Amount.ToString("C2", culture);
        var issued = replaced.IssuedAt is not null;
        return (language, issued) switch
        {
            ("es", true) => $"Esta factura corregida reemplaza la factura {replaced.BillId} de {amount}: ese cargo ya se anuló en su cuenta. Disculpe las molestias.",
            ("es", false) => $"Esta factura corregida reemplaza la factura {replaced.BillId}, que no llegó a emitirse.",
            (_, true) => $"This corrected bill replaces bill {replaced.BillId} for {amount}: that charge has been reversed on your account. We apologise for the trouble.",
            _ => $"This corrected bill replaces bill {replaced.BillId}, which had not been issued.",
        };
    }
}

/// <summary>What <c>billrun rebill</c> did: the bill cancelled and the one that replaces it.</summary>
public sealed record RebillResult(string CancelledBillId, BillStatus CancelledStatusWas, decimal CancelledTotal, string BillId, BillStatus Status, decimal Total, HoldReason? HoldReason);
