using System.CommandLine;

namespace UtilityInsights.Cli;

/// <summary>
/// What a parse error tells the user besides System.CommandLine's own message: for a misspelled
/// option or command, the nearest one the command has ("did you mean --cycle?"), and the help of the
/// command that was meant (<c>utility-insights billrun --help</c>), not only the root's.
/// </summary>
public static class CliSuggestions
{
    /// <summary>"Did you mean …?" for each unrecognised token that is close to a name the command knows.</summary>
    public static IReadOnlyList<string> For(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var options = Ancestry(command).SelectMany(c => c.Options).Where(o => !o.Hidden)
            .SelectMany(o => new[] { o.Name }.Concat(o.Aliases)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var suggestions = new List<string>();
        foreach (var token in parse.UnmatchedTokens.Distinct(StringComparer.Ordinal))
        {
            var name = token.Split('=', 2)[0];
            var candidates = name.StartsWith('-') ? options : commands;
            if (Nearest(name, candidates) is { } nearest)
            {
                suggestions.Add(name.StartsWith('-')
                    ? $"'{name}' is not an option of {PathOf(parse)}: did you mean {nearest}?"
                    : $"'{name}' is not a command of {PathOf(parse)}: did you mean {nearest}?");
            }
        }
        return suggestions;
    }

    /// <summary>The command as typed, from the program's name ("utility-insights billrun issue").</summary>
    public static string PathOf(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var names = Ancestry(parse.CommandResult.Command).Where(c => c is not RootCommand).Select(c => c.Name).Reverse();
        return string.Join(' ', names.Prepend("utility-insights"));
    }

    private static IEnumerable<Command> Ancestry(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            yield return c;
    }

    /// <summary>The candidate at the smallest edit distance, when it is close enough to be a typo (at most a third of the name, and 3).</summary>
    private static string? Nearest(string name, IReadOnlyList<string> candidates)
    {
        var best = candidates.Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Min(3, Math.Max(1, name.TrimStart('-').Length / 3)) ? best.Name : null;
    }

    /// <summary>Damerau–Levenshtein distance (optimal string alignment): a swap of two letters counts once.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
