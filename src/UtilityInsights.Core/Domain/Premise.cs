namespace UtilityInsights.Domain;

/// <summary>
/// A service location and what is known about the home there, for rating (tariff, time zone)
/// and for finding similar homes (the attributes). Attributes may be unknown (null): the
/// cohort stage imputes or excludes them. Values outside physical bounds cannot be built.
/// </summary>
public sealed record Premise
{
    public const int MinFloorArea = 100;
    public const int MaxFloorArea = 50_000;
    public const int MaxOccupants = 20;
    public const int MinYearBuilt = 1700;

    public required PremiseId Id { get; init; }

    public required AccountId AccountId { get; init; }

    public required MeterId MeterId { get; init; }

    /// <summary>Climate / service region code; neighbours are only compared within a region.</summary>
    public required string Region
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Region is required.") : value.Trim();
    }

    public decimal? Latitude
    {
        get;
        init => field = value is null or (>= -90m and <= 90m) ? value : throw new ArgumentOutOfRangeException(nameof(Latitude), value, "Latitude is between -90 and 90.");
    }

    public decimal? Longitude
    {
        get;
        init => field = value is null or (>= -180m and <= 180m) ? value : throw new ArgumentOutOfRangeException(nameof(Longitude), value, "Longitude is between -180 and 180.");
    }

    /// <summary>Conditioned floor area in square feet.</summary>
    public int? FloorAreaSqft
    {
        get;
        init => field = value is null or (>= MinFloorArea and <= MaxFloorArea) ? value : throw new ArgumentOutOfRangeException(nameof(FloorAreaSqft), value, $"Floor area is between {MinFloorArea} and {MaxFloorArea} sq ft.");
    }

    public int? Occupants
    {
        get;
        init => field = value is null or (>= 0 and <= MaxOccupants) ? value : throw new ArgumentOutOfRangeException(nameof(Occupants), value, $"Occupants are between 0 and {MaxOccupants}.");
    }

    public HeatingFuel? HeatingFuel { get; init; }

    public HomeType? HomeType { get; init; }

    public int? YearBuilt
    {
        get;
        init => field = value is null or >= MinYearBuilt ? value : throw new ArgumentOutOfRangeException(nameof(YearBuilt), value, $"Year built is {MinYearBuilt} or later.");
    }

    public bool? HasAc { get; init; }

    public bool? HasPool { get; init; }

    public bool? HasEv { get; init; }

    /// <summary>On-site generation (rooftop solar): such homes are compared only among themselves.</summary>
    public bool? HasSolar { get; init; }

    /// <summary>The tariff the premise is billed on; null until one is assigned (bills are then held).</summary>
    public string? TariffId { get; init; }

    /// <summary>IANA time zone of the premise: billing days and TOU hours are local to it.</summary>
    public required string TimeZone { get; init; }
}
