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
        var water = commodity == Commodity.Water;
        return language == "es"
            ? $"Su estado de cuenta {(water ? "de agua" : "de energía")} de {month.ToString("MMMM 'de' yyyy", Languages.Culture("es"))}"
            : $"Your {month.ToString("MMMM yyyy", Languages.Culture("en"))} {(water ? "water" : "energy")} statement";
    }
}
