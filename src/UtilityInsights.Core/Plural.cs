using System.Globalization;

namespace UtilityInsights;

/// <summary>A count with its noun as words: "1 bill", "3 bills", "1,204 accounts" — never "bill(s)".</summary>
public static class Plural
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
