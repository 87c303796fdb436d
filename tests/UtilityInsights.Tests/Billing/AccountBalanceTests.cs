using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;

namespace UtilityInsights.Tests.Billing;

public class AccountBalanceTests
{
    private static readonly AccountId Account = new("A-1");

    /// <summary>The January 2025 statement's date: the first of February.</summary>
    private static readonly DateTimeOffset StatementDate = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Entry(string day, LedgerEntryKind kind, decimal amount, string reference, string? billId = null) =>
        new(Account, DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), kind, UtilityInsights.Money.Money.Usd(amount),
            reference, billId, kind.ToString());

    private static LedgerEntry Charge(string day, string cycle, decimal amount) =>
        Entry(day, LedgerEntryKind.Charge, amount, $"B-{cycle}-A-1-1", $"B-{cycle}-A-1-1");

    [Test]
    public void A_statement_drawn_again_after_later_bills_went_out_leaves_them_out_but_counts_an_earlier_correction()
    {
        var balance = new AccountBalance(
        [
            Charge("2024-12-01", "2024-11", 80.00m),
            Charge("2025-01-01", "2024-12", 86.35m),
            Charge("2025-02-01", "2025-01", 106.36m),
            // Later months' bills, issued before the January statement is drawn again (a rebill, a preview) ...
            Charge("2025-03-01", "2025-02", 95.10m),
            Entry("2025-03-01", LedgerEntryKind.Adjustment, -95.10m, "B-2025-02-A-1-1-cancel", "B-2025-02-A-1-1"),
            Charge("2025-03-01", "2025-02", 93.00m) with { Reference = "B-2025-02-A-1-2", BillId = "B-2025-02-A-1-2" },
            // ... and December's bill corrected after January's statement date: its reversal dated as its charge.
            Entry("2025-01-01", LedgerEntryKind.Adjustment, -86.35m, "B-2024-12-A-1-1-cancel", "B-2024-12-A-1-1"),
            Charge("2025-01-01", "2024-12", 84.00m) with { Reference = "B-2024-12-A-1-2", BillId = "B-2024-12-A-1-2" },
            Entry("2025-01-10", LedgerEntryKind.Adjustment, -5.00m, "GOODWILL-1"),
        ]);

        var opening = balance.ForStatement("2025-01", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), StatementDate);

        Assert.Multiple(() =>
        {
            Assert.That(opening.PreviousBalance, Is.EqualTo(80.00m + 84.00m - 5.00m), "November, December as corrected and the goodwill credit; not February");
            Assert.That(balance.UnpaidBefore("2025-01", StatementDate).Select(u => u.BillId), Has.None.StartsWith("B-2025-02"), "no later bill is past due on it");
            Assert.That(balance.UnpaidBefore("2025-01", StatementDate).Sum(u => u.Amount), Is.EqualTo(opening.Owed));
        });
    }

    [Test]
    public void A_partly_paid_bill_and_its_late_fee_are_what_is_past_due_and_add_up_to_what_is_owed()
    {
        var balance = new AccountBalance(
        [
            Charge("2024-12-01", "2024-11", 80.00m),
            Entry("2024-12-10", LedgerEntryKind.Payment, -80.00m, "P-1"),
            Charge("2025-01-01", "2024-12", 86.35m),
            Entry("2025-01-20", LedgerEntryKind.Payment, -40.00m, "P-2"),
            Entry("2025-01-29", LedgerEntryKind.LateFee, 3.44m, "B-2024-12-A-1-1-late-fee", "B-2024-12-A-1-1"),
            Charge("2025-02-01", "2025-01", 106.36m),
        ]);

        var opening = balance.ForStatement("2025-01", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), StatementDate);
        var unpaid = balance.UnpaidBefore("2025-01", StatementDate);

        Assert.Multiple(() =>
        {
            Assert.That(opening, Is.EqualTo(new StatementBalance(86.35m, -40.00m, 3.44m)));
            Assert.That(opening.Owed, Is.EqualTo(49.79m));
            Assert.That(unpaid, Is.EqualTo(new[]
            {
                new UnpaidItem("B-2024-12-A-1-1", LedgerEntryKind.Charge, 46.35m),
                new UnpaidItem("B-2024-12-A-1-1", LedgerEntryKind.LateFee, 3.44m),
            }));
            Assert.That(unpaid.Sum(u => u.Amount), Is.EqualTo(opening.Owed));
        });
    }

    /// <summary>
    /// A route's statement dated January 15th, composed weeks later: the payment of January 20th is not on it (it is the next one's),
    /// and the next statement, from January 15th, counts it once.
    /// </summary>
    [Test]
    public void A_payment_after_the_statement_date_is_on_the_next_statement_only()
    {
        var balance = new AccountBalance(
        [
            Charge("2024-12-16", "2024-12", 90.00m),
            Entry("2025-01-05", LedgerEntryKind.Payment, -50.00m, "P-1"),
            Entry("2025-01-20", LedgerEntryKind.Payment, -40.00m, "P-2"),
            Charge("2025-01-15", "2025-01", 70.00m),
        ]);
        var january = balance.ForStatement("2025-01", new DateTimeOffset(2024, 12, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero));
        var february = balance.ForStatement("2025-02", new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 14, 0, 0, 0, TimeSpan.Zero));

        Assert.Multiple(() =>
        {
            Assert.That(january, Is.EqualTo(new StatementBalance(90.00m, -50.00m, 0m)), "January 20th's payment is after this statement's date");
            Assert.That(february, Is.EqualTo(new StatementBalance(110.00m, -40.00m, 0m)), "and on the next one, once");
            Assert.That(february.Owed, Is.EqualTo(balance.Owed), "which owes what the ledger does");
            Assert.That(balance.UnpaidBefore("2025-01", new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero)).Sum(u => u.Amount), Is.EqualTo(january.Owed));
            Assert.That(balance.IssuedOn("B-2025-01-A-1-1"), Is.EqualTo(new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void Two_unpaid_bills_are_both_past_due_oldest_first_and_a_credit_leaves_nothing_past_due()
    {
        var owing = new AccountBalance([Charge("2024-12-01", "2024-11", 70.00m), Charge("2025-01-01", "2024-12", 90.00m), Charge("2025-02-01", "2025-01", 100.00m)]);
        var credit = new AccountBalance([Charge("2025-01-01", "2024-12", 90.00m), Entry("2025-01-05", LedgerEntryKind.Payment, -120.00m, "P-1")]);

        Assert.Multiple(() =>
        {
            Assert.That(owing.UnpaidBefore("2025-01", StatementDate).Select(u => (u.BillId, u.Amount)),
                Is.EqualTo(new[] { ((string?)"B-2024-11-A-1-1", 70.00m), ("B-2024-12-A-1-1", 90.00m) }));
            Assert.That(credit.UnpaidBefore("2025-01", StatementDate), Is.Empty);
        });
    }

    [Test]
    public void A_cancelled_bill_is_not_past_due()
    {
        var balance = new AccountBalance(
        [
            Charge("2025-01-01", "2024-12", 90.00m),
            Entry("2025-01-15", LedgerEntryKind.Adjustment, -90.00m, "B-2024-12-A-1-1-cancel", "B-2024-12-A-1-1"),
            Entry("2025-01-15", LedgerEntryKind.Charge, 85.00m, "B-2024-12-A-1-2", "B-2024-12-A-1-2"),
        ]);

        Assert.That(balance.UnpaidBefore("2025-01", StatementDate), Is.EqualTo(new[] { new UnpaidItem("B-2024-12-A-1-2", LedgerEntryKind.Charge, 85.00m) }));
    }

    [Test]
    public void What_is_past_due_is_the_balance_beyond_the_bills_not_yet_due_and_never_more_than_the_balance()
    {
        var balance = new AccountBalance([Charge("2026-01-01", "2025-12", 60m), Charge("2026-02-01", "2026-01", 40m),
            Entry("2026-01-20", LedgerEntryKind.Payment, -30m, "PAY-1")]);

        Assert.Multiple(() =>
        {
            Assert.That(balance.Owed, Is.EqualTo(70m));
            Assert.That(balance.PastDue(notYetDue: 40m), Is.EqualTo(30m));
            Assert.That(balance.PastDue(notYetDue: 70m), Is.Null, "nothing past due when the balance is all new charges");
            Assert.That(new AccountBalance([Entry("2026-01-20", LedgerEntryKind.Payment, -30m, "PAY-1")]).PastDue(0m), Is.Null, "an account in credit owes nothing");
        });
    }
}
