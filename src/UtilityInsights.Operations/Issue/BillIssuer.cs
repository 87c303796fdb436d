using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Issue;

/// <summary>A bill or notice that could not be delivered, and why (a later run tries it again).</summary>
public sealed record DeliveryFailure(string BillId, string AccountId, string Reason);

/// <summary>What <see cref="BillIssuer"/> did.</summary>
public sealed record IssueResult(string Cycle, int Issued, int Email, int Paper, string Delivery)
{
    /// <summary>Bills that could not be delivered, by id and reason; the others were delivered, listed and issued.</summary>
    public IReadOnlyList<DeliveryFailure> Failed { get; init; } = [];
}

/// <summary>
/// Issues a cycle's ready and approved bills: each bill's statement goes to its account's delivery
/// channel — the email outbox (<c>email/ACCOUNT.html</c> and <c>.txt</c>, listed in
/// <c>outbox.csv</c>) and/or paper (batch PDFs of up to 500 statements with their own manifests,
/// <see cref="PaperBatches"/>, or each statement's HTML, <c>print/ACCOUNT.html</c>; all listed in
/// <c>manifest.csv</c>), plus the one-message summary for every customer with a phone number
/// (<c>sms/outbox.csv</c>) — and then, in one transaction, the bill becomes issued and its total is
/// posted to the ledger. Each bill is delivered and appended to its lists before it is issued (a
/// paper bill once its batch is printed), so a stopped run loses nothing and a re-run issues what is
/// left, never posting a charge, listing a bill or printing a statement twice. A bill that cannot be delivered (its statement is missing, its account id cannot name
/// a file) is reported with the reason and left ready; the rest of the cycle goes on.
/// </summary>
public sealed class BillIssuer(UtilityDatabase database, StatementRenderer? renderer = null)
{
    private readonly StatementRecords records = new(database, renderer ?? StatementRenderer.Default());

    /// <summary>Issues the cycle's ready and approved bills.</summary>
    /// <param name="cycle">The billing month.</param>
    /// <param name="statementsFolder">Where the bill run wrote the statements.</param>
    /// <param name="deliveryFolder">Where the email outbox, print batch and SMS list go (a folder per cycle).</param>
    /// <param name="print">The print batch as PDFs (one per statement), or as the HTML statements.</param>
    /// <param name="cancellationToken">Stops between bills; what was issued stays issued.</param>
    public Task<IssueResult> IssueAsync(string cycle, string statementsFolder, string deliveryFolder, PrintBatch print,
        CancellationToken cancellationToken) => IssueAsync(cycle, statementsFolder, deliveryFolder, print, null, cancellationToken);

