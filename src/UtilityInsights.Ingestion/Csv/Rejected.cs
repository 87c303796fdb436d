namespace UtilityInsights.Ingestion.Csv;

/// <summary>A row that was not imported: where it is, which field, what it held and why it was refused.</summary>
public sealed record Rejected(string File, long Line, string Field, string Value, string Reason)
{
    /// <summary>One line for a terminal: <c>accounts.csv line 7, field email: 'x' is not an email address</c>.</summary>
    public override string ToString() => $"{Path.GetFileName(File)} line {Line}, field {Field}: {Reason}";
}

/// <summary>One data row's outcome: a value, or the reason it was rejected.</summary>
public readonly record struct RowResult<T>(long Line, T? Value, Rejected? Rejection)
    where T : class
{
    public bool IsAccepted => Rejection is null;
}
