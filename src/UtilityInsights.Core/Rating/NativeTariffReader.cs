using System.Globalization;
using System.Text.Json;
using UtilityInsights.Money;

namespace UtilityInsights.Rating;

/// <summary>
/// Reads the project's own tariff JSON (<c>utility-insights-tariff/1</c>, docs/tariff-format.md):
/// readable by a rate analyst, decimal values as strings, schedules as 12 strings of 24 period digits.
/// Unknown fields are refused by name, so a misspelt charge can never be silently left out.
/// </summary>
public static class NativeTariffReader
{
    public const string Format = "utility-insights-tariff/1";

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "format", "id", "name", "utility", "commodity", "currency", "effective_from", "rounding", "fixed_charges", "energy", "demand", "flat_demand",
        "riders", "minimum_charge", "taxes", "holidays", "description", "net_metering", "ratchet", "monthly_charges",
    };

    public static bool IsNative(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format) && format.GetString() == Format;

    public static Tariff Read(string json)
    {
        using var document = UrdbTariffImporter.ParseDocument(json);
        return Read(document.RootElement);
    }

    public static Tariff Read(JsonElement root)
    {
        if (!IsNative(root))
            throw new TariffException("format", $"must be \"{Format}\"");
        foreach (var property in root.EnumerateObject())
        {
            if (!TopLevel.Contains(property.Name))
                throw new TariffException(property.Name, "is not a field of the tariff format (see docs/tariff-format.md)");
        }
        var commodity = (Text(root, "commodity") ?? "electricity") switch
        {
            "electricity" => Units.Commodity.Electricity,
            "gas" => Units.Commodity.Gas,
            "water" => Units.Commodity.Water,
            var other => throw new TariffException("commodity", $"'{other}' is not electricity, gas or water"),
        };
        var energy = root.TryGetProperty("energy", out var e) ? e : throw new TariffException("energy", "is required");
        var periods = energy.GetProperty("periods").EnumerateArray().Select((p, i) => new EnergyPeriod(
            Text(p, "name") ?? $"Period {i + 1}",
            p.GetProperty("tiers").EnumerateArray().Select((t, j) => new EnergyTier(
                OptionalDecimal(t, "up_to", $"energy.periods[{i}].tiers[{j}]"),
                LimitUnit(Text(t, "limit_unit") ?? "kWh", $"energy.periods[{i}].tiers[{j}]"),
                Decimal(t, "rate", $"energy.periods[{i}].tiers[{j}]"),
                OptionalDecimal(t, "adjustment", $"energy.periods[{i}].tiers[{j}]") ?? 0m)).ToList())).ToList();
        var schedule = energy.TryGetProperty("weekday_schedule", out _)
            ? new TouSchedule(Schedule(energy, "weekday_schedule"), Schedule(energy, "weekend_schedule"), periods.Count, "energy")
            : TouSchedule.AllOnePeriod("energy");

        var tariff = new Tariff
        {
            Id = Text(root, "id") is { } id
                ? Domain.Identifier.Problem(id) is { } idProblem ? throw new TariffException("id", idProblem) : id
                : throw new TariffException("id", "is required"),
            Name = Text(root, "name") ?? throw new TariffException("name", "is required"),
            Utility = Text(root, "utility") ?? string.Empty,
            Currency = Currency.FromCode(Text(root, "currency") ?? "USD"),
            Commodity = commodity,
            EffectiveFrom = Date(Text(root, "effective_from") ?? throw new TariffException("effective_from", "is required"), "effective_from"),
            Rounding = (Text(root, "rounding") ?? "half_away_from_zero") switch
            {
                "half_away_from_zero" => MoneyRounding.HalfAwayFromZero,
                "half_to_even" => MoneyRounding.HalfToEven,
                var other => throw new TariffException("rounding", $"'{other}' is not half_away_from_zero or half_to_even"),
            },
            EnergyPeriods = periods,
            EnergySchedule = schedule,
            FixedCharges = Array(root, "fixed_charges").Select((f, i) => new FixedCharge(
                Text(f, "description") ?? "Customer charge", Decimal(f, "amount", $"fixed_charges[{i}]"), Basis(Text(f, "per") ?? "month", $"fixed_charges[{i}].per"))).ToList(),
            Riders = Array(root, "riders").Select((r, i) =>
                (Text(r, "per") ?? "kWh") is "kWh" or "therm" or "gal"
                    ? new Rider(Text(r, "description") ?? "Rider", Decimal(r, "rate", $"riders[{i}]"))
                    : throw new TariffException($"riders[{i}].per", "riders are per unit of usage (kWh, therm, gal)")).ToList(),
            // per "year": an annual minimum, settled on the December bill of a year billed whole.
            MinimumCharge = root.TryGetProperty("minimum_charge", out var min) && Text(min, "per") != "year" ? Decimal(min, "amount", "minimum_charge") : null,
            MinimumBasis = root.TryGetProperty("minimum_charge", out var minBasis) && Text(minBasis, "per") != "year"
                ? Basis(Text(minBasis, "per") ?? "month", "minimum_charge.per") : ChargeBasis.PerMonth,
            MonthlyCharges = (Text(root, "monthly_charges") ?? "per_period") switch
            {
                "per_period" => MonthlyChargeBasis.PerPeriod,
                "prorated" => MonthlyChargeBasis.Prorated,
                var other => throw new TariffException("monthly_charges", $"'{other}' is not per_period or prorated"),
            },
            AnnualMinimumCharge = root.TryGetProperty("minimum_charge", out var annual) && Text(annual, "per") == "year" ? Decimal(annual, "amount", "minimum_charge") : null,
            Taxes = Array(root, "taxes").Select((t, i) => new Tax(
                Text(t, "description") ?? "Tax", Decimal(t, "percent", $"taxes[{i}]"),
                t.TryGetProperty("applies_to", out var applies)
                    ? applies.EnumerateArray().Select(a => Category(a.GetString() ?? "", $"taxes[{i}].applies_to")).ToHashSet()
                    : [ChargeCategory.Energy, ChargeCategory.Demand, ChargeCategory.Fixed, ChargeCategory.Minimum])).ToList(),
            Holidays = Array(root, "holidays").Select(h => Date(h.GetString() ?? "", "holidays")).ToHashSet(),
        };
        if (root.TryGetProperty("net_metering", out var net))
        {
            var sell = OptionalDecimal(net, "sell_rate", "net_metering") ?? 0m;
            tariff = tariff with
            {
                DistributedGenerationRules = (Text(net, "rules") ?? "net_metering") switch
                {
                    "net_metering" => "Net Metering",
                    "net_billing" => "Net Billing Instantaneous",
                    var other => throw new TariffException("net_metering.rules", $"'{other}' is not net_metering or net_billing"),
                },
                EnergyPeriods = tariff.EnergyPeriods.Select(p => p with { Tiers = p.Tiers.Select(t => t with { SellRate = sell }).ToList() }).ToList(),
                TrueUpMonth = OptionalDecimal(net, "true_up_month", "net_metering") is { } month
                    ? month is >= 1 and <= 12 && month == decimal.Truncate(month) ? (int)month : throw new TariffException("net_metering.true_up_month", "is a month number, 1 to 12")
                    : 12,
            };
        }
        if (root.TryGetProperty("flat_demand", out var flat))
        {
            tariff = tariff with
            {
                FlatDemandPeriods = DemandPeriods(flat, "flat_demand"),
                FlatDemandMonths = flat.TryGetProperty("months", out var months)
                    ? months.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Number ? m.GetInt32() : int.Parse(m.GetString() ?? "", CultureInfo.InvariantCulture)).ToList()
                    : new int[12],
            };
        }
        if (root.TryGetProperty("demand", out var demand))
        {
            var demandPeriods = DemandPeriods(demand, "demand");
            tariff = tariff with
            {
                DemandPeriods = demandPeriods,
                DemandSchedule = demand.TryGetProperty("weekday_schedule", out _)
                    ? new TouSchedule(Schedule(demand, "weekday_schedule"), Schedule(demand, "weekend_schedule"), demandPeriods.Count, "demand")
                    : TouSchedule.AllOnePeriod("demand"),
            };
        }
        if (root.TryGetProperty("ratchet", out var ratchet))
            tariff = tariff with { Ratchet = Ratchet(ratchet) };
        return tariff.Validated();
    }

    /// <summary>
    /// <c>ratchet: {percent, lookback_months}</c>: billing demand is at least <c>percent</c> (0–1, one
    /// value or twelve, January first) of the highest peak of the last <c>lookback_months</c> (1–12).
    /// </summary>
    private static DemandRatchet Ratchet(JsonElement ratchet)
    {
        if (ratchet.ValueKind != JsonValueKind.Object)
            throw new TariffException("ratchet", "is an object {percent, lookback_months}");
        if (!ratchet.TryGetProperty("percent", out var percent))
            throw new TariffException("ratchet.percent", "is required");
        List<decimal> percents = percent.ValueKind == JsonValueKind.Array
            ? percent.EnumerateArray().Select((p, i) => Share(p, $"ratchet.percent[{i}]")).ToList()
            : Enumerable.Repeat(Share(percent, "ratchet.percent"), 12).ToList();
        if (percents.Count != 12)
            throw new TariffException("ratchet.percent", $"has {percents.Count} values; give one, or twelve (January first)");
        var lookback = Decimal(ratchet, "lookback_months", "ratchet");
        if (lookback is < 1 or > 12 || lookback != decimal.Truncate(lookback))
            throw new TariffException("ratchet.lookback_months", "is a whole number of months, 1 to 12");
        return new DemandRatchet(percents, (int)lookback);

        static decimal Share(JsonElement value, string field)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
                ? share
                : throw new TariffException(field, $"'{text}' is not a share between 0 and 1 (0.8 for 80 %)");
        }
    }

    private static List<DemandPeriod> DemandPeriods(JsonElement element, string field) =>
        (element.TryGetProperty("periods", out var periods) ? periods.EnumerateArray().ToList() : throw new TariffException($"{field}.periods", "is required"))
        .Select((p, i) => new DemandPeriod(Text(p, "name") ?? $"Period {i + 1}",
            p.GetProperty("tiers").EnumerateArray().Select((t, j) => new DemandTier(
                OptionalDecimal(t, "up_to_kw", $"{field}.periods[{i}].tiers[{j}]"),
                Decimal(t, "rate", $"{field}.periods[{i}].tiers[{j}]"),
                OptionalDecimal(t, "adjustment", $"{field}.periods[{i}].tiers[{j}]") ?? 0m)).ToList())).ToList();

    private static ChargeCategory Category(string text, string field) => text switch
    {
        "energy" => ChargeCategory.Energy,
        "demand" => ChargeCategory.Demand,
        "fixed" => ChargeCategory.Fixed,
        "minimum" => ChargeCategory.Minimum,
        "riders" or "other" => ChargeCategory.Other,
        _ => throw new TariffException(field, $"'{text}' is not energy, demand, fixed, minimum or riders"),
    };

    private static ChargeBasis Basis(string text, string field) => text switch
    {
        "month" => ChargeBasis.PerMonth,
        "day" => ChargeBasis.PerDay,
        _ => throw new TariffException(field, $"'{text}' is not month or day"),
    };

    private static TierLimitUnit LimitUnit(string text, string field) => text switch
    {
        "kWh" or "therm" or "gal" or "period" => TierLimitUnit.Kwh,
        "kWh daily" or "therm daily" or "gal daily" or "daily" => TierLimitUnit.KwhDaily,
        "kWh/kW" => TierLimitUnit.KwhPerKw,
        _ => throw new TariffException($"{field}.limit_unit", $"'{text}' is not period, daily (or kWh, kWh daily, therm, gal …) or kWh/kW"),
    };

    private static int[][] Schedule(JsonElement energy, string field)
    {
        if (!energy.TryGetProperty(field, out var months) || months.ValueKind != JsonValueKind.Array || months.GetArrayLength() != 12)
            throw new TariffException(field, "must be 12 strings of 24 digits");
        return months.EnumerateArray().Select((m, i) =>
        {
            var text = m.GetString() ?? "";
            if (text.Length != 24 || !text.All(char.IsAsciiDigit))
                throw new TariffException($"{field}[{i}]", "must be 24 digits, one period index per hour");
            return text.Select(c => c - '0').ToArray();
        }).ToArray();
    }

    private static List<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal Decimal(JsonElement element, string name, string field) =>
        OptionalDecimal(element, name, field) ?? throw new TariffException($"{field}.{name}", "is required");

    private static decimal? OptionalDecimal(JsonElement element, string name, string field)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new TariffException($"{field}.{name}", $"'{text}' is not a decimal number");
    }

    private static DateOnly Date(string text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new TariffException(field, $"'{text}' is not a date (YYYY-MM-DD)");
}

