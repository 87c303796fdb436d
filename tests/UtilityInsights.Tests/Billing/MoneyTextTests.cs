using System.Globalization;
using UtilityInsights.Money;

namespace UtilityInsights.Tests.Billing;

public class MoneyTextTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-US");

    [Test]
    public void Negative_amounts_have_a_true_minus_sign_in_every_language_and_changes_their_sign()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MoneyText.Format(-11.62m, English), Is.EqualTo("−$11.62"));
            Assert.That(MoneyText.Format(-11.62m, Spanish), Is.EqualTo("−$11.62"));
            Assert.That(MoneyText.Format(1234.5m, English), Is.EqualTo("$1,234.50"));
            Assert.That(MoneyText.WithSign(8.1m, English), Is.EqualTo("+$8.10"));
            Assert.That(MoneyText.WithSign(-7.66m, English), Is.EqualTo("−$7.66"));
        });
    }

    [Test]
    public void Percentages_follow_the_culture_and_drop_needless_decimals()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MoneyText.Percent(0.5m, English), Is.EqualTo("50%"));
            Assert.That(MoneyText.Percent(0.04m, English, 3), Is.EqualTo("4%"));
            Assert.That(MoneyText.Percent(0.0625m, English, 3), Is.EqualTo("6.25%"));
            Assert.That(MoneyText.Percent(0.125m, English, 1), Is.EqualTo("12.5%"));
            Assert.That(MoneyText.Percent(0.5m, Spanish), Is.EqualTo("50 %"));
        });
    }
}
