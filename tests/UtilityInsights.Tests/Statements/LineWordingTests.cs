using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Statements;

public class LineWordingTests
{
    private static readonly LineWording Wording = StatementRenderer.Default().Wording;

    private static readonly TierBand First600 = new(TierPosition.First, 600m, TierLimitUnit.Kwh, 31, 0m);

    private static (string Name, string How) English(LineFacts facts) => (Wording.Describe(facts, "en"), Wording.Explain(facts, "en"));

    private static (string Name, string How) Spanish(LineFacts facts) => (Wording.Describe(facts, "es"), Wording.Explain(facts, "es"));

    [Test]
    public void Every_kind_of_line_is_worded_in_English_from_its_numbers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(English(new EnergyCharge(Commodity.Electricity, null, First600, 600m, "kWh", 0.105m)),
                Is.EqualTo(("Energy, first 600 kWh", "First 600 kWh: 600 kWh at $0.1050/kWh")));
            Assert.That(English(new EnergyCharge(Commodity.Gas, null, new TierBand(TierPosition.Over, 50m, TierLimitUnit.Kwh, 30, 0m), 12.5m, "therm", 1.2m)),
                Is.EqualTo(("Gas, over 50 therm", "Over 50 therm: 12.5 therm at $1.2000/therm")));
            Assert.That(English(new EnergyCharge(Commodity.Electricity, "Summer on-peak", new TierBand(TierPosition.Next, 20m, TierLimitUnit.KwhDaily, 30, 0m), 100m, "kWh", 0.2m, 0.25m)),
                Is.EqualTo(("Energy, Summer on-peak, next block up to 20 kWh a day (600 kWh for 30 days)",
                    "100 kWh (Summer on-peak's 25% share of usage in the next block up to 20 kWh a day (600 kWh for 30 days) block) at $0.2000/kWh")));
            Assert.That(English(new FixedChargeLine("Basic service charge", 0.36m, ChargeBasis.PerDay, 31)),
                Is.EqualTo(("Basic service charge", "$0.36 a day × 31 days")));
            Assert.That(English(new FixedChargeLine("Customer charge", 12m, ChargeBasis.PerMonth, 14, 14, 31)).How,
                Is.EqualTo("$12.00 a month × 14/31 of the billing period"));
            Assert.That(English(new TaxLine("Sales tax", 4m, 102.27m)), Is.EqualTo(("Sales tax", "4% of $102.27")));
            Assert.That(English(new ExportCredit(null, 230m, "kWh", 0.04m)),
                Is.EqualTo(("Credit for energy exported", "230 kWh sent to the grid, credited at $0.0400/kWh (net billing)")));
            Assert.That(English(new DemandCharge("Peak", 2, 2.5m, 7.5m, 4m)),
                Is.EqualTo(("Demand, Peak, block 2", "2.5 kW of the highest demand in Peak hours (7.5 kW) at $4.00/kW")));
            Assert.That(English(new DemandCharge(null, null, 9m, 9m, 4m, RatchetKw: 9m, PeakKw: 6m)).How,
                Is.EqualTo("9 kW of the ratchet (9 kW: a share of an earlier month's peak, above this month's 6 kW) (9 kW) at $4.00/kW"));
            Assert.That(English(new MinimumChargeLine(15m, 0.5m, 30)).How, Is.EqualTo("The bill is brought up to the minimum of $15.00 ($0.50 a day × 30 days)"));
            Assert.That(English(new CreditForNextBill(3m)), Is.EqualTo(("Credit carried to next month", "$3.00 of export credit is kept for the next bill")));
            Assert.That(English(new TrueUpCredit(29m, "kWh", 0.05m)).How, Is.EqualTo("The year's unused credit of 29 kWh paid at $0.0500/kWh"));
        });
    }

    [Test]
    public void Every_kind_of_line_is_worded_in_Spanish_with_the_tariff_s_names_from_the_glossary_and_the_same_numbers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Spanish(new EnergyCharge(Commodity.Electricity, null, First600, 600m, "kWh", 0.105m)),
                Is.EqualTo(("Energía, primeros 600 kWh", "Primeros 600 kWh: 600 kWh a $0.1050/kWh")));
            Assert.That(Spanish(new EnergyCharge(Commodity.Electricity, "Summer on-peak", null, 10m, "kWh", 0.2m)).Name, Is.EqualTo("Energía, Verano, horas punta"));
            Assert.That(Spanish(new EnergyCharge(Commodity.Electricity, "Summer on-peak", First600, 100m, "kWh", 0.2m, 0.25m)).How,
                Is.EqualTo("100 kWh (parte de 25 % del consumo de Verano, horas punta en el bloque de primeros 600 kWh) a $0.2000/kWh"));
            Assert.That(Spanish(new FixedChargeLine("Basic service charge", 0.36m, ChargeBasis.PerDay, 31)),
                Is.EqualTo(("Cargo por servicio básico", "$0.36 al día × 31 días")));
            Assert.That(Spanish(new TaxLine("Sales tax", 4m, 102.27m)), Is.EqualTo(("Impuesto sobre las ventas", "4 % de $102.27")));
            Assert.That(Spanish(new ExportCredit(null, 230m, "kWh", 0.04m)).How, Is.EqualTo("230 kWh enviados a la red, acreditados a $0.0400/kWh (facturación neta)"));
            Assert.That(Spanish(new DemandCharge("Peak hours", null, 2.5m, 2.5m, 4m)),
                Is.EqualTo(("Demanda, Peak hours", "2.5 kW de la demanda máxima en horas de Peak hours (2.5 kW) a $4.00/kW")), "a name the glossary lacks is left as it is");
            Assert.That(Spanish(new TrueUpCredit(29m, "kWh", 0.05m)).Name, Is.EqualTo("Crédito de liquidación anual de la medición neta"));
            Assert.That(Spanish(new CreditFromLastBill(3m)).How, Does.Not.Contain("the").And.Contain("$3.00"));
        });
    }

    [Test]
    public void A_segment_of_a_period_is_its_first_and_last_day() =>
        Assert.That(LineWording.Segment(new ServicePeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 15))), Is.EqualTo("Jan 1 – Jan 14"));
}
