using UtilityInsights.Billing;

namespace UtilityInsights.Tests.Billing;

public class ScanLineTests
{
    [Test]
    public void A_scan_line_holds_the_account_the_due_date_the_amount_in_cents_and_a_Luhn_check_digit()
    {
        var line = ScanLine.For("A-000003", 183.73m, new DateOnly(2026, 2, 22));

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.StartWith("A000003 20260222 0000018373 "));
            Assert.That(ScanLine.IsValid(line), Is.True);
            Assert.That(ScanLine.For("A-000003", -5m, new DateOnly(2026, 2, 22)), Does.Contain(" 0000000000 "), "an account in credit owes nothing");
        });
    }

    [Test]
    public void The_check_digit_is_Luhn_s_and_catches_a_changed_digit_or_two_swapped()
    {
        var line = ScanLine.For("A-000003", 183.73m, new DateOnly(2026, 2, 22));

        Assert.Multiple(() =>
        {
            Assert.That(ScanLine.CheckDigit("7992739871"), Is.EqualTo(3), "the textbook Luhn example");
            Assert.That(ScanLine.IsValid(line.Replace("18373", "18378", StringComparison.Ordinal)), Is.False);
            Assert.That(ScanLine.IsValid(line.Replace("18373", "18337", StringComparison.Ordinal)), Is.False);
        });
    }
}
