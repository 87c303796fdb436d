using System.Globalization;
using System.Text.Json;

namespace UtilityInsights.Rating;

/// <summary>
/// Imports OpenEI Utility Rate Database items (<c>{"items":[…]}</c> or a bare item), current and
/// legacy field names (<c>fixedmonthlycharge</c>, <c>minmonthlycharge</c>, <c>annualmincharge</c>).
/// Numbers are read as the decimals written in the JSON. A feature the engine cannot bill is refused
/// with a <see cref="TariffException"/> naming the field: nothing is silently dropped. Eligibility
/// metadata (sector, voltage, capacity limits, comments) does not change a bill and is not kept.
/// </summary>
public static class UrdbTariffImporter
{
    public static IReadOnlyList<Tariff> Import(string json)
    {
        using var document = ParseDocument(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items))
        {
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
                throw new TariffException("items", "must be a non-empty array of URDB items");
            return items.EnumerateArray().Select(FromItem).ToList();
        }
        return [FromItem(root)];
    }

    public static bool LooksLikeUrdb(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("items", out _) || root.TryGetProperty("energyratestructure", out _));

    public static Tariff FromItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new TariffException("item", "must be a JSON object");
        Refuse(item, "coincidentratestructure", "coincident demand charges are not supported");
        Refuse(item, "fixedattrs", "charges described only as text cannot be billed");
        Refuse(item, "demandattrs", "charges described only as text cannot be billed");
        Refuse(item, "energyattrs", "charges described only as text cannot be billed");
        if (Number(item, "demandreactivepowercharge") is { } reactive && reactive != 0)
            throw new TariffException("demandreactivepowercharge", "reactive power (kVAR) charges are not supported");
        DemandRatchet? demandRatchet = null;
        if (item.TryGetProperty("demandratchetpercentage", out var ratchet) && ratchet.ValueKind == JsonValueKind.Array && ratchet.EnumerateArray().Any(r => r.GetDecimal() != 0))
            demandRatchet = new DemandRatchet(ratchet.EnumerateArray().Select(r => r.GetDecimal()).ToList(), 11);
        else if (Number(item, "lookbackpercent") is > 0 and var percent)
            demandRatchet = new DemandRatchet(Enumerable.Repeat(percent, 12).ToList(), (int)(Number(item, "lookbackrange") ?? 12));
        foreach (var unitField in new[] { "demandunits", "flatdemandunit", "demandrateunit" })
        {
            if (Text(item, unitField) is { } unit && unit != "kW")
                throw new TariffException(unitField, $"demand in '{unit}' is not supported (kW only)");
        }

        if (!item.TryGetProperty("energyratestructure", out var energyStructure))
            throw new TariffException("energyratestructure", "the item has no energy rates");
        var energyPeriods = energyStructure.EnumerateArray().Select((period, p) => new EnergyPeriod($"Period {p + 1}",
            Reachable(period.EnumerateArray().Select((tier, t) => EnergyTierOf(tier, p, t)).ToList(), t => t.UpTo))).ToList();
        var energySchedule = new TouSchedule(Schedule(item, "energyweekdayschedule"), Schedule(item, "energyweekendschedule"), energyPeriods.Count, "energy");
        NamePeriods(energyPeriods, energySchedule);

        var demandPeriods = new List<DemandPeriod>();
        TouSchedule? demandSchedule = null;
        if (item.TryGetProperty("demandratestructure", out var demandStructure))
        {
            demandPeriods = demandStructure.EnumerateArray().Select((period, p) => new DemandPeriod($"period {p + 1}",
                Reachable(period.EnumerateArray().Select((tier, t) => DemandTierOf(tier, $"demandratestructure[{p}][{t}]")).ToList(), t => t.UpToKw))).ToList();
            demandSchedule = new TouSchedule(Schedule(item, "demandweekdayschedule"), Schedule(item, "demandweekendschedule"), demandPeriods.Count, "demand");
        }
        var flatPeriods = new List<DemandPeriod>();
        int[]? flatMonths = null;
        if (item.TryGetProperty("flatdemandstructure", out var flatStructure))
        {
            flatPeriods = flatStructure.EnumerateArray().Select((period, p) => new DemandPeriod($"flat {p + 1}",
                Reachable(period.EnumerateArray().Select((tier, t) => DemandTierOf(tier, $"flatdemandstructure[{p}][{t}]")).ToList(), t => t.UpToKw))).ToList();
            flatMonths = item.TryGetProperty("flatdemandmonths", out var months)
                ? months.EnumerateArray().Select(m => (int)m.GetDecimal()).ToArray()
                : new int[12];
        }

        var fixedCharges = new List<FixedCharge>();
        var fixedAmount = Number(item, "fixedchargefirstmeter") ?? Number(item, "fixedmonthlycharge");
        if (fixedAmount is { } amount && amount != 0)
        {
            var units = Text(item, "fixedchargeunits") ?? "$/month";
            var basis = units switch
            {
                "$/month" => ChargeBasis.PerMonth,
                "$/day" => ChargeBasis.PerDay,
                _ => throw new TariffException("fixedchargeunits", $"'{units}' is not supported ($/month or $/day)"),
            };
            fixedCharges.Add(new FixedCharge("Customer charge", amount, basis));
        }

        decimal? minimum = null, annualMinimum = Number(item, "annualmincharge");
        var minimumBasis = ChargeBasis.PerMonth;
        if ((Number(item, "mincharge") ?? Number(item, "minmonthlycharge")) is { } min && min != 0)
        {
            switch (Text(item, "minchargeunits") ?? "$/month")
            {
                case "$/month":
                    minimum = min;
                    break;
                case "$/day":
                    minimum = min;
                    minimumBasis = ChargeBasis.PerDay;
                    break;
                case "$/year":
                    annualMinimum = min;
                    break;
                case var other:
                    throw new TariffException("minchargeunits", $"'{other}' is not supported ($/month, $/day or $/year)");
            }
        }

        var label = Text(item, "label") ?? Text(item, "name") ?? "urdb";
        var start = Number(item, "startdate") is { } seconds ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime) : new DateOnly(2000, 1, 1);
        return new Tariff
        {
            // URDB labels are hex ids; a name standing in for a missing label is made into an id.
            Id = Domain.Identifier.FromText(label, "urdb"),
            Name = Text(item, "name") ?? label,
            Utility = Text(item, "utility") ?? string.Empty,
            EffectiveFrom = start,
            EnergyPeriods = energyPeriods,
            EnergySchedule = energySchedule,
            DemandPeriods = demandPeriods,
            DemandSchedule = demandSchedule,
            FlatDemandPeriods = flatPeriods,
            FlatDemandMonths = flatMonths,
            Ratchet = demandRatchet,
            FixedCharges = fixedCharges,
            MinimumCharge = minimum,
            MinimumBasis = minimumBasis,
            AnnualMinimumCharge = annualMinimum,
            FuelAdjustmentsMonthly = item.TryGetProperty("fueladjustmentsmonthly", out var fuel) ? fuel.EnumerateArray().Select(f => f.GetDecimal()).ToList() : null,
            DistributedGenerationRules = Text(item, "dgrules"),
        }.Validated();
    }

    /// <summary>
    /// The tiers up to and including the first without an upper limit: usage never reaches the ones
    /// after it (URDB items sometimes carry such empty trailing tiers; NREL SAM ignores them the same way).
    /// </summary>
    private static List<T> Reachable<T>(List<T> tiers, Func<T, decimal?> upTo)
    {
        var unlimited = tiers.FindIndex(t => upTo(t) is null);
        return unlimited < 0 ? tiers : tiers.Take(unlimited + 1).ToList();
    }

    /// <summary>URDB writes "no limit" as a huge number (1e38) in legacy items.</summary>
    private const decimal NoLimit = 1e20m;

    private static EnergyTier EnergyTierOf(JsonElement tier, int period, int index)
    {
        var field = $"energyratestructure[{period}][{index}]";
        var unit = Text(tier, "unit") ?? "kWh";
        var limitUnit = unit switch
        {
            "kWh" => TierLimitUnit.Kwh,
            "kWh daily" => TierLimitUnit.KwhDaily,
            "kWh/kW" => TierLimitUnit.KwhPerKw,
            "kWh/kW daily" => TierLimitUnit.KwhPerKwDaily,
            _ => throw new TariffException($"{field}.unit", $"'{unit}' is not a supported tier unit (kWh, kWh daily, kWh/kW, kWh/kW daily)"),
        };
        var max = BigNumber(tier, "max", field);
        // A tier without a rate (or adjustment) charges nothing for its block, as in NREL SAM.
        return new EnergyTier(max is >= NoLimit ? null : max, limitUnit, Number(tier, "rate") ?? 0m, Number(tier, "adj") ?? 0m, Number(tier, "sell"));
    }

    private static DemandTier DemandTierOf(JsonElement tier, string field)
    {
        var max = BigNumber(tier, "max", field);
        return new DemandTier(max is >= NoLimit ? null : max, Required(tier, "rate", field), Number(tier, "adj") ?? 0m);
    }

    private static void NamePeriods(List<EnergyPeriod> periods, TouSchedule schedule)
    {
        // Name a period after the months it applies in, so a line reads "Energy, Jun–Sep".
        for (var p = 0; p < periods.Count; p++)
        {
            var months = Enumerable.Range(1, 12).Where(m => schedule.Weekday[m - 1].Contains(p) || schedule.Weekend[m - 1].Contains(p)).ToList();
            var hours = Enumerable.Range(0, 24).Where(h => months.Any(m => schedule.Weekday[m - 1][h] == p)).ToList();
            var monthText = months.Count is 0 or 12 ? "" : string.Join(", ", Ranges(months).Select(r => r.From == r.To
                ? CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(r.From)
                : $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(r.From)}–{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(r.To)}"));
            var hourText = hours.Count is 0 or 24 ? "" : string.Join(", ", Ranges(hours).Select(r => $"{r.From}:00–{r.To + 1}:00"));
            var name = string.Join(" ", new[] { monthText, hourText }.Where(t => t.Length > 0));
            periods[p] = periods[p] with { Name = name.Length == 0 ? $"period {p + 1}" : name };
        }
    }

    private static IEnumerable<(int From, int To)> Ranges(List<int> values)
    {
        for (var i = 0; i < values.Count;)
        {
            var j = i;
            while (j + 1 < values.Count && values[j + 1] == values[j] + 1)
                j++;
            yield return (values[i], values[j]);
            i = j + 1;
        }
    }

    private static int[][] Schedule(JsonElement item, string field)
    {
        if (!item.TryGetProperty(field, out var schedule) || schedule.ValueKind != JsonValueKind.Array)
            throw new TariffException(field, "is missing");
        return schedule.EnumerateArray().Select(m => m.EnumerateArray().Select(h => (int)h.GetDecimal()).ToArray()).ToArray();
    }

    private static void Refuse(JsonElement item, string field, string reason)
    {
        if (item.TryGetProperty(field, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            throw new TariffException(field, reason);
    }

    private static decimal Required(JsonElement element, string name, string field) =>
        Number(element, name) ?? throw new TariffException($"{field}.{name}", "is missing");

    private static decimal? BigNumber(JsonElement element, string name, string field)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.TryGetDecimal(out var d))
            return d;
        return value.TryGetDouble(out var big) && big > 1e20 ? NoLimit : throw new TariffException($"{field}.{name}", "is not a number");
    }

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.TryGetDecimal(out var d) ? d : throw new TariffException(name, "is out of range")
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TariffException("json", $"is not valid JSON ({e.Message})");
        }
    }
}
