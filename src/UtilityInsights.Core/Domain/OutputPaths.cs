namespace UtilityInsights.Domain;

/// <summary>
/// Every file or folder name built from an id goes through here. Each part must be one plain name
/// (no separator, not <c>.</c> or <c>..</c>, no control character), and the full path that results
/// must lie inside <c>folder</c>: an account <c>../../x</c>, <c>/srv/x</c> or <c>./A-000003</c> can
/// never write outside the output folder or onto another customer's file.
/// </summary>
public static class OutputPaths
{
    /// <summary><c>folder/part/part…</c>, checked; or a <see cref="UserErrorException"/> naming the part.</summary>
    public static string Inside(string folder, params ReadOnlySpan<string> parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        var path = root;
        foreach (var part in parts)
        {
            if (Problem(part) is { } problem)
                throw new UserErrorException($"'{Printable(part)}' cannot name a file: it {problem}.");
            path = Path.Combine(path, part);
        }
        var full = Path.GetFullPath(path);
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new UserErrorException($"'{Printable(string.Join('/', parts.ToArray()))}' would lead outside {folder}.");
        return full;
    }

    /// <summary>Why <paramref name="part"/> cannot be one file name, or null. File names are ids plus an extension, so the id rule applies to the whole name.</summary>
    public static string? Problem(string? part) =>
        string.IsNullOrEmpty(part) ? "is empty"
        : part is "." or ".." ? "is a relative folder"
        : Identifier.Problem(part);

    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
