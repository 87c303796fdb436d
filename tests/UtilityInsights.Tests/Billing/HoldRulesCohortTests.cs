using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Money;
using UtilityInsights.Rating;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Billing;

public class HoldRulesCohortTests
{
    private static RatedBill Bill(decimal kwh, decimal total) =>
        new("flat", new ServicePeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)), new Quantity(kwh, Unit.KWh), 0,
            [new BillLine(ChargeCategory.Energy, new FixedChargeLine("Energy", total, ChargeBasis.PerMonth, 31), kwh, "kWh", null, new UtilityInsights.Money.Money(total, Currency.Usd))],
            new BillDeterminants(31, kwh, 0, [kwh], [], []));

    private static Premise Home() => new()
    {
        Id = new PremiseId("P-1"),
        AccountId = new AccountId("A-1"),
        MeterId = new MeterId("M-1"),
        Region = "north",
        Occupants = 2,
        TimeZone = "America/Chicago",
    };

    [Test]
    public void A_bill_far_above_its_similar_homes_is_held_even_without_a_history_of_its_own()
    {
        var premise = Home();
        var rules = new HoldRules();

        var held = rules.Check(Bill(10_575m, 1_515.39m), premise, 0, null, [], cohortAveragePerDay: 30m);
        var normal = rules.Check(Bill(1_000m, 140m), premise, 0, null, [], cohortAveragePerDay: 30m);
        var noCohort = rules.Check(Bill(10_575m, 1_515.39m), premise, 0, null, [], cohortAveragePerDay: null);

        Assert.Multiple(() =>
        {
            Assert.That(held!.Code, Is.EqualTo(HoldReason.UsageAboveCohort));
            Assert.That(held.Detail, Is.EqualTo("10,575 kWh (341.1 kWh a day) against 30 kWh a day for similar homes"));
            Assert.That(HoldReason.Words(held.Code), Is.EqualTo("Usage far above similar homes"));
            Assert.That(normal, Is.Null);
            Assert.That(noCohort, Is.Null, "without a cohort the other rules decide ($1,515.39 is under the $2,000 ceiling)");
        });
    }

    [Test]
    public void Money_in_hold_reasons_is_written_as_money()
    {
        var held = new HoldRules().Check(Bill(900m, 2_294.70m), Home(), 0, null, []);

        Assert.That(held!.Detail, Is.EqualTo("$2,294.70, above the $2,000.00 ceiling"));
    }
}