/// <summary>Reads a tariff file in either format: the project's own JSON, or an OpenEI URDB response.</summary>
public static class TariffFiles
{
    /// <summary>
    /// The tariff versions a document holds. Whatever the document's shape — a number where a list
    /// belongs, a missing field, a value out of range — the answer is the tariffs or a
    /// <see cref="TariffException"/> naming what is wrong, never another exception.
    /// </summary>
    public static IReadOnlyList<Tariff> Parse(string json)
    {
        try
        {
            return ParseUnguarded(json);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or OverflowException or ArgumentException)
        {
            throw new TariffException("(document)", $"has a value of the wrong kind or out of range ({e.Message})");
        }
    }

    /// <summary>
    /// The document with an analyst's resolution of its charges written only as text: each URDB item gets the names in
    /// <paramref name="textCharges"/> it has (<see cref="UrdbTariffImporter.TextChargesField"/>), so that the stored document
    /// bills the same way every time it is read. A name no item has is refused, listing the names there are (unless
    /// <paramref name="everyNameUsed"/> is false: a folder of tariffs compared, each taking the names it has).
    /// </summary>
    public static string WithTextCharges(string json, IReadOnlyCollection<string> textCharges, bool everyNameUsed = true)
    {
        ArgumentNullException.ThrowIfNull(textCharges);
        if (textCharges.Count == 0)
            return json;
        var root = System.Text.Json.Nodes.JsonNode.Parse(json) ?? throw new TariffException("(document)", "is empty");
        var items = root is System.Text.Json.Nodes.JsonObject o && o["items"] is System.Text.Json.Nodes.JsonArray array
            ? array.OfType<System.Text.Json.Nodes.JsonObject>().ToList()
            : root is System.Text.Json.Nodes.JsonObject single ? [single] : [];
        var everyName = new List<string>();
        foreach (var item in items)
        {
            using var parsed = System.Text.Json.JsonDocument.Parse(item.ToJsonString());
            var names = UrdbTariffImporter.TextAttributes(parsed.RootElement).Select(a => a.Name).ToList();
            everyName.AddRange(names);
            if (names.Count > 0)
                item[UrdbTariffImporter.TextChargesField] = new System.Text.Json.Nodes.JsonArray(names.Where(textCharges.Contains).Select(n => (System.Text.Json.Nodes.JsonNode?)n).ToArray());
        }
        if (everyNameUsed && textCharges.FirstOrDefault(n => !everyName.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            throw new TariffException("--text-charge", everyName.Count == 0
                ? $"'{unknown}': the tariff has no charge written only as text"
                : $"'{unknown}' is not one of its charges written only as text ({string.Join(", ", everyName.Distinct().Select(n => $"\"{n}\""))})");
        }
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static IReadOnlyList<Tariff> ParseUnguarded(string json)
    {
        using var document = UrdbTariffImporter.ParseDocument(json);
        var root = document.RootElement;
        if (NativeTariffReader.IsNative(root))
            return [NativeTariffReader.Read(root)];
        if (UrdbTariffImporter.LooksLikeUrdb(root))
            return UrdbTariffImporter.Import(json);
        throw new TariffException("format", $"is neither \"{NativeTariffReader.Format}\" nor an OpenEI URDB item ({{\"items\":[…]}} or a bare item)");
    }
}
