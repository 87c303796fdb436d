using System.Globalization;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Operations.Issue;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;

namespace UtilityInsights.Operations.Notices;

/// <summary>
/// When reminders go out: days after the due date for each stage, and the smallest balance worth a
/// letter. A late payment charge is made only where the utility configures one (<see cref="LateFeeFlat"/>
/// and/or <see cref="LateFeePercent"/> of the overdue balance): once per bill, when its first reminder goes out.
/// </summary>
public sealed record NoticeRules(int FirstAfterDays = 7, int SecondAfterDays = 21, decimal MinimumAmount = 5m, int DaysToPay = 10)
{
    /// <summary>A fixed late payment charge; 0 for none.</summary>
    public decimal LateFeeFlat { get; init; }

    /// <summary>A late payment charge as a percentage of the overdue balance; 0 for none.</summary>
    public decimal LateFeePercent { get; init; }

    public bool ChargesLateFees => LateFeeFlat > 0 || LateFeePercent > 0;

    /// <summary>The charge on an overdue balance, to the cent (half away from zero).</summary>
    public decimal LateFeeFor(decimal overdue) => decimal.Round(LateFeeFlat + overdue * LateFeePercent / 100m, 2, MidpointRounding.AwayFromZero);
}

/// <summary>What one <c>notices run</c> did.</summary>
public sealed record NoticeRunResult(DateOnly AsOf, int Checked, int Overdue, int FirstReminders, int SecondNotices, int AlreadySent, string Out)
{
    /// <summary>Late payment charges posted by this run, and their sum.</summary>
    public int LateFees { get; init; }

    public decimal LateFeeTotal { get; init; }

    /// <summary>Notices that could not be written, by bill, account and reason; the others went out.</summary>
    public IReadOnlyList<DeliveryFailure> Failed { get; init; } = [];
}

/// <summary>
/// Reminders for overdue balances as of a date. For each account, its newest issued bill due before
/// the date is the one reminded of; the overdue amount is the ledger balance on that date less the
/// charges of any later bill (not yet due). A first reminder goes out <see cref="NoticeRules.FirstAfterDays"/>
/// after the due date, a second notice <see cref="NoticeRules.SecondAfterDays"/> after it, only once
/// the first has gone and at least the gap between the two stages after it (a customer always has
/// time to answer the first). Each (bill, stage) is sent at most once, ever: the notice files are
/// written first and the notice recorded after, so a stopped run re-run sends nothing twice.
/// Wording is courteous, offers a payment plan and assistance, and never threatens.
/// </summary>
public sealed class NoticeRunner(UtilityDatabase database, StatementRenderer renderer, BrandingConfig branding, NoticeRules rules, TimeProvider clock)
{
    /// <summary>Writes the notices due on <paramref name="asOf"/>; a paper customer's is also printed when <paramref name="print"/> makes PDFs.</summary>
    public Task<NoticeRunResult> RunAsync(DateOnly asOf, string outFolder, PrintBatch print, CancellationToken cancellationToken) =>
        RunAsync(asOf, outFolder, print, null, cancellationToken);