    /// <summary>
    /// Issues the ready and approved bills of one <paramref name="batch"/> of accounts (all of them when null): a distributed
    /// issue runs one job per batch, each with lists of its own (<c>outbox-0001.csv</c>, <c>manifest-0001.csv</c>, …) beside the
    /// others in the cycle's delivery folder, so that workers never append to the same file.
    /// </summary>
    public async Task<IssueResult> IssueAsync(string cycle, string statementsFolder, string deliveryFolder, PrintBatch print, DeliveryBatch? batch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(print);
        var folder = OutputPaths.Inside(deliveryFolder, cycle);
        var email = Path.Combine(folder, "email");
        var paper = Path.Combine(folder, "print");
        using var outbox = new DeliveryList(Path.Combine(email, DeliveryBatch.ListName("outbox", batch)), ["bill_id", "account_id", "to", "subject", "html", "text"]);
        using var manifest = new DeliveryList(Path.Combine(paper, DeliveryBatch.ListName("manifest", batch)), PaperBatches.Header);
        using var texts = new DeliveryList(Path.Combine(folder, "sms", DeliveryBatch.ListName("outbox", batch)), ["bill_id", "account_id", "to", "message"]);
        var lists = new DeliveryLists(outbox, manifest, texts, print.PrintsPdf ? new PaperBatches(paper, batch, print, manifest) : null);
        // Each bill is issued on its own statement date — the day after its period (a route's read), not today: a late or
        // back-dated issue posts the same ledger.
        var issueDates = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        int issued = 0, emailed = 0, printed = 0;
        var failed = new List<DeliveryFailure>();

        async Task IssueAsync(string billId, Account account)
        {
            // Taken out as it is used: the dictionary holds only the bills on their way (a print batch's at most), not the whole issue.
            if (!issueDates.Remove(billId, out var issuedAt))
                throw new InvalidOperationException($"bill {billId} was issued without being delivered first");
            if (!await database.Bills.IssueAsync(billId, issuedAt, $"Bill for {cycle}", cancellationToken))
                return;
            issued++;
            if (account.Channel is DeliveryChannel.Email or DeliveryChannel.Both)
                emailed++;
            if (account.Channel is DeliveryChannel.Paper or DeliveryChannel.Both)
                printed++;
        }

        // A paper batch is printed when full and at the end, in the background while the next bills are delivered (one batch
        // at a time); its bills are issued once it is written and listed, before the next batch starts.
        PaperBatches.Printing? printing = null;
        async Task FinishPrintingAsync()
        {
            if (printing is not { } batchPrinting)
                return;
            printing = null;
            IReadOnlyList<(string BillId, Account Account)> delivered;
            try
            {
                delivered = await lists.Paper!.FinishAsync(batchPrinting, cancellationToken);
            }
            catch (Exception e) when (e is UserErrorException or IOException or UnauthorizedAccessException)
            {
                failed.AddRange(batchPrinting.Bills.Select(w => new DeliveryFailure(w.BillId, w.Account.Id.Value, $"its print batch could not be printed: {e.Message}")));
                return;
            }
            foreach (var (billId, account) in delivered)
                await IssueAsync(billId, account);
        }
        async Task PrintWaitingAsync()
        {
            await FinishPrintingAsync();
            printing = lists.Paper!.Start(cancellationToken);
        }

        foreach (var status in new[] { BillStatus.Draft, BillStatus.Approved })
        {
            // A hundred bills at a time: their accounts and statement documents read in two queries and the
            // statements rendered on every core; then each is delivered, listed and issued in turn.
            foreach (var chunk in (await database.Bills.InStatusAsync(cycle, status, batch?.Accounts ?? AccountRange.All, cancellationToken)).Chunk(ChunkSize))
            {
                var accounts = await database.Accounts.GetManyAsync(chunk.Select(c => c.Account.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
                var documents = await database.Bills.DocumentsAsync(chunk.Select(c => c.BillId).ToList(), cancellationToken);
                // Each statement renders with the templates it was made with (usually today's, kept by the bill run).
                var renderers = new Dictionary<string, StatementRenderer>(StringComparer.Ordinal);
                foreach (var version in documents.Values.Select(d => d.TemplateVersion).Distinct(StringComparer.Ordinal))
                    renderers[version] = await records.RendererForAsync(version, cancellationToken);
                var rendered = new StatementCopy?[chunk.Length];
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                    rendered[i] = documents.TryGetValue(chunk[i].BillId, out var document) ? Render(document, renderers[document.TemplateVersion]) : null);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var (billId, accountId, period) = chunk[i];
                    issueDates[billId] = DatesOfRecord.IssuedAt(period);
                    cancellationToken.ThrowIfCancellationRequested();
                    var account = accounts.GetValueOrDefault(accountId.Value);
                    if (account is null)
                    {
                        failed.Add(new DeliveryFailure(billId, accountId.Value, "the account is not in the database"));
                        continue;
                    }
                    bool waitsForPrint;
                    try
                    {
                        var copy = rendered[i] ?? await FromFilesAsync(account.Id, cycle, statementsFolder, cancellationToken);
                        waitsForPrint = await DeliverAsync(cycle, billId, account, copy, email, paper, lists, cancellationToken);
                    }
                    catch (Exception e) when (e is UserErrorException or IOException or UnauthorizedAccessException)
                    {
                        failed.Add(new DeliveryFailure(billId, accountId.Value, e.Message));
                        continue;
                    }
                    if (!waitsForPrint)
                        await IssueAsync(billId, account);
                    else if (lists.Paper!.Full)
                        await PrintWaitingAsync();
                }
            }
        }
        if (lists.Paper is { Waiting.Count: > 0 })
            await PrintWaitingAsync();
        await FinishPrintingAsync();
        return new IssueResult(cycle, issued, emailed, printed, folder) { Failed = failed };
    }

