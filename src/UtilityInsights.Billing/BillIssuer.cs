using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Billing;

/// <summary>What <see cref="BillIssuer"/> did.</summary>
public sealed record IssueResult(string Cycle, int Issued, int Email, int Paper, string Delivery);

/// <summary>
/// Issues a cycle's ready and approved bills: each bill's statement goes to its account's delivery
/// channel — the email outbox (<c>email/ACCOUNT.html</c> and <c>.txt</c>, listed in
/// <c>outbox.csv</c>) and/or the print batch (<c>print/ACCOUNT.pdf</c>, or <c>.html</c>, listed in
/// <c>manifest.csv</c>), plus the one-message summary for every customer with a phone number
/// (<c>sms/outbox.csv</c>) — and then, in one transaction, the bill becomes issued and its total is
/// posted to the ledger. Delivery files are written before the bill is issued, so a stopped run
/// loses nothing; running it again issues what is left and never posts a charge twice.
/// </summary>
public sealed class BillIssuer(UtilityDatabase database, TimeProvider clock)
{
    /// <summary>Issues the cycle's ready and approved bills.</summary>
    /// <param name="cycle">The billing month.</param>
    /// <param name="statementsFolder">Where the bill run wrote the statements.</param>
    /// <param name="deliveryFolder">Where the email outbox, print batch and SMS list go (a folder per cycle).</param>
    /// <param name="print">The print batch as PDFs (one per statement), or as the HTML statements.</param>
    /// <param name="cancellationToken">Stops between bills; what was issued stays issued.</param>
    public async Task<IssueResult> IssueAsync(string cycle, string statementsFolder, string deliveryFolder, PrintBatch print,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(print);
        var folder = Path.Combine(deliveryFolder, cycle);
        var email = Path.Combine(folder, "email");
        var paper = Path.Combine(folder, "print");
        int issued = 0, emailed = 0, printed = 0;
        foreach (var status in new[] { BillStatus.Draft, BillStatus.Approved })
        {
            foreach (var (billId, accountId) in await database.Bills.InStatusAsync(cycle, status, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var account = await database.Accounts.GetAsync(accountId, cancellationToken)
                    ?? throw new InvalidOperationException($"bill {billId} belongs to account {accountId}, which is not in the database.");
                var html = StatementFiles.For(statementsFolder, accountId, cycle, "html");
                var text = StatementFiles.For(statementsFolder, accountId, cycle, "txt");
                if (!File.Exists(html) || !File.Exists(text))
                    throw new UserErrorException($"the statement of bill {billId} is missing ({html}): run billrun --cycle {cycle} with the same --out first.");
                if (account.Channel is DeliveryChannel.Email or DeliveryChannel.Both)
                {
                    Directory.CreateDirectory(email);
                    File.Copy(html, Path.Combine(email, $"{accountId.Value}.html"), overwrite: true);
                    File.Copy(text, Path.Combine(email, $"{accountId.Value}.txt"), overwrite: true);
                }
                if (account.Channel is DeliveryChannel.Paper or DeliveryChannel.Both)
                {
                    Directory.CreateDirectory(paper);
                    if (print.PrintsPdf)
                        await print.PrintAsync(await File.ReadAllTextAsync(html, cancellationToken), Path.Combine(paper, $"{accountId.Value}.pdf"), cancellationToken);
                    else
                        File.Copy(html, Path.Combine(paper, $"{accountId.Value}.html"), overwrite: true);
                }
                if (!await database.Bills.IssueAsync(billId, clock.GetUtcNow(), $"Bill for {cycle}", cancellationToken))
                    continue;
                issued++;
                if (account.Channel is DeliveryChannel.Email or DeliveryChannel.Both)
                    emailed++;
                if (account.Channel is DeliveryChannel.Paper or DeliveryChannel.Both)
                    printed++;
            }
        }
        await WriteListsAsync(cycle, statementsFolder, email, paper, Path.Combine(folder, "sms"), print.PrintsPdf ? "pdf" : "html", cancellationToken);
        return new IssueResult(cycle, issued, emailed, printed, folder);
    }

    /// <summary>Rewrites the outbox and print manifest from every issued bill of the cycle, so they are whole after a resumed run.</summary>
    private async Task WriteListsAsync(string cycle, string statementsFolder, string email, string print, string sms, string printExtension, CancellationToken cancellationToken)
    {
        var issued = await database.Bills.InStatusAsync(cycle, BillStatus.Issued, cancellationToken);
        var outbox = new List<string[]>();
        var manifest = new List<string[]>();
        var texts = new List<string[]>();
        foreach (var (billId, accountId) in issued)
        {
            var account = await database.Accounts.GetAsync(accountId, cancellationToken);
            if (account is null)
                continue;
            if (account.Channel is DeliveryChannel.Email or DeliveryChannel.Both)
            {
                var subject = account.Language == Language.Spanish ? $"Su factura de {cycle}" : $"Your {cycle} bill";
                outbox.Add([billId, accountId.Value, account.Email ?? "", subject, $"{accountId.Value}.html", $"{accountId.Value}.txt"]);
            }
            if (account.Channel is DeliveryChannel.Paper or DeliveryChannel.Both)
                manifest.Add([billId, accountId.Value, account.Name, account.MailingAddress.Length > 0 ? account.MailingAddress : account.ServiceAddress, $"{accountId.Value}.{printExtension}"]);
            // Every customer with a phone number also gets the one-message summary.
            var summary = StatementFiles.For(statementsFolder, accountId, cycle, "sms.txt");
            if (account.Phone is { } phone && File.Exists(summary))
                texts.Add([billId, accountId.Value, phone, (await File.ReadAllTextAsync(summary, cancellationToken)).Trim()]);
        }
        if (texts.Count > 0)
            StatementFiles.WriteCsv(Path.Combine(sms, "outbox.csv"), ["bill_id", "account_id", "to", "message"], texts, cancellationToken);
        if (outbox.Count > 0)
            StatementFiles.WriteCsv(Path.Combine(email, "outbox.csv"), ["bill_id", "account_id", "to", "subject", "html", "text"], outbox, cancellationToken);
        if (manifest.Count > 0)
            StatementFiles.WriteCsv(Path.Combine(print, "manifest.csv"), ["bill_id", "account_id", "name", "mailing_address", "statement"], manifest, cancellationToken);
    }
}
