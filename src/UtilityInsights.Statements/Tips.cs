using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using UtilityInsights.Domain;
using UtilityInsights.Money;

namespace UtilityInsights.Statements;

/// <summary>One conservation tip as data: its words per language, when it applies, and how much it saves.</summary>
public sealed record Tip(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] IReadOnlyDictionary<string, string> Title,
    [property: JsonPropertyName("text")] IReadOnlyDictionary<string, string> Text,
    [property: JsonPropertyName("when")] TipConditions When,
    [property: JsonPropertyName("savings")] TipSavings Savings);

/// <summary>
/// When a tip applies; a condition left out applies to every home — except <see cref="Saves"/>, which says on which bills the tip saves
/// anything: <c>electricity</c> (an electricity bill; what a tip saves when it does not say), <c>heating</c> and <c>hot_water</c> (the bill of
/// the fuel the home heats with — electricity or natural gas —, taken for its water heater's too), <c>water</c> (a water bill). A tip never
/// promises therms for unplugging a charger.
/// </summary>
public sealed record TipConditions(
    [property: JsonPropertyName("seasons")] IReadOnlyList<string>? Seasons = null,
    [property: JsonPropertyName("heating_fuel")] IReadOnlyList<string>? HeatingFuel = null,
    [property: JsonPropertyName("home_types")] IReadOnlyList<string>? HomeTypes = null,
    [property: JsonPropertyName("has_ac")] bool? HasAc = null,
    [property: JsonPropertyName("has_pool")] bool? HasPool = null,
    [property: JsonPropertyName("has_ev")] bool? HasEv = null,
    [property: JsonPropertyName("above_average")] bool? AboveAverage = null,
    [property: JsonPropertyName("min_peak_share")] decimal? MinPeakShare = null,
    [property: JsonPropertyName("saves")] IReadOnlyList<string>? Saves = null)
{
    /// <summary>What a tip saves, as the catalog may name it.</summary>
    public static readonly IReadOnlyList<string> Savings = ["electricity", "heating", "hot_water", "water"];
}

/// <summary>Estimated savings: a share of the home's usage in the period.</summary>
public sealed record TipSavings([property: JsonPropertyName("share")] decimal Share, [property: JsonPropertyName("of")] string Of);

/// <summary>What is known about a home and its bill (of <paramref name="Commodity"/>) when tips are chosen.</summary>
public sealed record TipContext(int Month, Premise Premise, bool? AboveAverage, decimal PeakShare, Units.Commodity Commodity, decimal Usage, string Unit,
    decimal AveragePrice, IReadOnlySet<string> LastStatementTips, string Language, CultureInfo Culture)
{
    /// <summary>Whether the home heats with this bill's fuel (its water too, as far as tips go).</summary>
    public bool HeatsWithThisBillsFuel => (Commodity, Premise.HeatingFuel) is (Units.Commodity.Electricity, HeatingFuel.Electricity)
        or (Units.Commodity.Gas, HeatingFuel.NaturalGas);

    /// <summary>Northern-hemisphere season of a month.</summary>
    public string Season => Month switch { 12 or 1 or 2 => "winter", >= 6 and <= 9 => "summer", 3 or 4 or 5 => "spring", _ => "autumn" };
}

/// <summary>
/// The tip catalog (<c>templates/tips.json</c>) and the choice of one to three tips for a statement:
/// only tips whose conditions all hold for this home and season, never one shown on the last
/// statement, none estimated to save less than a dollar, largest estimated savings first (from the
/// home's own usage and average price).
/// </summary>
public sealed class TipCatalog
{
    private TipCatalog(IReadOnlyList<Tip> tips) => Tips = tips;

    public IReadOnlyList<Tip> Tips { get; }