    /// <summary>The run's delivery lists, and its paper batches when it prints PDFs.</summary>
    private sealed record DeliveryLists(DeliveryList Outbox, DeliveryList Manifest, DeliveryList Texts, PaperBatches? Paper);

    /// <summary>One bill's statement as it goes out: HTML, text, the one-message summary and, from its document of record, the statement to print.</summary>
    private sealed record StatementCopy(string Html, string Text, string? Sms, PaperStatement? Paper = null, string? Subject = null);

    private const int ChunkSize = 100;

    /// <summary>The statement to send, rendered from the bill of record (the document stored with the bill).</summary>
    private static StatementCopy Render(BillDocument document, StatementRenderer renderer)
    {
        var model = StatementDocument.Read(document.Content).Model;
        return new StatementCopy(renderer.RenderHtml(model), renderer.RenderText(model), renderer.RenderSms(model), new PaperStatement(model, renderer.Strings(model.Language)),
            model.EmailSubject);
    }

    /// <summary>For a bill stored before documents were kept: the files the bill run wrote.</summary>
    private static async Task<StatementCopy> FromFilesAsync(AccountId id, string cycle, string statementsFolder, CancellationToken cancellationToken)
    {
        var html = StatementFiles.For(statementsFolder, id, cycle, "html");
        var text = StatementFiles.For(statementsFolder, id, cycle, "txt");
        if (!File.Exists(html) || !File.Exists(text))
            throw new UserErrorException($"the statement is missing ({html}): run billrun --cycle {cycle} with the same --out first");
        var sms = StatementFiles.For(statementsFolder, id, cycle, "sms.txt");
        return new StatementCopy(await File.ReadAllTextAsync(html, cancellationToken), await File.ReadAllTextAsync(text, cancellationToken),
            File.Exists(sms) ? await File.ReadAllTextAsync(sms, cancellationToken) : null);
    }

    /// <summary>
    /// Writes one bill's statement to the account's channels and lists it; every file name is checked to stay in its folder. Returns
    /// whether the bill waits for its print batch (a paper statement printed as PDF; the batch lists it when printed).
    /// </summary>
    private static async Task<bool> DeliverAsync(string cycle, string billId, Account account, StatementCopy copy, string email, string paper,
        DeliveryLists lists, CancellationToken cancellationToken)
    {
        var id = account.Id;
        if (account.Channel is DeliveryChannel.Email or DeliveryChannel.Both)
        {
            Directory.CreateDirectory(email);
            await StatementFiles.WriteAtomicallyAsync(StatementFiles.Named(email, id.Value, "html"), copy.Html, cancellationToken);
            await StatementFiles.WriteAtomicallyAsync(StatementFiles.Named(email, id.Value, "txt"), copy.Text, cancellationToken);
            var subject = copy.Subject ?? StatementTitles.EmailSubject(BillingCycle.Parse(cycle).Period.Start, account.Language.Code());
            lists.Outbox.Add(billId, id.Value, account.Email ?? "", subject, $"{id.Value}.html", $"{id.Value}.txt");
        }
        // Every customer with a phone number also gets the one-message summary.
        if (account.Phone is { } phone && copy.Sms is { } sms)
            lists.Texts.Add(billId, id.Value, phone, sms.Trim());
        if (account.Channel is not (DeliveryChannel.Paper or DeliveryChannel.Both))
            return false;
        if (lists.Paper is { } batches)
        {
            if (batches.Printed(billId))
                return false;
            batches.Add(billId, account, copy.Html, copy.Paper);
            return true;
        }
        var target = StatementFiles.Named(paper, id.Value, "html");
        await StatementFiles.WriteAtomicallyAsync(target, copy.Html, cancellationToken);
        lists.Manifest.Add(PaperBatches.Row(billId, account, Path.GetFileName(target), placement: null, duplex: false));
        return false;
    }
}