    /// <summary>The notices of one <paramref name="batch"/> of accounts (all when null), listed in the day's list for that batch (<c>notices-DATE-0003.csv</c>).</summary>
    public async Task<NoticeRunResult> RunAsync(DateOnly asOf, string outFolder, PrintBatch print, DeliveryBatch? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(print);
        ArgumentNullException.ThrowIfNull(outFolder);
        var endOfDay = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        int overdue = 0, first = 0, second = 0, already = 0, lateFees = 0;
        var lateFeeTotal = 0m;
        var candidates = await database.Notices.CandidatesAsync(asOf, batch?.Accounts ?? AccountRange.All, cancellationToken);
        // The day's list gains a row as each notice is recorded: a run stopped half-way, or run again later the same day, keeps every row.
        using var sent = new DeliveryList(Path.Combine(outFolder, DeliveryBatch.ListName($"notices-{asOf:yyyy-MM-dd}", batch)),
            ["bill_id", "account_id", "stage", "channel", "email", "amount", "html", "text", "pdf", "phone", "sms"]);
        var failed = new List<DeliveryFailure>();
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var balance = new AccountBalance(await database.Ledger.EntriesAsync(candidate.AccountId, cancellationToken));
                var feeCharged = balance.LateFeeOn(candidate.BillId);
                var amount = balance.OverdueOn(candidate.BillId, candidate.Cycle, candidate.Currency, endOfDay);
                if (amount < rules.MinimumAmount)
                    continue;
                overdue++;
                var daysLate = asOf.DayNumber - candidate.DueDate.DayNumber;
                var stages = await database.Notices.SentAsync(candidate.BillId, cancellationToken);
                if (NextStage(stages, daysLate, asOf) is not { } due)
                {
                    if (stages.Count > 0)
                        already++;
                    continue;
                }
                var account = await database.Accounts.GetAsync(candidate.AccountId, cancellationToken);
                if (account is null)
                    continue;
                // The late payment charge goes on the ledger before the reminder is written, once per bill
                // (its reference is the bill's), so a run stopped in between charges nothing twice.
                var fee = feeCharged?.Amount.Amount ?? 0m;
                if (feeCharged is null && due == NoticeStage.FirstReminder && rules.ChargesLateFees)
                {
                    fee = rules.LateFeeFor(amount);
                    // Posted on the as-of date (its start, UTC), never at the wall clock: a back-dated run posts the same ledger.
                    var postedAt = endOfDay.AddDays(-1);
                    if (fee > 0 && await database.Ledger.PostAsync(new LedgerEntry(account.Id, postedAt, LedgerEntryKind.LateFee, new Money.Money(fee, candidate.Currency),
                            AccountBalance.LateFeeReference(candidate.BillId), candidate.BillId, $"Late payment charge on bill {candidate.BillId}"), cancellationToken))
                    {
                        lateFees++;
                        lateFeeTotal += fee;
                    }
                }
                amount += fee;
                var model = Model(account, candidate, due, new Money.Money(amount, candidate.Currency), new Money.Money(fee, candidate.Currency), asOf, balance, endOfDay);
                var name = $"{candidate.Cycle}-{(due == NoticeStage.FirstReminder ? "reminder" : "second-notice")}";
                var html = renderer.RenderNoticeHtml(model);
                StatementFiles.WriteAtomically(outFolder, account.Id, name, ("html", html), ("txt", renderer.RenderNoticeText(model)), ("sms.txt", renderer.RenderNoticeSms(model)));
                var printed = print.PrintsPdf && account.Channel is DeliveryChannel.Paper or DeliveryChannel.Both;
                if (printed)
                    await print.PrintAsync(new PrintDocument(account.Id.Value, html), StatementFiles.For(outFolder, account.Id, name, "pdf"), cancellationToken);
                // Listed before it is recorded (as a bill is delivered before it is issued): a run stopped in between writes
                // the notice again, and the list, keyed by bill, keeps one row.
                sent.Add(candidate.BillId, account.Id.Value, due.ToString(), account.Channel.ToString().ToLowerInvariant(), account.Email ?? "",
                    amount.ToString("0.00", CultureInfo.InvariantCulture), StatementFiles.Listed(outFolder, account.Id, name, "html"),
                    StatementFiles.Listed(outFolder, account.Id, name, "txt"), printed ? StatementFiles.Listed(outFolder, account.Id, name, "pdf") : "", account.Phone ?? "",
                    string.IsNullOrWhiteSpace(account.Phone) ? "" : StatementFiles.Listed(outFolder, account.Id, name, "sms.txt"));
                if (await database.Notices.RecordAsync(new Notice(candidate.BillId, due, account.Id, asOf, new Money.Money(amount, candidate.Currency), clock.GetUtcNow()), cancellationToken))
                {
                    if (due == NoticeStage.FirstReminder)
                        first++;
                    else
                        second++;
                }
                else
                {
                    already++;
                }
            }
            catch (Exception e) when (e is UserErrorException or IOException or UnauthorizedAccessException)
            {
                // One account's notice that cannot be written (an id that cannot name a file) never stops the others.
                failed.Add(new DeliveryFailure(candidate.BillId, candidate.AccountId.Value, e.Message));
            }
        }
        return new NoticeRunResult(asOf, candidates.Count, overdue, first, second, already, outFolder)
        {
            LateFees = lateFees,
            LateFeeTotal = lateFeeTotal,
            Failed = failed,
        };
    }

    /// <summary>The stage due now, or null: a first reminder once late enough; a second notice once later still and long enough after the first.</summary>
    private NoticeStage? NextStage(IReadOnlyDictionary<NoticeStage, DateOnly> sent, int daysLate, DateOnly asOf)
    {
        if (!sent.TryGetValue(NoticeStage.FirstReminder, out var firstSent))
            return daysLate >= rules.FirstAfterDays ? NoticeStage.FirstReminder : null;
        if (sent.ContainsKey(NoticeStage.SecondNotice) || daysLate < rules.SecondAfterDays)
            return null;
        return asOf.DayNumber - firstSent.DayNumber >= rules.SecondAfterDays - rules.FirstAfterDays ? NoticeStage.SecondNotice : null;
    }

    private NoticeModel Model(Account account, OverdueCandidate candidate, NoticeStage stage, Money.Money amount, Money.Money lateFee, DateOnly asOf,
        AccountBalance balance, DateTimeOffset endOfDay)
    {
        var language = account.Language.Code();
        var culture = Languages.Culture(language);
        var t = renderer.Strings(language);
        var utility = branding.For(language, account.AutoPay);
        string Date(DateOnly day) => DateWords.InFull(day, language, culture);
        var month = DateWords.Month(DateOnly.ParseExact(candidate.Cycle + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), language, culture);
        var first = stage == NoticeStage.FirstReminder;
        // An AutoPay customer did not forget: the bank's payment did not come (refused, or the account changed). The portal says the same.
        var autoPay = first && account.AutoPay ? "_autopay" : "";
        return new NoticeModel
        {
            Language = language,
            Utility = utility,
            Account = new StatementAccount(account.Id.Value, account.Name, account.ServiceAddress, account.MailingAddress),
            Stage = stage.ToString(),
            Title = t[first ? "notice_first_title" : "notice_second_title"],
            Greeting = string.Format(culture, t["notice_greeting"], account.Name),
            Intro = string.Format(culture, t[first ? "notice_first_intro" + autoPay : "notice_second_intro"], month, Date(candidate.DueDate)),
            Amount = MoneyText.Format(amount.Amount, culture),
            PayBy = string.Format(culture, t["notice_pay_by"], Date(asOf.AddDays(rules.DaysToPay))),
            Plan = string.Format(culture, t["notice_plan"], utility.Phone, utility.Email),
            Assistance = t["notice_assistance"],
            Sms = string.Format(culture, t[first ? "notice_sms_first" + autoPay : "notice_sms_second"],
                DateOnly.ParseExact(candidate.Cycle + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMM yyyy", culture), MoneyText.Format(amount.Amount, culture), utility.Phone),
            // A second notice repeats the charge made with the first reminder, saying no other was added: it never reads as a second fee.
            LateFee = lateFee.Amount > 0 ? string.Format(culture, t[first ? "notice_late_fee" : "notice_late_fee_earlier"], MoneyText.Format(lateFee.Amount, culture)) : null,
            Date = Date(asOf),
            Unpaid = [.. balance.UnpaidOn(candidate.BillId, candidate.Cycle, candidate.Currency, endOfDay).Select(i => BalanceWords.Unpaid(i, language, culture)),
                .. lateFee.Amount > 0 ? [BalanceWords.Unpaid(new UnpaidItem(candidate.BillId, LedgerEntryKind.LateFee, lateFee.Amount), language, culture)] : Array.Empty<string>()],
            // The payments since the bill was issued (on its own statement date; the cycle's for a bill the ledger does not show issued).
            PaymentsReceived = balance.PaymentsBetween(balance.IssuedOn(candidate.BillId) ?? DatesOfRecord.IssuedAt(BillingCycle.Parse(candidate.Cycle).Period), endOfDay)
                is { Count: > 0 } payments
                ? string.Format(culture, t["notice_payments"], string.Join(language == "es" ? " y " : " and ", payments.Select(p => BalanceWords.Payment(p, language, culture))))
                : null,
        };
    }
}
