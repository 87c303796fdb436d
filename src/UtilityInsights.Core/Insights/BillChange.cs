namespace UtilityInsights.Insights;

/// <summary>What one bill's period looked like, for explaining the change from another.</summary>
public sealed record BillSnapshot(int Days, decimal Usage, decimal HeatingDegreeDays, decimal CoolingDegreeDays, Money.Money Total)
{
    /// <summary>The bill's average price per unit of usage (0 without usage).</summary>
    public decimal AveragePrice => Usage == 0 ? 0 : Total.Amount / Usage;
}

/// <summary>One reason the bill changed, in money, rounded to the cent.</summary>
public enum ChangeFactor
{
    Days,

    /// <summary>Heating degree days: colder (more) costs more, milder (fewer) less.</summary>
    HeatingWeather,

    /// <summary>Cooling degree days: hotter (more) costs more, cooler (fewer) less.</summary>
    CoolingWeather,
    Rate,
    Usage,
}

/// <summary>
/// Why a bill differs from an earlier one, split into days in the period, heating weather, cooling
/// weather, rate and the rest of the usage change. Each part is rounded to the cent and the usage part
/// takes what is left, so the parts add up exactly to the difference of the totals. The sensitivities
/// are never negative and the weather is priced at the earlier bill's average price only when that is
/// positive, so a weather part has the sign of its degree-day change: more heating or cooling degree
/// days never show as a saving.
/// </summary>
public sealed record BillChange(Money.Money Difference, IReadOnlyList<(ChangeFactor Factor, Money.Money Amount)> Parts)
{
    /// <param name="current">This bill.</param>
    /// <param name="earlier">The bill compared with (last month, or the same period last year).</param>
    /// <param name="perHeatingDegreeDay">The home's extra usage per heating degree day (from its history; 0 if unknown).</param>
    /// <param name="perCoolingDegreeDay">The home's extra usage per cooling degree day.</param>
    /// <param name="currentAtEarlierRates">
    /// This bill's usage priced on the tariff of the earlier bill, when known: the rate part is then the
    /// difference the tariff change made, and a different mix of tiers counts as usage, not as rate.
    /// </param>
    public static BillChange Explain(BillSnapshot current, BillSnapshot earlier, decimal perHeatingDegreeDay, decimal perCoolingDegreeDay,
        Money.Money? currentAtEarlierRates = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(earlier);
        var currency = current.Total.Currency;
        Money.Money Cents(decimal amount) => new Money.Money(amount, currency).Round();

        var difference = current.Total - earlier.Total;
        var price = earlier.AveragePrice;
        var perDay = earlier.Days == 0 ? 0 : earlier.Usage / earlier.Days;
        var days = Cents((current.Days - earlier.Days) * perDay * price);
        var weatherPrice = Math.Max(0m, price);
        var heating = Cents((current.HeatingDegreeDays - earlier.HeatingDegreeDays) * Math.Max(0m, perHeatingDegreeDay) * weatherPrice);
        var cooling = Cents((current.CoolingDegreeDays - earlier.CoolingDegreeDays) * Math.Max(0m, perCoolingDegreeDay) * weatherPrice);
        var rate = currentAtEarlierRates is { } repriced
            ? Cents((current.Total - repriced).Amount)
            : Cents(current.Usage * (current.AveragePrice - earlier.AveragePrice));
        var usage = difference - days - heating - cooling - rate;
        return new BillChange(difference,
            [(ChangeFactor.Days, days), (ChangeFactor.HeatingWeather, heating), (ChangeFactor.CoolingWeather, cooling), (ChangeFactor.Rate, rate), (ChangeFactor.Usage, usage)]);
    }
}
