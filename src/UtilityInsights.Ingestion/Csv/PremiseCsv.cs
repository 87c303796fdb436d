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
        if (!TryHome(row, latestYearBuilt, out var home, out var rejected))
            return Reject(rejected!);
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
            Region = home!.Region,
            Latitude = home.Latitude,
            Longitude = home.Longitude,
            FloorAreaSqft = home.FloorArea,
            Occupants = home.Occupants,
            HeatingFuel = home.HeatingFuel,
            HomeType = home.HomeType,
            YearBuilt = home.YearBuilt,
            HasAc = home.HasAc,
            HasPool = home.HasPool,
            HasEv = home.HasEv,
            HasSolar = home.HasSolar,
            TariffId = tariff.Length > 0 ? tariff : null,
            TimeZone = zone,
        };
        return new RowResult<Premise>(row.Line, premise, null);
    }

    /// <summary>The columns an analysis file may leave out: they serve billing, not the description of a home.</summary>
    public static readonly IReadOnlyList<string> BillingColumns = ["account_id", "meter_id", "tariff_id", "time_zone"];

    /// <summary>
    /// A premises file for analysis (survey or parcel data, <c>cohorts evaluate</c>): only <c>premise_id</c> and
    /// <c>region</c> are required; the billing columns are not read; the home's attributes are checked as in the
    /// canonical file; and every other column is kept, as text, as an extra attribute of the home.
    /// </summary>
    public static IEnumerable<RowResult<SurveyHome>> ReadForAnalysis(string path, int latestYearBuilt, CancellationToken cancellationToken = default) =>
        CanonicalCsvReader.Read(path, ["premise_id", "region"], row =>
        {
            if (Identifier.Problem(row.Text("premise_id")) is { } problem)
                return new RowResult<SurveyHome>(row.Line, null, row.Reject("premise_id", problem));
            if (!TryHome(row, latestYearBuilt, out var home, out var rejected))
                return new RowResult<SurveyHome>(row.Line, null, rejected);
            var extras = row.Columns.Where(c => !Columns.Contains(c, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(c => c.ToLowerInvariant(), row.Text, StringComparer.Ordinal);
            return new RowResult<SurveyHome>(row.Line, new SurveyHome(row.Text("premise_id"), home!, extras), null);
        }, cancellationToken);

    /// <summary>A home's region and attributes as a premises row gives them (blank ones unknown), or the first field that is wrong.</summary>
    private static bool TryHome(CsvRecord row, int latestYearBuilt, out HomeAttributes? home, out Rejected? rejected)
    {
        home = null;
        if (!row.TryRequired("region", out var region, out rejected))
            return false;
        if (Label.Problem(region) is { } regionProblem)
        {
            rejected = row.Reject("region", regionProblem);
            return false;
        }
        if (!row.TryOptionalDecimal("latitude", -90m, 90m, out var latitude, out rejected)
            || !row.TryOptionalDecimal("longitude", -180m, 180m, out var longitude, out rejected)
            || !row.TryOptionalInt("floor_area_sqft", Premise.MinFloorArea, Premise.MaxFloorArea, out var floorArea, out rejected)
            || !row.TryOptionalInt("occupants", 0, Premise.MaxOccupants, out var occupants, out rejected)
            || !row.TryOptionalInt("year_built", Premise.MinYearBuilt, latestYearBuilt, out var yearBuilt, out rejected)
            || !row.TryOptionalBool("has_ac", out var hasAc, out rejected)
            || !row.TryOptionalBool("has_pool", out var hasPool, out rejected)
            || !row.TryOptionalBool("has_ev", out var hasEv, out rejected)
            || !row.TryOptionalBool("has_solar", out var hasSolar, out rejected))
            return false;
        if ((latitude is null) != (longitude is null))
        {
            rejected = row.Reject(latitude is null ? "latitude" : "longitude", "latitude and longitude are given together or not at all");
            return false;
        }
        if (latitude is { } lat && Math.Round(lat, 6) != lat || longitude is { } lon && Math.Round(lon, 6) != lon)
        {
            rejected = row.Reject("latitude", "has more than six decimal places");
            return false;
        }
        HeatingFuel? fuel = null;
        var fuelText = row.Text("heating_fuel");
        if (fuelText.Length > 0)
        {
            if (!Vocabulary.TryParseHeatingFuel(fuelText, out var parsedFuel))
            {
                rejected = row.Reject("heating_fuel", $"is not one of {Vocabulary.Allowed<HeatingFuel>()}");
                return false;
            }
            fuel = parsedFuel;
        }
        HomeType? homeType = null;
        var typeText = row.Text("home_type");
        if (typeText.Length > 0)
        {
            if (!Vocabulary.TryParseHomeType(typeText, out var parsedType))
            {
                rejected = row.Reject("home_type", $"is not one of {Vocabulary.Allowed<HomeType>()}");
                return false;
            }
            homeType = parsedType;
        }
        home = new HomeAttributes(region, latitude, longitude, floorArea, occupants, fuel, homeType, yearBuilt, hasAc, hasPool, hasEv, hasSolar);
        return true;
    }
}

/// <summary>A home's region and attributes as a premises row gives them; null where the file leaves them blank.</summary>
public sealed record HomeAttributes(string Region, decimal? Latitude, decimal? Longitude, int? FloorArea, int? Occupants, HeatingFuel? HeatingFuel,
    HomeType? HomeType, int? YearBuilt, bool? HasAc, bool? HasPool, bool? HasEv, bool? HasSolar);

/// <summary>A home of an analysis premises file: its id, attributes, and the file's other columns by (lower-case) name.</summary>
public sealed record SurveyHome(string Id, HomeAttributes Home, IReadOnlyDictionary<string, string> Extras);