    public static TipCatalog Load(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"{path}: the tip catalog is missing.");
        var tips = JsonSerializer.Deserialize<List<Tip>>(File.ReadAllText(path)) ?? [];
        var broken = tips.FirstOrDefault(t => !t.Title.ContainsKey("en") || !t.Text.ContainsKey("en") || !t.Title.ContainsKey("es") || !t.Text.ContainsKey("es") || t.Savings.Share is <= 0 or > 0.5m);
        if (broken is not null)
            throw new UserErrorException($"{path}: tip '{broken.Id}' needs English and Spanish words and a savings share between 0 and 50 %.");
        if (tips.FirstOrDefault(t => t.When.Saves is { } saves && (saves.Count == 0 || saves.Any(v => !TipConditions.Savings.Contains(v)))) is { } unknown)
            throw new UserErrorException($"{path}: tip '{unknown.Id}' saves {string.Join(", ", unknown.When.Saves!.Select(v => $"'{v}'"))}: name one or more of {string.Join(", ", TipConditions.Savings)}.");
        if (tips.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count() != tips.Count)
            throw new UserErrorException($"{path}: tip ids must be unique.");
        return new TipCatalog(tips);
    }

    public static TipCatalog Default() => Load(Path.Combine(AppContext.BaseDirectory, "templates", "tips.json"));

    public IReadOnlyList<(Tip Tip, StatementTip Shown)> Choose(TipContext context, int most = 3)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Tips.Where(t => Applies(t.When, context) && !context.LastStatementTips.Contains(t.Id))
            .Select(t => (Tip: t, Kwh: Math.Round(context.Usage * t.Savings.Share, 0, MidpointRounding.AwayFromZero)))
            .Select(x => (x.Tip, x.Kwh, Money: new Money.Money(x.Kwh * context.AveragePrice, Money.Currency.Usd).Round()))
            // A tip worth less than a dollar in a period like this one (little use, or a bill mostly
            // credited by exports) is not worth the customer's attention: it is not shown.
            .Where(x => x.Kwh > 0 && x.Money.Amount >= MinimumSavings)
            .OrderByDescending(x => x.Kwh).ThenBy(x => x.Tip.Id, StringComparer.Ordinal)
            .Take(most)
            .Select(x => (x.Tip, new StatementTip(Words(x.Tip.Title, context.Language), Words(x.Tip.Text, context.Language),
                Savings(x.Kwh, x.Money, context))))
            .ToList();
    }

    /// <summary>The least a tip must be estimated to save in a period like this one to be shown.</summary>
    public const decimal MinimumSavings = 1m;

    private static string Savings(decimal amount, Money.Money money, TipContext context)
    {
        var quantity = amount.ToString("#,0", context.Culture);
        var dollars = MoneyText.Whole(money.Amount, context.Culture);
        return context.Language == "es"
            ? $"Ahorro estimado: unos {quantity} {context.Unit}, {dollars} en un período como este."
            : $"Estimated savings: about {quantity} {context.Unit}, {dollars} in a period like this one.";
    }

    private static string Words(IReadOnlyDictionary<string, string> words, string language) => words.GetValueOrDefault(language) ?? words["en"];

    private static bool Applies(TipConditions when, TipContext context)
    {
        var premise = context.Premise;
        return (when.Saves ?? ["electricity"]).Any(saves => saves switch
            {
                "electricity" => context.Commodity == Units.Commodity.Electricity,
                "heating" or "hot_water" => context.HeatsWithThisBillsFuel,
                _ => context.Commodity == Units.Commodity.Water,
            })
            && (when.Seasons is null || when.Seasons.Contains(context.Season))
            && (when.HeatingFuel is null || premise.HeatingFuel is { } fuel && when.HeatingFuel.Contains(fuel.ToText()))
            && (when.HomeTypes is null || premise.HomeType is { } type && when.HomeTypes.Contains(type.ToText()))
            && (when.HasAc is null || premise.HasAc == when.HasAc)
            && (when.HasPool is null || premise.HasPool == when.HasPool)
            && (when.HasEv is null || premise.HasEv == when.HasEv)
            && (when.AboveAverage is null || context.AboveAverage == when.AboveAverage)
            && (when.MinPeakShare is null || context.PeakShare >= when.MinPeakShare);
    }
}
