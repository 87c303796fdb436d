namespace UtilityInsights.Domain;

/// <summary>
/// The one rule for every identifier the outside world gives us — account, premise, meter, tariff,
/// route/cycle code, payment reference, portal user: 1–64 characters from the ASCII letters,
/// digits, <c>-</c>, <c>_</c> and <c>.</c>, not starting with <c>.</c>. Such an id can name a file or
/// folder, travel in a URL, a CSV cell or a <c>Content-Disposition</c> header, and is never a path
/// (no <c>/</c>, <c>\</c>, <c>..</c> at the start, spaces, quotes or control characters). Checked
/// where a row is read (a rejected row names the line, field and reason) and when a value is built.
/// </summary>
public static class Identifier
{
    public const int MaxLength = 64;

    /// <summary>The rule in words, for error messages and the README.</summary>
    public const string Rule = "letters, digits, '-', '_' and '.' (not starting with '.'), at most 64 characters";

    /// <summary>Null when <paramref name="value"/> is a valid identifier, else the reason it is not.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "is empty";
        if (value.Length > MaxLength)
            return $"is longer than {MaxLength} characters";
        if (value[0] == '.')
            return $"starts with '.' (ids use {Rule})";
        foreach (var c in value)
        {
            if (!IsAllowed(c))
                return $"contains {Describe(c)}, which an id may not (ids use {Rule})";
        }
        return null;
    }

    public static bool IsValid(string? value) => Problem(value) is null;

    /// <summary>
    /// An id made from outside text that is not an id itself (a Green Button link, a tariff's name):
    /// every character outside the alphabet becomes <c>-</c>, leading dots are dropped and the result
    /// is cut to 64 characters. Never used on an id a user typed: those are checked, not repaired.
    /// </summary>
    public static string FromText(string text, string fallback)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.Select(c => IsAllowed(c) ? c : '-').ToArray();
        var made = new string(chars).TrimStart('.');
        if (made.Length > MaxLength)
            made = made[..MaxLength];
        return Problem(made) is null ? made : fallback;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '/' or '\\' => $"'{c}' (a path separator)",
        _ when char.IsControl(c) => $"a control character (U+{(int)c:X4})",
        _ when c > '~' => $"'{c}' (U+{(int)c:X4}, not ASCII)",
        _ => $"'{c}'",
    };

    internal static string Validate(string value, string kind) =>
        Problem(value) is { } problem ? throw new ArgumentException($"{kind} '{value}' {problem}.", nameof(value)) : value;
}

/// <summary>
/// A label from outside that is a name, not an id: a climate region such as RECS's
/// <c>Very-Cold/Cold</c>. It never names a file or a URL; it must be 1–64 printable characters
/// without leading or trailing spaces.
/// </summary>
public static class Label
{
    /// <summary>Null when <paramref name="value"/> is a usable label, else the reason it is not.</summary>
    public static string? Problem(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "is empty"
        : value.Length > Identifier.MaxLength ? $"is longer than {Identifier.MaxLength} characters"
        : value.Trim().Length != value.Length ? "has leading or trailing spaces"
        : value.Any(char.IsControl) ? "contains a control character"
        : null;
}

/// <summary>A customer account: who is billed and where the bill goes.</summary>
public readonly record struct AccountId
{
    public AccountId(string value) => Value = Identifier.Validate(value, "Account id");

    private AccountId(string value, bool _) => Value = value; // the flag only tells this unchecked constructor apart

    /// <summary>
    /// An id as the database holds it, not checked again: a database made before the id rule may hold
    /// one that breaks it (<c>db check</c> lists them). It still identifies its rows; it can never name
    /// a file, because every file name goes through <see cref="OutputPaths"/>.
    /// </summary>
    public static AccountId Stored(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), true);

    /// <summary>An account id a user gave on the command line, or a user error naming the option and why the id is refused.</summary>
    public static AccountId ParseOrUserError(string? value, string option = "--account") =>
        Identifier.Problem(value) is { } problem ? throw new UserErrorException($"{option} '{value}' {problem}.") : new AccountId(value!);

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A service location: the home or building that is supplied.</summary>
public readonly record struct PremiseId
{
    public PremiseId(string value) => Value = Identifier.Validate(value, "Premise id");

    private PremiseId(string value, bool _) => Value = value; // the flag only tells this unchecked constructor apart

    /// <summary>
    /// An id as the database holds it, not checked again: a database made before the id rule may hold
    /// one that breaks it (<c>db check</c> lists them). It still identifies its rows; it can never name
    /// a file, because every file name goes through <see cref="OutputPaths"/>.
    /// </summary>
    public static PremiseId Stored(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), true);

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A meter's number, as printed on its nameplate and in head-end files.</summary>
public readonly record struct MeterId
{
    public MeterId(string value) => Value = Identifier.Validate(value, "Meter id");

    private MeterId(string value, bool _) => Value = value; // the flag only tells this unchecked constructor apart

    /// <summary>
    /// An id as the database holds it, not checked again: a database made before the id rule may hold
    /// one that breaks it (<c>db check</c> lists them). It still identifies its rows; it can never name
    /// a file, because every file name goes through <see cref="OutputPaths"/>.
    /// </summary>
    public static MeterId Stored(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), true);

    public string Value { get; }

    public override string ToString() => Value;
}
