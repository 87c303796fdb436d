using System.Text.RegularExpressions;

namespace UtilityInsights.Statements;

/// <summary>
/// Puts the rating engine's charge descriptions and explanations (worded in English) into the
/// statement's language: the engine's own phrases by pattern, and the tariff's names (rate schedule,
/// charge, period and tax names, which come from the tariff document) by the glossary in
/// <c>templates/glossary/LANGUAGE.json</c>. A name missing from the glossary is printed as the tariff
/// has it; numbers and amounts are never changed.
/// </summary>
public sealed partial class LineWording
{
    private readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> glossaries;

    public LineWording(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> glossaries)
    {
        ArgumentNullException.ThrowIfNull(glossaries);
        // Longest names first, so "Summer on-peak" is replaced before "Summer".
        this.glossaries = glossaries.ToDictionary(g => g.Key,
            g => (IReadOnlyList<KeyValuePair<string, string>>)g.Value.OrderByDescending(e => e.Key.Length).ThenBy(e => e.Key, StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
    }

    public static readonly LineWording English = new(new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>The text in <paramref name="language"/> (English text is returned as it is).</summary>
    public string Translate(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (language != "es")
            return text;
        var result = text;
        if (glossaries.TryGetValue(language, out var glossary))
        {
            foreach (var (english, translated) in glossary)
                result = result.Replace(english, translated, StringComparison.Ordinal);
        }
        foreach (var (pattern, replacement) in Spanish)
            result = pattern.Replace(result, replacement);
        return result;
    }

    /// <summary>A line's unit in the statement's language ("month" → "mes"; kWh, kW and the like are the same in both).</summary>
    public static string Unit(string? unit, string language) => (unit, language) switch
    {
        (null, _) => "",
        ("month", "es") => "mes",
        ("day", "es") => "días",
        ("month", _) => "month",
        ("day", _) => "days",
        _ => unit,
    };

    /// <summary>The engine's phrases (see BillCalculator), most specific first.</summary>
    private static readonly (Regex Pattern, string Replacement)[] Spanish =
    [
        (ShareOfUsage(), "(parte de $2 del consumo de $1 en el bloque $3)"),
        (NetUse(), "Consumo neto del mes $1; $2 de crédito anterior aplicados; $3 de crédito para el próximo mes"),
        (Exported(), "$1 enviados a la red, acreditados a $2 (facturación neta)"),
        (BroughtUp(), "La factura se eleva al mínimo de "),
        (DemandOf(), "$1 kW de $2 ($3 kW) a "),
        (Phrase("the month's highest demand"), "la demanda máxima del mes"),
        (HighestIn(), "la demanda máxima en horas de $1"),
        (AtFuel(), "$1 al ajuste por combustible del mes de "),
        (Phrase("Credit for energy exported"), "Crédito por energía exportada"),
        (Phrase("Net metering"), "Medición neta"),
        (Phrase("Minimum charge"), "Cargo mínimo"),
        (Phrase("Fuel adjustment"), "Ajuste por combustible"),
        (Word("Energy"), "Energía"),
        (Word("Water"), "Agua"),
        (Word("Demand"), "Demanda"),
        (Block(), "bloque $1"),
        (Phrase(" of the billing period"), " del período de facturación"),
        (ADayFor(), " al día ($1 para $2 días)"),
        (DaysTimes(), " al día × $1 días"),
        (Phrase(" a month"), " al mes"),
        (Phrase(" a day"), " al día"),
        (Phrase(" per kW of demand"), " por kW de demanda"),
        (Capital("First "), "Primeros "),
        (Capital("Over "), "Más de "),
        (Capital("Next block up to "), "Siguiente bloque hasta "),
        (FirstTier(), "$1primeros "),
        (OverTier(), "$1más de "),
        (NextTier(), "$1siguiente bloque hasta "),
        (Percent(), "$1 % de "),
        (Phrase(" at "), " a "),
    ];

    private static Regex Phrase(string english) => new(Regex.Escape(english), RegexOptions.CultureInvariant);

    private static Regex Capital(string english) => new($"^{Regex.Escape(english)}", RegexOptions.CultureInvariant);

    private static Regex Word(string english) => new($@"\b{Regex.Escape(english)}\b", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\((.+?)'s ([\d.,]+ ?%) share of usage in the (.+?) block\)")]
    private static partial Regex ShareOfUsage();

    [GeneratedRegex(@"Net use this month (.+?); (.+?) of earlier credit applied; (.+?) of credit carried forward")]
    private static partial Regex NetUse();

    [GeneratedRegex(@"(.+?) sent to the grid, credited at (\S+) \(net billing\)")]
    private static partial Regex Exported();

    [GeneratedRegex(@"The bill is brought up to the minimum of ")]
    private static partial Regex BroughtUp();

    [GeneratedRegex(@"([\d.,]+) kW of (.+?) \(([\d.,]+) kW\) at ")]
    private static partial Regex DemandOf();

    [GeneratedRegex(@"the highest demand in (.+?) hours")]
    private static partial Regex HighestIn();

    [GeneratedRegex(@"(.+?) at the month's fuel adjustment of ")]
    private static partial Regex AtFuel();

    [GeneratedRegex(@"\bblock (\d+)")]
    private static partial Regex Block();

    [GeneratedRegex(@" a day \(([\d.,]+ \S+) for (\d+) days\)")]
    private static partial Regex ADayFor();

    [GeneratedRegex(@" a day × (\d+) days")]
    private static partial Regex DaysTimes();

    [GeneratedRegex(@"(^|, |: |\()first ")]
    private static partial Regex FirstTier();

    [GeneratedRegex(@"(^|, |: |\()over ")]
    private static partial Regex OverTier();

    [GeneratedRegex(@"(^|, |: |\()next block up to ")]
    private static partial Regex NextTier();

    [GeneratedRegex(@"([\d.]+) % of ")]
    private static partial Regex Percent();
}
