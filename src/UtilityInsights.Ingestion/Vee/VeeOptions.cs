namespace UtilityInsights.Ingestion.Vee;

/// <summary>
/// The validation, estimation and editing rules and their thresholds. Every rule is named in the
/// output (the flag's <c>rule</c>) and can be tuned here.
/// </summary>
public sealed record VeeOptions
{
    /// <summary>Gaps up to this long are filled by linear interpolation between their neighbours (default 3 h).</summary>
    public int MaxLinearGapMinutes { get; init; } = 180;

    /// <summary>Longer gaps are filled from the same weekday and hour of up to this many earlier weeks.</summary>
    public int ProfileWeeks { get; init; } = 4;

    /// <summary>
    /// A read above the meter's median + k·IQR is a spike. The default k = 12 lets through the real
    /// peaks of a home (an EV charging at 7 kW, electric heat on a cold night) and catches readings
    /// an order of magnitude off.
    /// </summary>
    public decimal SpikeIqrFactor { get; init; } = 12m;

    /// <summary>Zero reads in a row for at least this long are flagged (default 24 h).</summary>
    public int ZeroRunMinutes { get; init; } = 1440;

    /// <summary>Whether gaps are filled with estimates at all.</summary>
    public bool Estimate { get; init; } = true;

    public static VeeOptions Default { get; } = new();
}

/// <summary>Rule names as they appear in flags and summaries.</summary>
public static class VeeRules
{
    public const string Duplicate = "duplicate";
    public const string Conflict = "conflict";
    public const string Gap = "gap";
    public const string Negative = "negative";
    public const string Spike = "spike";
    public const string ZeroRun = "zero_run";
    public const string Rollover = "rollover";
    public const string MeterExchange = "meter_exchange";
    public const string UnitMismatch = "unit_mismatch";
    public const string Future = "future";
    public const string UnknownMeter = "unknown_meter";
}
