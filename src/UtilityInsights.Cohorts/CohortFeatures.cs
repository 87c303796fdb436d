using UtilityInsights.Domain;

namespace UtilityInsights.Cohorts;

/// <summary>A home as the cohort stage sees it: its id, region, attributes and (for training) its usage per day.</summary>
public sealed record CohortHome(string Id, string Region, Premise? Premise, double? UsagePerDay)
{
    public int? FloorArea { get; init; } = Premise?.FloorAreaSqft;

    public int? Occupants { get; init; } = Premise?.Occupants;

    public HeatingFuel? HeatingFuel { get; init; } = Premise?.HeatingFuel;

    public HomeType? HomeType { get; init; } = Premise?.HomeType;

    public int? YearBuilt { get; init; } = Premise?.YearBuilt;

    public bool? HasAc { get; init; } = Premise?.HasAc;

    public bool? HasPool { get; init; } = Premise?.HasPool;

    public bool? HasEv { get; init; } = Premise?.HasEv;
}

/// <summary>
/// The features a cohort is built from, in a fixed order, with the names an analyst sees. Unknown
/// numeric attributes are imputed with the region's median (and flagged); unknown categories fall in
/// their own "unknown" level.
/// </summary>
public static class CohortFeatures
{
    public static readonly IReadOnlyList<string> Names =
    [
        "floor_area_sqft", "occupants", "year_built", "electric_heat", "gas_heat", "other_heat", "no_heat", "single_family_detached",
        "single_family_attached", "apartment_2_4_units", "apartment_5plus_units", "mobile_home", "has_ac", "has_pool", "has_ev", "imputed",
    ];

    /// <summary>Medians of the numeric attributes over the homes of one region, for imputation.</summary>
    public sealed record Medians(float FloorArea, float Occupants, float YearBuilt)
    {
        public static Medians Of(IEnumerable<CohortHome> homes)
        {
            var list = homes.ToList();
            static float Median(IEnumerable<int> values, float fallback)
            {
                var sorted = values.Order().ToList();
                return sorted.Count == 0 ? fallback : sorted[sorted.Count / 2];
            }
            return new Medians(
                Median(list.Where(h => h.FloorArea is not null).Select(h => h.FloorArea!.Value), 1800),
                Median(list.Where(h => h.Occupants is not null).Select(h => h.Occupants!.Value), 2),
                Median(list.Where(h => h.YearBuilt is not null).Select(h => h.YearBuilt!.Value), 1980));
        }
    }

    public static float[] Of(CohortHome home, Medians medians)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(medians);
        var imputed = home.FloorArea is null || home.Occupants is null || home.YearBuilt is null;
        return
        [
            home.FloorArea ?? medians.FloorArea,
            home.Occupants ?? medians.Occupants,
            home.YearBuilt ?? medians.YearBuilt,
            home.HeatingFuel == HeatingFuel.Electricity ? 1 : 0,
            home.HeatingFuel == HeatingFuel.NaturalGas ? 1 : 0,
            home.HeatingFuel is HeatingFuel.Propane or HeatingFuel.FuelOil or HeatingFuel.Wood or HeatingFuel.Other ? 1 : 0,
            home.HeatingFuel == HeatingFuel.None ? 1 : 0,
            home.HomeType == HomeType.SingleFamilyDetached ? 1 : 0,
            home.HomeType == HomeType.SingleFamilyAttached ? 1 : 0,
            home.HomeType == HomeType.Apartment2To4Units ? 1 : 0,
            home.HomeType == HomeType.Apartment5PlusUnits ? 1 : 0,
            home.HomeType == HomeType.MobileHome ? 1 : 0,
            home.HasAc == true ? 1 : 0,
            home.HasPool == true ? 1 : 0,
            home.HasEv == true ? 1 : 0,
            imputed ? 1 : 0,
        ];
    }
}
