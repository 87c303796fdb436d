namespace UtilityInsights.Domain;

/// <summary>Rules shared by every identifier: 1–64 printable characters, no surrounding spaces.</summary>
public static class Identifier
{
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="value"/> is a valid identifier, else the reason it is not.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "is empty";
        if (value.Length > MaxLength)
            return $"is longer than {MaxLength} characters";
        if (value.Trim().Length != value.Length)
            return "has leading or trailing spaces";
        foreach (var c in value)
        {
            if (char.IsControl(c))
                return "contains a control character";
        }
        return null;
    }

    internal static string Validate(string value, string kind) =>
        Problem(value) is { } problem ? throw new ArgumentException($"{kind} '{value}' {problem}.", nameof(value)) : value;
}

/// <summary>A customer account: who is billed and where the bill goes.</summary>
public readonly record struct AccountId
{
    public AccountId(string value) => Value = Identifier.Validate(value, "Account id");

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A service location: the home or building that is supplied.</summary>
public readonly record struct PremiseId
{
    public PremiseId(string value) => Value = Identifier.Validate(value, "Premise id");

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A meter's number, as printed on its nameplate and in head-end files.</summary>
public readonly record struct MeterId
{
    public MeterId(string value) => Value = Identifier.Validate(value, "Meter id");

    public string Value { get; }

    public override string ToString() => Value;
}
