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

    /// <summary>Attributes beyond the built-in ones (an analysis file's other columns: degree days, tenure, parcel data…), as text by column.</summary>
    public IReadOnlyDictionary<string, string>? Extras { get; init; }
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

/// <summary>
/// The features one model is built from: the built-in ones chosen and the homes' extra attributes —
/// a column whose every given value is a number (or true/false) is numeric, its blanks imputed with
/// the column's median; any other column is categorical, one indicator per level (the 30 commonest;
/// the rest share "other"). Worked out once from the training homes and kept with the model, so that
/// every home is described the same way.
/// </summary>
public sealed class FeatureSet
{
    private const int MaxLevels = 30;

    private readonly int[] builtIns;
    private readonly List<(string Column, float Median)> numeric;
    private readonly List<(string Column, List<string> Levels)> categorical;

    private FeatureSet(int[] builtIns, List<(string Column, float Median)> numeric, List<(string Column, List<string> Levels)> categorical)
    {
        this.builtIns = builtIns;
        this.numeric = numeric;
        this.categorical = categorical;
        Names = [.. builtIns.Select(i => CohortFeatures.Names[i]), .. numeric.Select(n => n.Column), .. categorical.SelectMany(c => c.Levels.Select(l => $"{c.Column}={l}"))];
        Columns = [.. builtIns.Select(i => CohortFeatures.Names[i]), .. numeric.Select(n => n.Column), .. categorical.SelectMany(c => c.Levels.Select(_ => c.Column))];
    }

    /// <summary>The name of each entry of a home's vector (a categorical level is <c>column=level</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The feature (built-in name or extra column) each entry belongs to.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Every feature the homes offer: the built-in ones and their extra columns.</summary>
    public static IReadOnlyList<string> Available(IReadOnlyList<CohortHome> homes)
    {
        ArgumentNullException.ThrowIfNull(homes);
        return [.. CohortFeatures.Names, .. ExtraColumns(homes)];
    }

    /// <summary>The features of <paramref name="homes"/>, all or those <paramref name="chosen"/> (built-in names or extra columns; an unknown name is a user error).</summary>
    public static FeatureSet For(IReadOnlyList<CohortHome> homes, IReadOnlyList<string>? chosen)
    {
        ArgumentNullException.ThrowIfNull(homes);
        var extras = ExtraColumns(homes);
        if (chosen?.FirstOrDefault(f => !CohortFeatures.Names.Contains(f) && !extras.Contains(f, StringComparer.Ordinal)) is { } unknown)
            throw new UserErrorException($"--features: '{unknown}' is not a cohort feature ({string.Join(", ", Available(homes))}).");
        bool Wanted(string name) => chosen is not { Count: > 0 } || chosen.Contains(name, StringComparer.Ordinal);
        var builtIns = Enumerable.Range(0, CohortFeatures.Names.Count).Where(i => Wanted(CohortFeatures.Names[i])).ToArray();
        var numeric = new List<(string Column, float Median)>();
        var categorical = new List<(string Column, List<string> Levels)>();
        foreach (var column in extras.Where(Wanted))
        {
            var values = homes.Select(h => h.Extras?.GetValueOrDefault(column) ?? "").Where(v => v.Length > 0).ToList();
            var numbers = values.Select(Number).ToList();
            if (numbers.All(n => n is not null))
            {
                var sorted = numbers.Select(n => n!.Value).Order().ToList();
                numeric.Add((column, sorted.Count == 0 ? 0 : (float)sorted[sorted.Count / 2]));
            }
            else
            {
                var levels = values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Take(MaxLevels).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
                categorical.Add((column, levels));
            }
        }
        return new FeatureSet(builtIns, numeric, categorical);
    }

    /// <summary>A home's vector, in the order of <see cref="Names"/>.</summary>
    public float[] Of(CohortHome home, CohortFeatures.Medians medians)
    {
        ArgumentNullException.ThrowIfNull(home);
        var all = CohortFeatures.Of(home, medians);
        var vector = new float[Names.Count];
        var i = 0;
        foreach (var b in builtIns)
            vector[i++] = all[b];
        foreach (var (column, median) in numeric)
            vector[i++] = Number(home.Extras?.GetValueOrDefault(column) ?? "") is { } value ? (float)value : median;
        foreach (var (column, levels) in categorical)
        {
            var value = home.Extras?.GetValueOrDefault(column) ?? "";
            foreach (var level in levels)
                vector[i++] = level == value ? 1 : 0;
        }
        return vector;
    }

    private static List<string> ExtraColumns(IReadOnlyList<CohortHome> homes) =>
        homes.Where(h => h.Extras is not null).SelectMany(h => h.Extras!.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>A number in the invariant culture, or true/false as 1/0; null for anything else.</summary>
    private static double? Number(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n
        : text.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? 0
        : null;
}
