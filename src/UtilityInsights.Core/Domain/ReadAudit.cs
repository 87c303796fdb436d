using UtilityInsights.Units;

namespace UtilityInsights.Domain;

/// <summary>An actual value that a later, different version replaced (the later one wins; both are kept).</summary>
public sealed record ReadRevision(MeterId Meter, DateTimeOffset IntervalStart, decimal OldValue, ReadQuality OldQuality, decimal NewValue,
    ReadQuality NewQuality, string Source);

/// <summary>A validation finding on a stored read: <see cref="Rule"/> names the VEE rule (spike, negative, zero_run …).</summary>
public sealed record ReadFlag(MeterId Meter, DateTimeOffset IntervalStart, string Rule, string Detail, string Source);

/// <summary>Consumption over a period longer than a day, <c>[Start, End)</c> (e.g. a monthly Green Button billing read).</summary>
public sealed record PeriodRead(MeterId Meter, DateTimeOffset Start, DateTimeOffset End, Quantity Quantity, ReadQuality Quality);
