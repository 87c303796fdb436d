namespace UtilityInsights.Billing;

/// <summary>
/// Why a bill is held for review instead of going out: a stable <see cref="Code"/> (reports count
/// bills by it, operators filter by it) and a <see cref="Detail"/> for the reviewer. Stored as
/// <c>code: detail</c>; <see cref="Parse"/> reads it back, so no other code splits the text.
/// </summary>
public sealed record HoldReason
{
    /// <summary>The bill could not be rated at all (no tariff, no reads…); it is retried once the cause is fixed.</summary>
    public const string CannotBill = "cannot_bill";

    /// <summary>An interval meter's reads do not cover its billing period yet: not rated, and retried — as <see cref="CannotBill"/> — once they are loaded.</summary>
    public const string ReadsMissing = "reads_missing";
    public const string NegativeUsage = "negative_usage";
    public const string EstimatedTooLong = "estimated_too_long";
    public const string ZeroUsage = "zero_usage";
    public const string UsageAboveLastYear = "usage_above_last_year";
    public const string UsageAboveAverage = "usage_above_average";
    public const string UsageAboveCohort = "usage_above_cohort";
    public const string TotalBelowZero = "total_below_zero";
    public const string TotalAboveCeiling = "total_above_ceiling";

    public HoldReason(string code, string detail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(detail);
        if (code.Contains(':', StringComparison.Ordinal))
            throw new ArgumentException($"A hold reason code has no colon: '{code}'.", nameof(code));
        Code = code;
        Detail = detail;
    }

    public string Code { get; }

    public string Detail { get; }

    /// <summary>Not rated at all (<see cref="CannotBill"/> or <see cref="ReadsMissing"/>): no charges to approve; the next run tries again.</summary>
    public bool IsNotRated => Code is CannotBill or ReadsMissing;

    /// <summary>A hold reason's code in words, for operators' pages and reports (the code itself stays in the CLI's output and the database).</summary>
    public static string Words(string code) => code switch
    {
        CannotBill => "Could not be billed",
        ReadsMissing => "Waiting for reads",
        NegativeUsage => "Negative usage",
        EstimatedTooLong => "Estimated too long",
        ZeroUsage => "No usage",
        UsageAboveLastYear => "Usage far above last year",
        UsageAboveAverage => "Usage far above its average",
        UsageAboveCohort => "Usage far above similar homes",
        TotalBelowZero => "Total below zero",
        TotalAboveCeiling => "Total above the ceiling",
        _ => code,
    };

    /// <summary>The stored form, <c>code: detail</c> (the code alone when there is no detail).</summary>
    public override string ToString() => Detail.Length == 0 ? Code : $"{Code}: {Detail}";

    /// <summary>Reads the stored form back; text without a colon is all code.</summary>
    public static HoldReason Parse(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        var code = (colon < 0 ? stored : stored[..colon]).Trim();
        return new HoldReason(code.Length == 0 ? "unspecified" : code, colon < 0 ? "" : stored[(colon + 1)..].Trim());
    }
}
