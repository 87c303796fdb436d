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

    /// <summary>The text a literal of <see cref="Literal"/> holds (for a page drawn outside CSS, such as a printed PDF's foot).</summary>
    public static string Value(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        if (literal.Length < 2 || literal[0] != '"' || literal[^1] != '"')
            throw new FormatException("a CSS string literal is quoted.");
        var text = new StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            if (literal[i] != '\\')
            {
                text.Append(literal[i]);
                continue;
            }
            var end = i + 1;
            while (end < literal.Length - 1 && end - i <= 6 && Uri.IsHexDigit(literal[end]))
                end++;
            if (end == i + 1)
                throw new FormatException("a CSS string literal's escape is not hexadecimal.");
            text.Append(new Rune(int.Parse(literal.AsSpan(i + 1, end - i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
            i = end < literal.Length - 1 && literal[end] == ' ' ? end : end - 1;
        }
        return text.ToString();
    }
}
