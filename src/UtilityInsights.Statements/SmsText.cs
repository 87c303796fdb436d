using System.Text;

namespace UtilityInsights.Statements;

/// <summary>
/// One text message as a phone network carries it best: only characters of the GSM 7-bit alphabet
/// (one "á", "…" or "—" turns a message into UCS-2, where one message holds 70 characters, so 160
/// would go as three), at most 160 septets, and the link whole — when the text is too long the words
/// before the link are cut, never the link.
/// </summary>
public static class SmsText
{
    /// <summary>Septets in one GSM 7-bit message.</summary>
    public const int Length = 160;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>Characters of the extension table: each takes two septets.</summary>
    private const string Extension = "^{}\\[~]|€";

    private static readonly Dictionary<char, string> Replacements = new()
    {
        ['—'] = "-",
        ['–'] = "-",
        ['−'] = "-",
        ['‐'] = "-",
        ['…'] = "...",
        ['‘'] = "'",
        ['’'] = "'",
        ['“'] = "\"",
        ['”'] = "\"",
        ['·'] = "-",
        ['×'] = "x",
        ['°'] = "",
        ['\u00A0'] = " ",
        ['\u202F'] = " ",
        ['\u2009'] = " ",
    };

    /// <summary>The text in the GSM 7-bit alphabet: accents the alphabet lacks dropped (á → a), dashes and quotes made plain, anything else '?'.</summary>
    public static string Gsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal))
                result.Append(c);
            else if (Replacements.TryGetValue(c, out var replacement))
                result.Append(replacement);
            else if (c.ToString().Normalize(NormalizationForm.FormD) is { Length: > 1 } decomposed && Basic.Contains(decomposed[0], StringComparison.Ordinal))
                result.Append(decomposed[0]);
            else
                result.Append('?');
        }
        return result.ToString();
    }

    /// <summary>How many septets a GSM 7-bit text takes (extension characters count two).</summary>
    public static int Septets(string text) => (text ?? "").Sum(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1);

    /// <summary>Whether every character is in the GSM 7-bit alphabet.</summary>
    public static bool IsGsm7(string text) => (text ?? "").All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// A rendered message on one line, in GSM 7-bit, at most <see cref="Length"/> septets. When it is
    /// longer, the words before <paramref name="link"/> (which ends the message) are cut at a word
    /// and marked "...", and the link is kept whole.
    /// </summary>
    public static string OneMessage(string rendered, string link)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var text = Gsm7(string.Join(' ', rendered.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim());
        if (Septets(text) <= Length)
            return text;
        var tail = Gsm7(link ?? "").Trim();
        var body = tail.Length > 0 && text.EndsWith(tail, StringComparison.Ordinal) ? text[..^tail.Length].TrimEnd() : text;
        var room = Length - (tail.Length > 0 ? Septets(tail) + 1 : 0) - 3;
        var cut = body;
        while (Septets(cut) > room)
        {
            var space = cut.LastIndexOf(' ');
            cut = space > 0 ? cut[..space] : cut[..^1];
        }
        cut = cut.TrimEnd(' ', ',', ';', '.', ':');
        return tail.Length > 0 ? $"{cut}... {tail}" : cut + "...";
    }
}
