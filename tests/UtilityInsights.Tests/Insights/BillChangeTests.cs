using UtilityInsights.Insights;

namespace UtilityInsights.Tests.Insights;

public class BillChangeTests
{
    private static BillSnapshot Bill(int days, decimal usage, decimal hdd, decimal total, decimal cdd = 0m) =>
        new(days, usage, hdd, cdd, UtilityInsights.Money.Money.Usd(total));

    [Test]
    public void The_parts_of_a_bill_change_add_up_exactly_to_the_difference()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var earlier = Bill(28 + random.Next(4), 300m + random.Next(900), random.Next(900), Math.Round(40m + random.Next(20000) / 100m, 2));
            var current = Bill(28 + random.Next(4), 300m + random.Next(900), random.Next(900), Math.Round(40m + random.Next(20000) / 100m, 2));

            var change = BillChange.Explain(current, earlier, 0.8m, 1.1m);

            Assert.That(UtilityInsights.Money.MoneyEnumerableExtensions.Sum(change.Parts.Select(p => p.Amount), UtilityInsights.Money.Currency.Usd), Is.EqualTo(change.Difference));
            Assert.That(change.Parts.All(p => p.Amount.IsRounded), Is.True);
        }
    }

    [Test]
    public void Three_more_days_at_the_same_usage_per_day_and_price_are_all_days()
    {
        var earlier = Bill(28, 560m, 0m, 70.00m);   // 20 kWh a day at $0.125
        var current = Bill(31, 620m, 0m, 77.50m);

        var change = BillChange.Explain(current, earlier, 0m, 0m);

        Assert.That(change.Parts.Select(p => (p.Factor, p.Amount.Amount)), Is.EqualTo(new[]
        {
            (ChangeFactor.Days, 7.50m), (ChangeFactor.HeatingWeather, 0m), (ChangeFactor.CoolingWeather, 0m), (ChangeFactor.Rate, 0m), (ChangeFactor.Usage, 0m),
        }));
    }

    [Test]
    public void Colder_weather_is_priced_at_the_earlier_average_price()
    {
        var earlier = Bill(30, 600m, 300m, 60.00m);  // $0.10
        var current = Bill(30, 680m, 400m, 68.00m);  // 100 more HDD × 0.8 kWh = 80 kWh

        var change = BillChange.Explain(current, earlier, 0.8m, 0m);

        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.HeatingWeather).Amount.Amount, Is.EqualTo(8.00m));
        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Usage).Amount.Amount, Is.EqualTo(0m));
    }

    [Test]
    public void Colder_but_much_less_hot_shows_the_heating_cost_and_the_cooling_saving_each_with_its_own_sign()
    {
        // 228 more heating degree days (+0.5 kWh each) and 150 fewer cooling degree days (−1.5 kWh each): 114 − 225 = −111 kWh.
        var earlier = Bill(30, 900m, 100m, 90.00m, cdd: 200m);  // $0.10
        var current = Bill(30, 789m, 328m, 78.90m, cdd: 50m);

        var change = BillChange.Explain(current, earlier, 0.5m, 1.5m);

        Assert.Multiple(() =>
        {
            Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.HeatingWeather).Amount.Amount, Is.EqualTo(11.40m));
            Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.CoolingWeather).Amount.Amount, Is.EqualTo(-22.50m));
            Assert.That(change.Parts.Sum(p => p.Amount.Amount), Is.EqualTo(change.Difference.Amount));
        });
    }

    [Test]
    public void Weather_is_not_priced_when_the_earlier_bill_was_a_credit()
    {
        var earlier = Bill(30, 600m, 300m, -20.00m);
        var current = Bill(30, 680m, 400m, 30.00m);

        var change = BillChange.Explain(current, earlier, 0.8m, 0m);

        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.HeatingWeather).Amount.Amount, Is.Zero);
    }
}

public class BillChangeRateTests
{
    [Test]
    public void With_the_same_tariff_a_different_mix_of_tiers_is_usage_not_rate()
    {
        var earlier = new BillSnapshot(31, 500m, 0, 0, UtilityInsights.Money.Money.Usd(50.00m));
        var current = new BillSnapshot(31, 800m, 0, 0, UtilityInsights.Money.Money.Usd(92.00m));

        var change = BillChange.Explain(current, earlier, 0, 0, currentAtEarlierRates: UtilityInsights.Money.Money.Usd(92.00m));

        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Rate).Amount.Amount, Is.EqualTo(0m));
        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.Usage).Amount.Amount, Is.EqualTo(42.00m));
    }
}
