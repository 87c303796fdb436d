using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Statements;
using UtilityInsights.Storage;

namespace UtilityInsights.Web;

/// <summary>The balance a customer sees at the top of every portal page, already formatted.</summary>
/// <param name="AmountDue">Everything owed now (the ledger's balance); a credit shows as a negative amount.</param>
/// <param name="PastDue">The part whose due date has passed, or null when none has.</param>
/// <param name="DueDate">The newest issued bill's due date, or null before the first bill.</param>
/// <param name="LastPayment">The last payment received in words ("$40.00 on January 10, 2026"), or null.</param>
/// <param name="AutoPay">Whether the account pays by AutoPay.</param>
/// <param name="PayUrl">The utility's payment page, or null when none is configured.</param>
public sealed record BalancePanel(string AmountDue, string? PastDue, string? DueDate, string? LastPayment, bool AutoPay, string? PayUrl)
{
    /// <summary>
    /// What the panel says about AutoPay, as a key of <see cref="PortalText"/>: off; on; or on while a bill past its due date is still
    /// unpaid — AutoPay did not pay it (the bank refused it, or the customer joined after it was due), so "we take each bill on its
    /// due date" would not be true of it.
    /// </summary>
    public string AutoPayText => !AutoPay ? "autopay_off" : PastDue is null ? "autopay_on" : "autopay_unpaid";
}

/// <summary>One line of a customer's account activity: a bill, a payment, a late payment charge or an adjustment, with the balance after it.</summary>
public sealed record ActivityRow(string Date, string What, string Amount, string Balance);

/// <summary>An account's balance in figures (see <see cref="BalancePanels.FiguresAsync"/>).</summary>
public sealed record BalanceFigures(decimal Owed, string Currency, decimal? PastDue, DateOnly? DueDate, LedgerEntry? LastPayment, bool AutoPay);

/// <summary>
/// Reads a customer's balance and account activity from the ledger and the issued bills. What is
/// past due is what the ledger holds beyond the bills not yet due, on the portal's clock (a live
/// page, unlike a statement, whose figures are fixed by its dates of record).
/// </summary>
public sealed class BalancePanels(UtilityDatabase database, BrandingConfig branding, TimeProvider clock)
{
    public async Task<BalancePanel> ForAsync(AccountId accountId, string language, CancellationToken cancellationToken)
    {
        var culture = Languages.Culture(language);
        var figures = await FiguresAsync(accountId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        return new BalancePanel(MoneyText.Format(figures.Owed, culture), figures.PastDue is { } pastDue ? MoneyText.Format(pastDue, culture) : null,
            figures.DueDate is { } dueDate ? DateWords.InFull(dueDate, language, culture) : null,
            figures.LastPayment is null ? null : BalanceWords.Payment(figures.LastPayment, language, culture), figures.AutoPay, branding.PayUrl);
    }

    /// <summary>
    /// The account's balance on <paramref name="today"/>: what is owed (the ledger's sum), the part past
    /// due (owed beyond the issued bills not yet due), the newest issued bill's due date, the last payment.
    /// </summary>
    public async Task<BalanceFigures> FiguresAsync(AccountId accountId, DateOnly today, CancellationToken cancellationToken)
    {
        var entries = await database.Ledger.EntriesAsync(accountId, cancellationToken);
        var bills = (await database.Bills.ForAccountAsync(accountId, cancellationToken)).Where(b => b.Status == BillStatus.Issued).ToList();
        var account = await database.Accounts.GetAsync(accountId, cancellationToken);
        var balance = new AccountBalance(entries);
        var notYetDue = bills.Where(b => b.DueDate is { } due && due >= today).Sum(b => b.Total.Amount);
        var newest = bills.Count > 0 ? bills[0] : null;
        var currency = newest?.Total.Currency ?? (entries.Count > 0 ? entries[0].Amount.Currency : Currency.Usd);
        return new BalanceFigures(balance.Owed, currency.Code, balance.PastDue(notYetDue), newest?.DueDate,
            entries.Where(e => e.Kind == LedgerEntryKind.Payment).MaxBy(e => e.PostedAt), account?.AutoPay == true);
    }

    /// <summary>The account's ledger, newest first, each line with the balance after it.</summary>
    public async Task<IReadOnlyList<ActivityRow>> ActivityAsync(AccountId accountId, string language, CancellationToken cancellationToken)
    {
        var culture = Languages.Culture(language);
        var es = language == "es";
        var rows = new List<ActivityRow>();
        foreach (var (entry, balance) in new AccountBalance(await database.Ledger.EntriesAsync(accountId, cancellationToken)).Running())
        {
            var what = (entry.Kind, BalanceWords.BillMonth(entry.BillId, language, culture), es) switch
            {
                (LedgerEntryKind.Charge, { } m, false) => $"{m} bill",
                (LedgerEntryKind.Charge, { } m, true) => $"Factura de {m}",
                (LedgerEntryKind.Payment, _, false) => "Payment received — thank you",
                (LedgerEntryKind.Payment, _, true) => "Pago recibido — gracias",
                (LedgerEntryKind.LateFee, { } m, false) => $"Late payment charge on the {m} bill",
                (LedgerEntryKind.LateFee, { } m, true) => $"Cargo por pago atrasado de la factura de {m}",
                (_, { } m, false) => $"Correction to the {m} bill",
                (_, { } m, true) => $"Corrección de la factura de {m}",
                (_, _, false) => "Adjustment",
                _ => "Ajuste",
            };
            rows.Add(new ActivityRow(DateWords.Day(DateOnly.FromDateTime(entry.PostedAt.UtcDateTime), es ? "es" : "en", culture), what,
                MoneyText.Format(entry.Amount.Amount, culture), MoneyText.Format(balance, culture)));
        }
        rows.Reverse();
        return rows;
    }
}
