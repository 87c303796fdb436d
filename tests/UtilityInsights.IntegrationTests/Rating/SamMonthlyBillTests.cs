using System.Text.Json;
using UtilityInsights.Rating;
using UtilityInsights.Time;

namespace UtilityInsights.IntegrationTests.Rating;

/// <summary>
/// Issue 18, part 3: every reference tariff × load × month of 2018 rated by this engine beside what
/// NREL SAM's utility-rate module computed for it (<c>../shared/reference/sam/</c>), per charge
/// category, within $0.02. Where the engine differs from SAM on purpose, the difference is named
/// below and checked as what the engine does instead — never hidden by a wider tolerance.
/// </summary>
public class SamMonthlyBillTests
{
    private const decimal Cent2 = 0.02m;
    private static readonly string Sam = Path.Combine(ReferenceTariffTests.Reference, "sam", "monthly-bills-2018.json");
    private static readonly TimeZoneInfo Est = TimeZones.Find("Etc/GMT+5");

    /// <summary>
    /// Tariffs with charges written only as text, which SAM drops (it ignores fixedattrs): the engine refuses them until the
    /// analyst names the one that applies (<c>--text-charge</c>), then bills it on top of what SAM bills — here the city rate.
    /// </summary>
    private static readonly Dictionary<string, (string Field, string Name, decimal PerMonth)> TextCharges = new(StringComparer.Ordinal)
    {
        ["tou_simple__53eb8b535257a368616fb30f"] = ("fixedattrs", "City Fixed Charge", 26m),
    };

    /// <summary>
    /// Tariffs with a flat demand charge (<c>flatdemandstructure</c>) but no <c>flatdemandmonths</c>: SAM builds no flat
    /// demand charge for them; the engine charges it in every month (one period, all year), here checked as rate × SAM's peak.
    /// </summary>
    private static readonly HashSet<string> SamDropsFlatDemand = new(StringComparer.Ordinal) { "flat_demand_res__539fb812ec4f024bc1dc1341" };

    private static List<string> Tariffs()
    {
        if (!File.Exists(Sam))
            return ["(shared/reference/sam missing)"];
        using var document = JsonDocument.Parse(File.ReadAllText(Sam));
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    [TestCaseSource(nameof(Tariffs))]
    public void Each_month_matches_SAM_per_charge_category_within_two_cents(string tariffName)
    {
        if (!File.Exists(Sam))
            Assert.Ignore($"NREL SAM's monthly bills are not beside the project ({Sam}).");
        using var document = JsonDocument.Parse(File.ReadAllText(Sam));
        var expected = document.RootElement.GetProperty(tariffName);
        var json = File.ReadAllText(Path.Combine(ReferenceTariffTests.Reference, "urdb", tariffName + ".json"));
        var textCharge = 0m;
        if (TextCharges.TryGetValue(tariffName, out var text))
        {
            // SAM bills it without the charges written only as text; the engine refuses rather than leave them out, until told which applies.
            Assert.That(Assert.Throws<TariffException>(() => UrdbTariffImporter.Import(json))!.Field, Is.EqualTo(text.Field));
            json = TariffFiles.WithTextCharges(json, [text.Name]);
            textCharge = text.PerMonth;
        }
        var tariff = UrdbTariffImporter.Import(json).Single();
        var perDayFixed = tariff.FixedCharges.Where(f => f.Per == ChargeBasis.PerDay).Sum(f => f.Amount);
        Assert.Multiple(() =>
        {
            foreach (var load in expected.EnumerateObject())
            {
                var reads = Ingestion.Reads.IntervalCsv.Read(Path.Combine(ReferenceTariffTests.Reference, "loads", load.Name + ".csv"))
                    .Select(r => new UsageInterval(r.Read.Start, r.Read.IntervalMinutes, r.Read.Quantity.Value)).ToList();
                var bills = CalendarMonthRater.Rate(tariff, reads, Est, new DateOnly(2018, 1, 1), new DateOnly(2019, 1, 1));
                foreach (var month in load.Value.GetProperty("months").EnumerateArray())
                {
                    var bill = bills[month.GetProperty("month").GetInt32() - 1];
                    var where = $"{tariffName} × {load.Name}, {bill.Period.Start:MMM}";
                    decimal Sam(string name) => month.GetProperty(name).GetDecimal();
                    Assert.That(bill.Usage.Value, Is.EqualTo(Sam("kwh")).Within(0.001m), $"{where}: kWh");
                    Assert.That(bill.Charges(ChargeCategory.Energy).Amount, Is.EqualTo(Sam("energy")).Within(Cent2), $"{where}: energy");
                    // On purpose: a flat demand charge without flatdemandmonths applies all year; SAM leaves it out.
                    var ownDemand = SamDropsFlatDemand.Contains(tariffName) ? tariff.FlatDemandPeriods[0].Tiers.Single().BilledRate * Sam("peak_kw") : 0m;
                    Assert.That(bill.Charges(ChargeCategory.Demand).Amount, Is.EqualTo(Sam("demand_flat") + Sam("demand_tou") + ownDemand).Within(Cent2),
                        $"{where}: demand");
                    Assert.That(bill.Charges(ChargeCategory.Minimum).Amount, Is.EqualTo(Sam("minimum")).Within(Cent2), $"{where}: minimum");
                    // On purpose: a $/day fixed charge is billed on the month's actual days; SAM prices 365/12 days in every month.
                    // On purpose too: the text charge named is billed, SAM drops it.
                    var samFixed = Sam("fixed") - perDayFixed * 365m / 12m + perDayFixed * bill.Period.Days + textCharge;
                    Assert.That(bill.Charges(ChargeCategory.Fixed).Amount, Is.EqualTo(samFixed).Within(Cent2), $"{where}: fixed (a $/day charge on actual days, a text charge named)");
                    Assert.That(bill.Total.Amount - bill.Charges(ChargeCategory.Other).Amount, Is.EqualTo(Sam("bill") - Sam("fixed") + samFixed + ownDemand).Within(Cent2),
                        $"{where}: total");
                    Assert.That(bill.Charges(ChargeCategory.Other).Amount, Is.Zero, $"{where}: SAM's reference tariffs have no riders, taxes or fuel adjustments");
                }
            }
        });
    }
}
