using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.Vee;

public class ReadAcceptanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Meter Hourly = new(new MeterId("M-1"), Commodity.Electricity, MeterKind.Interval, Unit.KWh, 1m, 6, 60, "America/Chicago");
    private static readonly Meter Dial = new(new MeterId("M-2"), Commodity.Electricity, MeterKind.Register, Unit.KWh, 1m, 5, null, "America/Chicago");

    private static IntervalRead Read(DateTimeOffset start, int minutes = 60, Quantity? quantity = null) =>
        new(Hourly.Id, start, minutes, quantity ?? Quantity.KWh(1.2m), ReadQuality.Actual);

    private static RegisterRead Register(int day, decimal register, RegisterReadType type = RegisterReadType.Actual) =>
        new(Dial.Id, new DateTimeOffset(2026, 2, day, 12, 0, 0, TimeSpan.Zero), register, Unit.KWh, type);

    [Test]
    public void An_interval_read_of_the_meter_s_unit_and_length_that_has_ended_is_accepted() =>
        Assert.That(ReadAcceptance.Check(Read(Now.AddHours(-1)), Hourly, Now), Is.Null);

    [Test]
    public void Each_refusal_names_the_field_the_value_and_the_rule()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReadAcceptance.Check(Read(Now.AddDays(-1), quantity: new Quantity(3m, Unit.Therm)), Hourly, Now),
                Is.EqualTo(new Refusal("unit", "therm", $"does not match meter M-1's unit kWh ({VeeRules.UnitMismatch})")));
            Assert.That(ReadAcceptance.Check(Read(Now.AddDays(-1), minutes: 15), Hourly, Now)!.Field, Is.EqualTo("interval_minutes"));
            Assert.That(ReadAcceptance.Check(Read(Now.AddMinutes(-30)), Hourly, Now)!.Reason, Does.Contain(VeeRules.Future),
                "a read that ends after the import has not happened yet");
            Assert.That(ReadAcceptance.Check(new RegisterRead(Dial.Id, Now.AddSeconds(1), 100m, Unit.KWh, RegisterReadType.Actual), Dial, Now)!.Field, Is.EqualTo("read_at"));
            Assert.That(ReadAcceptance.Check(new PeriodRead(Hourly.Id, Now.AddMonths(-1), Now.AddDays(1), Quantity.KWh(400m), ReadQuality.Actual), Hourly, Now)!.Field,
                Is.EqualTo("start"));
            // A dial meter's usage comes from its dial reads: neither an interval nor a reading over a period is stored for it.
            Assert.That(ReadAcceptance.Check(new PeriodRead(Dial.Id, Now.AddMonths(-2), Now.AddMonths(-1), Quantity.KWh(400m), ReadQuality.Actual), Dial, Now),
                Is.EqualTo(new Refusal("UsagePoint", "M-2", "is read by its dial: its usage comes from its dial reads (register CSV), not from readings over periods")));
            Assert.That(ReadAcceptance.Check(new IntervalRead(Dial.Id, Now.AddDays(-1), 60, Quantity.KWh(1m), ReadQuality.Actual), Dial, Now),
                Is.EqualTo(new Refusal("interval_minutes", "60", "is an interval, but meter M-2 is read by its dial: its usage comes from its dial reads (register CSV)")));
        });
    }

    [Test]
    public void A_register_that_goes_down_is_a_rollover_near_the_top_of_the_dial_and_an_exchange_otherwise()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReadAcceptance.RegisterDecrease(Register(1, 500m), Register(28, 900m), Dial.RolloverAt), Is.Null);
            Assert.That(ReadAcceptance.RegisterDecrease(Register(1, 99_800m), Register(28, 300m), Dial.RolloverAt)!.Value.Rule, Is.EqualTo(VeeRules.Rollover));
            Assert.That(ReadAcceptance.RegisterDecrease(Register(1, 99_800m), Register(28, 300m), Dial.RolloverAt)!.Value.Detail, Does.Contain("500 kWh used"));
            Assert.That(ReadAcceptance.RegisterDecrease(Register(1, 40_000m), Register(28, 300m), Dial.RolloverAt)!.Value.Rule, Is.EqualTo(VeeRules.MeterExchange));
            Assert.That(ReadAcceptance.RegisterDecrease(Register(1, 99_800m), Register(28, 300m, RegisterReadType.MeterExchangeIn), Dial.RolloverAt)!.Value.Detail,
                Does.StartWith("meter exchanged"));
        });
    }
}
