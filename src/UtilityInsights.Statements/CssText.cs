using System.Globalization;
using System.Text;

namespace UtilityInsights.Statements;

/// <summary>Text as a CSS string literal for a template's <c>style</c> element: quoted, with every character that could end the string, the rule or the element escaped.</summary>
public static class CssText
{
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var css = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            if ((rune.IsAscii && (Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '-' or '_' or '.' or ',' or ':' or '#')) || (!rune.IsAscii && !Rune.IsControl(rune)))
                css.Append(rune.ToString());
            else
                css.Append('\\').Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        }
        return css.Append('"').ToString();
    }
}
