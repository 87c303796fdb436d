using UtilityInsights.Money;

namespace UtilityInsights.Tests.Money;

public class MoneyTests
{
    [TestCase("0.125", "0.13")]
    [TestCase("0.135", "0.14")]
    [TestCase("-0.125", "-0.13")]
    [TestCase("2.004999", "2.00")]
    public void Rounding_to_cents_is_half_away_from_zero_by_default(string amount, string expected)
    {
        var rounded = UtilityInsights.Money.Money.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Round();

        Assert.That(rounded.Amount, Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Half_to_even_rounding_is_available_when_a_tariff_asks_for_it()
    {
        Assert.That(UtilityInsights.Money.Money.Usd(0.125m).Round(MoneyRounding.HalfToEven).Amount, Is.EqualTo(0.12m));
    }

    [Test]
    public void Rounding_up_rounds_the_magnitude_up()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UtilityInsights.Money.Money.Usd(1.001m).Round(MoneyRounding.Up).Amount, Is.EqualTo(1.01m));
            Assert.That(UtilityInsights.Money.Money.Usd(-1.001m).Round(MoneyRounding.Up).Amount, Is.EqualTo(-1.01m));
            Assert.That(UtilityInsights.Money.Money.Usd(1.000m).Round(MoneyRounding.Up).Amount, Is.EqualTo(1.00m));
        });
    }

    [Test]
    public void Minor_units_round_trip_exactly()
    {
        var amount = UtilityInsights.Money.Money.Usd(1234.56m);

        Assert.That(UtilityInsights.Money.Money.FromMinorUnits(amount.ToMinorUnits(), Currency.Usd), Is.EqualTo(amount));
        Assert.That(amount.ToMinorUnits(), Is.EqualTo(123_456L));
    }

    [Test]
    public void An_unrounded_amount_has_no_minor_units()
    {
        Assert.Throws<InvalidOperationException>(() => UtilityInsights.Money.Money.Usd(0.125m).ToMinorUnits());
    }

    [Test]
    public void Adding_different_currencies_throws()
    {
        var dollars = UtilityInsights.Money.Money.Usd(1m);
        var euros = new UtilityInsights.Money.Money(1m, Currency.FromCode("EUR"));

        Assert.Throws<InvalidOperationException>(() => _ = dollars + euros);
    }

    [Test]
    public void A_sum_of_nothing_is_zero_in_the_given_currency()
    {
        Assert.That(Array.Empty<UtilityInsights.Money.Money>().Sum(Currency.Usd), Is.EqualTo(UtilityInsights.Money.Money.Zero(Currency.Usd)));
    }
}
