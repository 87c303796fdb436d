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
        var textCharges = TextChargesOf(item);
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

        // Charges written only as text, as the analyst resolved them: a fixed charge or credit on its own line, an
        // addition to every flat demand block, or a per-kWh rider — each under the attribute's own name.
        var riders = new List<Rider>();
        foreach (var (name, charge) in textCharges)
        {
            switch (charge.Unit)
            {
                case "kW":
                    if (flatPeriods.Count == 0)
                    {
                        flatPeriods = [new DemandPeriod(name, [new DemandTier(null, charge.Amount)])];
                        flatMonths = new int[12];
                    }
                    else
                    {
                        flatPeriods = flatPeriods.Select(p => p with { Tiers = p.Tiers.Select(t => t with { Adjustment = t.Adjustment + charge.Amount }).ToList() }).ToList();
                    }
                    break;
                case "kWh":
                    riders.Add(new Rider(name, charge.Amount));
                    break;
                default:
                    fixedCharges.Add(new FixedCharge(name, charge.Amount, charge.Unit == "day" ? ChargeBasis.PerDay : ChargeBasis.PerMonth));
                    break;
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
            Riders = riders,
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

    /// <summary>
    /// The field an item carries once an analyst has resolved its charges written only as text: the names of the
    /// attributes that apply (<c>--text-charge</c>). The attributes not named are left out of the bill.
    /// </summary>
    public const string TextChargesField = "utilityinsights_text_charges";

    /// <summary>The fields of an item that hold charges written only as text: arrays of <c>{"name": "text"}</c>.</summary>
    private static readonly string[] TextFields = ["fixedattrs", "demandattrs", "energyattrs"];

    /// <summary>Every charge an item writes only as text: the field, the attribute's name and its text.</summary>
    public static IReadOnlyList<(string Field, string Name, string Text)> TextAttributes(JsonElement item)
    {
        var found = new List<(string, string, string)>();
        foreach (var field in TextFields)
        {
            if (!item.TryGetProperty(field, out var attributes) || attributes.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var attribute in attributes.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
                found.AddRange(attribute.EnumerateObject().Select(p => (field, p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())));
        }
        return found;
    }

    /// <summary>
    /// The text charges that apply, read into amounts; an item with text charges and no resolution is refused, listing
    /// them and saying how to resolve them.
    /// </summary>
    private static List<(string Name, TextCharge Charge)> TextChargesOf(JsonElement item)
    {
        var attributes = TextAttributes(item);
        if (attributes.Count == 0)
            return [];
        if (!item.TryGetProperty(TextChargesField, out var resolved) || resolved.ValueKind != JsonValueKind.Array)
        {
            throw new TariffException(attributes[0].Field,
                $"charges written only as text cannot be billed as they stand: {string.Join(", ", attributes.Select(a => $"\"{a.Name}: {a.Text}\""))}. " +
                "Name each one that applies to the customers billed on this tariff with --text-charge \"NAME\" (tariffs import, rate); the others are then left out");
        }
        var applied = resolved.EnumerateArray().Select(n => n.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
        return attributes.Where(a => applied.Contains(a.Name)).Select(a => (a.Name.TrimEnd(':', ' '), TextCharge.Parse(a.Field, a.Name, a.Text))).ToList();
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

/// <summary>
/// A charge an URDB item writes only as text, read: <c>$28</c> or <c>$28/month</c> a month, <c>$0.95/day</c> a day,
/// <c>$(7.00)</c> a credit, <c>$4.25/kW</c> of billing demand, <c>$0.012/kWh</c> of energy.
/// </summary>
public sealed record TextCharge(decimal Amount, string Unit)
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = new(
        @"^\s*(?<minus>-)?\$\s*(?<open>\()?\s*(?<amount>[0-9]+(\.[0-9]+)?)\s*(?<close>\))?\s*(/\s*(?<unit>month|mo|day|kW|kWh))?\s*$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    public static TextCharge Parse(string field, string name, string text)
    {
        var match = Pattern.Match(text ?? "");
        if (!match.Success || match.Groups["open"].Success != match.Groups["close"].Success)
        {
            throw new TariffException($"{field} \"{name}\"",
                $"'{text}' is not a charge this engine can read ($28 or $28/month, $0.95/day, $(7.00) for a credit, $4.25/kW, $0.012/kWh)");
        }
        var amount = decimal.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["open"].Success || match.Groups["minus"].Success)
            amount = -amount;
        var unit = match.Groups["unit"].Success ? match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "kw" => "kW",
            "kwh" => "kWh",
            "day" => "day",
            _ => "month",
        } : "month";
        return new TextCharge(amount, unit);
    }
}

