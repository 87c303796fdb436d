using UtilityInsights.Insights;
using UtilityInsights.Money;

namespace UtilityInsights.Tests.Insights;

public class WeatherSensitivityTests
{
    /// <summary>A year of a home using 10 kWh a day plus 1.5 per heating and 2.0 per cooling degree day.</summary>
    private static List<WeatherMonth> Year(decimal perHdd, decimal perCdd, decimal noise = 0)
    {
        decimal[] hddPerDay = [30, 26, 18, 9, 3, 0, 0, 0, 2, 10, 20, 28];
        decimal[] cddPerDay = [0, 0, 0, 1, 5, 12, 16, 15, 8, 1, 0, 0];
        return Enumerable.Range(0, 12).Select(m =>
        {
            var perDay = 10 + perHdd * hddPerDay[m] + perCdd * cddPerDay[m] + (m % 2 == 0 ? noise : -noise);
            return new WeatherMonth(30, perDay * 30, hddPerDay[m] * 30, cddPerDay[m] * 30);
        }).ToList();
    }

    [Test]
    public void The_fit_recovers_a_home_s_use_per_heating_and_cooling_degree_day()
    {
        var fit = WeatherSensitivity.Fit(Year(1.5m, 2.0m));

        Assert.That(fit.PerHeatingDegreeDay, Is.EqualTo(1.5m).Within(0.001m));
        Assert.That(fit.PerCoolingDegreeDay, Is.EqualTo(2.0m).Within(0.001m));
    }

    [Test]
    public void A_home_that_does_not_heat_with_the_meter_gets_no_heating_sensitivity_never_a_negative_one()
    {
        var fit = WeatherSensitivity.Fit(Year(-0.3m, 1.2m));

        Assert.That(fit.PerHeatingDegreeDay, Is.EqualTo(0m));
        Assert.That(fit.PerCoolingDegreeDay, Is.GreaterThan(0m));
    }

    [Test]
    public void Too_little_history_gives_no_weather_part()
    {
        Assert.That(WeatherSensitivity.Fit(Year(1.5m, 2.0m).Take(5).ToList()), Is.EqualTo(WeatherSensitivity.None));
    }

    [Test]
    public void With_weather_the_parts_of_a_change_still_add_up_to_the_difference_to_the_cent()
    {
        var fit = WeatherSensitivity.Fit(Year(1.5m, 2.0m, noise: 0.7m));
        var now = new BillSnapshot(31, 1_412.345m, 930m, 0m, new UtilityInsights.Money.Money(171.23m, Currency.Usd));
        var then = new BillSnapshot(30, 1_050.1m, 610m, 3m, new UtilityInsights.Money.Money(129.07m, Currency.Usd));

        var change = BillChange.Explain(now, then, fit.PerHeatingDegreeDay, fit.PerCoolingDegreeDay);

        Assert.That(change.Parts.Sum(p => p.Amount.Amount), Is.EqualTo(change.Difference.Amount));
        Assert.That(change.Parts.Single(p => p.Factor == ChangeFactor.HeatingWeather).Amount.Amount, Is.GreaterThan(0m), "a colder month costs more");
    }
}
