using System.Globalization;

namespace UtilityInsights.Statements;

/// <summary>
/// Dates as a customer reads them on a statement, a reminder or the portal, in the account's language (English or Spanish): one format
/// for each use, so a read's date and the due date beside it look alike.
/// </summary>
public static class DateWords
{
    /// <summary>A day in short words: "Jan 8, 2026", "8 ene 2026".</summary>
    public static string Day(DateOnly day, string language, CultureInfo culture) =>
        day.ToString(language == "es" ? "d MMM yyyy" : "MMM d, yyyy", culture);

    /// <summary>A day in full words, in a sentence: "January 8, 2026", "8 de enero de 2026".</summary>
    public static string InFull(DateOnly day, string language, CultureInfo culture) =>
        day.ToString(language == "es" ? "d 'de' MMMM 'de' yyyy" : "MMMM d, yyyy", culture);

    /// <summary>A month in words: "January 2026", "enero de 2026".</summary>
    public static string Month(DateOnly month, string language, CultureInfo culture) =>
        month.ToString(language == "es" ? "MMMM 'de' yyyy" : "MMMM yyyy", culture);

    /// <summary>A span of days, its first and last: "Dec 5 – Jan 7, 2026", "5 dic – 7 ene 2026".</summary>
    public static string Span(DateOnly first, DateOnly last, string language, CultureInfo culture) =>
        $"{first.ToString(language == "es" ? "d MMM" : "MMM d", culture)} – {Day(last, language, culture)}";
}
