using UtilityInsights.Domain;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Csv;

/// <summary>
/// The canonical premises CSV (DESIGN §3). Blank attributes stay unknown (null) for the cohort
/// stage to impute or exclude; impossible values reject the row with the field and the reason.
/// </summary>
public static class PremiseCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "premise_id", "account_id", "meter_id", "region", "latitude", "longitude", "floor_area_sqft", "occupants", "heating_fuel", "home_type",
        "year_built", "has_ac", "has_pool", "has_ev", "has_solar", "tariff_id", "time_zone",
    ];

    /// <summary>Reads premises; <paramref name="latestYearBuilt"/> is the current year plus one (a home may be finished next year), from the injected clock.</summary>
    public static IEnumerable<RowResult<Premise>> Read(string path, int latestYearBuilt, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, Columns, row => Map(row, latestYearBuilt), cancellationToken);

    internal static RowResult<Premise> Map(CsvRecord row, int latestYearBuilt)
    {
        RowResult<Premise> Reject(Rejected r) => new(row.Line, null, r);

        foreach (var idColumn in new[] { "premise_id", "account_id", "meter_id" })
        {
            if (Identifier.Problem(row.Text(idColumn)) is { } problem)
                return Reject(row.Reject(idColumn, problem));
        }
        if (!row.TryRequired("region", out var region, out var rejected))
            return Reject(rejected!);
        if (Label.Problem(region) is { } regionProblem)
            return Reject(row.Reject("region", regionProblem));
        if (!row.TryOptionalDecimal("latitude", -90m, 90m, out var latitude, out rejected)
            || !row.TryOptionalDecimal("longitude", -180m, 180m, out var longitude, out rejected)
            || !row.TryOptionalInt("floor_area_sqft", Premise.MinFloorArea, Premise.MaxFloorArea, out var floorArea, out rejected)
            || !row.TryOptionalInt("occupants", 0, Premise.MaxOccupants, out var occupants, out rejected)
            || !row.TryOptionalInt("year_built", Premise.MinYearBuilt, latestYearBuilt, out var yearBuilt, out rejected)
            || !row.TryOptionalBool("has_ac", out var hasAc, out rejected)
            || !row.TryOptionalBool("has_pool", out var hasPool, out rejected)
            || !row.TryOptionalBool("has_ev", out var hasEv, out rejected)
            || !row.TryOptionalBool("has_solar", out var hasSolar, out rejected))
            return Reject(rejected!);
        if ((latitude is null) != (longitude is null))
            return Reject(row.Reject(latitude is null ? "latitude" : "longitude", "latitude and longitude are given together or not at all"));
        if (latitude is { } lat && Math.Round(lat, 6) != lat || longitude is { } lon && Math.Round(lon, 6) != lon)
            return Reject(row.Reject("latitude", "has more than six decimal places"));

        HeatingFuel? fuel = null;
        var fuelText = row.Text("heating_fuel");
        if (fuelText.Length > 0)
        {
            if (!Vocabulary.TryParseHeatingFuel(fuelText, out var parsedFuel))
                return Reject(row.Reject("heating_fuel", $"is not one of {Vocabulary.Allowed<HeatingFuel>()}"));
            fuel = parsedFuel;
        }
        HomeType? homeType = null;
        var typeText = row.Text("home_type");
        if (typeText.Length > 0)
        {
            if (!Vocabulary.TryParseHomeType(typeText, out var parsedType))
                return Reject(row.Reject("home_type", $"is not one of {Vocabulary.Allowed<HomeType>()}"));
            homeType = parsedType;
        }
        var tariff = row.Text("tariff_id");
        if (tariff.Length > 0 && Identifier.Problem(tariff) is { } tariffProblem)
            return Reject(row.Reject("tariff_id", tariffProblem));
        if (!row.TryRequired("time_zone", out var zone, out rejected))
            return Reject(rejected!);
        if (!TimeZones.TryFind(zone, out _))
            return Reject(row.Reject("time_zone", "is not a known IANA time zone (e.g. America/Chicago)"));

        var premise = new Premise
        {
            Id = new PremiseId(row.Text("premise_id")),
            AccountId = new AccountId(row.Text("account_id")),
            MeterId = new MeterId(row.Text("meter_id")),
            Region = region,
            Latitude = latitude,
            Longitude = longitude,
            FloorAreaSqft = floorArea,
            Occupants = occupants,
            HeatingFuel = fuel,
            HomeType = homeType,
            YearBuilt = yearBuilt,
            HasAc = hasAc,
            HasPool = hasPool,
            HasEv = hasEv,
            HasSolar = hasSolar,
            TariffId = tariff.Length > 0 ? tariff : null,
            TimeZone = zone,
        };
        return new RowResult<Premise>(row.Line, premise, null);
    }
}
