using System.Text.Json;
using System.Text.Json.Nodes;

namespace UtilityInsights.Ingestion.Samples;

/// <summary>
/// The sample utility's residential tariffs, written in the project's own tariff JSON: a flat
/// rate, an inclining-block rate with a summer season, and a time-of-use rate. Amounts and
/// rates are strings so that they stay exact decimals. Schedules are one 24-character string
/// per month (January first) of period indexes by hour. Homes with solar export; every sample tariff
/// bills them by net billing (imports at the rate, exports credited at 4 ¢/kWh).
/// </summary>
internal static class SampleTariffs
{
    private const string Utility = "Sample Power & Light";
    private const string OffPeakAllDay = "000000000000000000000000";
    private const string SummerAllDay = "111111111111111111111111";
    private const string TouWinterWeekday = "000000000000000011111000";
    private const string TouSummerWeekday = "222222222222222233333222";
    private const string TouSummerWeekend = "222222222222222222222222";

    public static IReadOnlyList<string> Write(string folder)
    {
        var written = new List<string>();
        foreach (var (id, document) in Documents())
        {
            var path = Path.Combine(folder, id + ".json");
            File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            written.Add(path);
        }
        return written;
    }

    private static IEnumerable<(string Id, JsonObject Document)> Documents()
    {
        yield return ("RES-FLAT", Tariff("RES-FLAT", "Residential Standard Service",
            periods: [Period("All hours", Tier(null, "0.1325"))],
            weekday: Months(_ => OffPeakAllDay), weekend: Months(_ => OffPeakAllDay)));

        yield return ("RES-TIERED", Tariff("RES-TIERED", "Residential Inclining Block",
            periods:
            [
                Period("Winter", Tier("600", "0.1050"), Tier(null, "0.1310")),
                Period("Summer", Tier("600", "0.1120"), Tier("1200", "0.1480"), Tier(null, "0.1790")),
            ],
            weekday: Months(m => IsSummer(m) ? SummerAllDay : OffPeakAllDay), weekend: Months(m => IsSummer(m) ? SummerAllDay : OffPeakAllDay)));

        yield return ("RES-TOU", Tariff("RES-TOU", "Residential Time-of-Use (4–9 pm peak)",
            periods:
            [
                Period("Winter off-peak", Tier(null, "0.0980")),
                Period("Winter on-peak", Tier(null, "0.1840")),
                Period("Summer off-peak", Tier(null, "0.1040")),
                Period("Summer on-peak", Tier(null, "0.2650")),
            ],
            weekday: Months(m => IsSummer(m) ? TouSummerWeekday : TouWinterWeekday),
            weekend: Months(m => IsSummer(m) ? TouSummerWeekend : OffPeakAllDay)));
    }

    private static bool IsSummer(int month) => month is >= 6 and <= 9;

    private static JsonObject Tariff(string id, string name, JsonObject[] periods, JsonArray weekday, JsonArray weekend) => new()
    {
        ["format"] = "utility-insights-tariff/1",
        ["id"] = id,
        ["name"] = name,
        ["utility"] = Utility,
        ["commodity"] = "electricity",
        ["currency"] = "USD",
        ["effective_from"] = "2020-01-01",
        ["rounding"] = "half_away_from_zero",
        ["fixed_charges"] = new JsonArray(new JsonObject { ["description"] = "Basic service charge", ["amount"] = "11.50", ["per"] = "month" }),
        ["energy"] = new JsonObject
        {
            ["unit"] = "kWh",
            ["periods"] = new JsonArray(periods.Select(p => (JsonNode)p).ToArray()),
            ["weekday_schedule"] = weekday,
            ["weekend_schedule"] = weekend,
        },
        ["riders"] = new JsonArray(new JsonObject { ["description"] = "Fuel cost adjustment", ["rate"] = "0.0042", ["per"] = "kWh" }),
        ["minimum_charge"] = new JsonObject { ["amount"] = "15.00", ["per"] = "month" },
        ["net_metering"] = new JsonObject { ["rules"] = "net_billing", ["sell_rate"] = "0.0400" },
        ["taxes"] = new JsonArray(new JsonObject
        {
            ["description"] = "State utility tax",
            ["percent"] = "4.0",
            ["applies_to"] = new JsonArray("energy", "fixed", "riders", "minimum"),
        }),
    };

    private static JsonObject Period(string name, params JsonObject[] tiers) => new()
    {
        ["name"] = name,
        ["tiers"] = new JsonArray(tiers.Select(t => (JsonNode)t).ToArray()),
    };

    private static JsonObject Tier(string? upToKwh, string rate) => upToKwh is null
        ? new JsonObject { ["rate"] = rate }
        : new JsonObject { ["up_to"] = upToKwh, ["rate"] = rate };

    private static JsonArray Months(Func<int, string> perMonth) =>
        new(Enumerable.Range(1, 12).Select(m => (JsonNode)JsonValue.Create(perMonth(m))!).ToArray());
}
