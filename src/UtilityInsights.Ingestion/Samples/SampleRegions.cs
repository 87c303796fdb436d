using UtilityInsights.Domain;

namespace UtilityInsights.Ingestion.Samples;

/// <summary>
/// A climate region of the sample service territory. The numbers are calibrated on the RECS 2015
/// homes of each building-America climate region (mean heating and cooling degree days, share of
/// electric heat and of air conditioning), not copied from them.
/// </summary>
internal sealed record SampleRegion(
    string Code,
    string Name,
    string TimeZone,
    string City,
    string State,
    string ZipPrefix,
    decimal Latitude,
    decimal Longitude,
    double MeanTemperatureF,
    double SeasonalAmplitudeF,
    double DiurnalSwingF,
    double Share,
    double ElectricHeatShare,
    double GasHeatShare,
    double AcShare,
    double SolarShare,
    double PoolShare)
{
    /// <summary>Five regions, from cold to hot; shares of homes follow RECS's sample.</summary>
    public static IReadOnlyList<SampleRegion> All { get; } =
    [
        new("cold", "Cold / very cold", "America/Chicago", "Lakeport", "MN", "553", 44.98m, -93.27m, 45.5, 27, 18, 0.35, 0.18, 0.66, 0.86, 0.03, 0.02),
        new("mixed-humid", "Mixed-humid", "America/New_York", "Riverton", "VA", "232", 37.54m, -77.44m, 57.5, 20, 18, 0.26, 0.40, 0.50, 0.95, 0.04, 0.05),
        new("hot-humid", "Hot-humid", "America/Chicago", "Bayview", "TX", "770", 29.76m, -95.37m, 69.5, 14, 16, 0.18, 0.62, 0.33, 0.95, 0.05, 0.10),
        new("hot-dry", "Hot-dry / mixed-dry", "America/Phoenix", "Mesa Verde", "AZ", "852", 33.45m, -112.07m, 66.0, 18, 26, 0.13, 0.27, 0.63, 0.81, 0.12, 0.14),
        new("marine", "Marine", "America/Los_Angeles", "Harbor City", "WA", "981", 47.61m, -122.33m, 53.0, 11, 14, 0.08, 0.41, 0.47, 0.54, 0.04, 0.01),
    ];

    /// <summary>RECS shares of home types, with median floor area, its log spread and mean household size.</summary>
    public static IReadOnlyList<(HomeType Type, double Share, double MedianSqft, double LogSd, double MeanOccupants)> HomeTypes { get; } =
    [
        (HomeType.SingleFamilyDetached, 0.66, 2295, 0.49, 2.75),
        (HomeType.SingleFamilyAttached, 0.084, 1549, 0.48, 2.37),
        (HomeType.Apartment2To4Units, 0.055, 934, 0.33, 2.33),
        (HomeType.Apartment5PlusUnits, 0.151, 830, 0.36, 2.01),
        (HomeType.MobileHome, 0.05, 1151, 0.42, 2.63),
    ];

    /// <summary>RECS decades of construction and their shares.</summary>
    public static IReadOnlyList<(int From, int To, double Share)> Decades { get; } =
    [
        (1900, 1949, 0.151), (1950, 1959, 0.096), (1960, 1969, 0.099), (1970, 1979, 0.163), (1980, 1989, 0.154),
        (1990, 1999, 0.138), (2000, 2009, 0.158), (2010, 2015, 0.041),
    ];
}
