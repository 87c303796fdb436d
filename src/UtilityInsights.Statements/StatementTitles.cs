using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Statements;

/// <summary>What a statement is called, by what it bills: an energy statement (electricity, gas) or a water statement; on the page and in its email's subject.</summary>
public static class StatementTitles
{
    /// <summary>The title's words in <c>templates/i18n</c>.</summary>
    public static string Key(Commodity commodity) => commodity == Commodity.Water ? "title_water" : "title";

    /// <summary>An email's subject: the bill's month in words, in the customer's language ("Your January 2026 energy statement").</summary>
    public static string EmailSubject(DateOnly month, string language, Commodity commodity = Commodity.Electricity)
    {
        var (water, words) = (commodity == Commodity.Water, DateWords.Month(month, language, Languages.Culture(language)));
        return language == "es"
            ? $"Su estado de cuenta {(water ? "de agua" : "de energía")} de {words}"
            : $"Your {words} {(water ? "water" : "energy")} statement";
    }
}
