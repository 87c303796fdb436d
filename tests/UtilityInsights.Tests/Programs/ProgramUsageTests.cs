using UtilityInsights.Domain;
using UtilityInsights.Operations.Programs;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Programs;

public class ProgramUsageTests
{
    private static readonly Meter Register = new(new MeterId("M-1"), Commodity.Electricity, MeterKind.Register, Unit.KWh, 1m, 5, null, "UTC");

    private static RegisterRead Read(int month, int day, decimal register) =>
        new(new MeterId("M-1"), new DateTimeOffset(2025, month, day, 0, 0, 0, TimeSpan.Zero), register, Unit.KWh, RegisterReadType.Actual);

    [Test]
    public void A_register_meter_s_usage_between_reads_is_shared_out_among_the_months_by_days()
    {
        // 620 kWh from Jan 15 to Mar 15 (59 days): 17 days in January, 28 in February, 14 in March.
        var months = ProgramUsage.SpreadRegister(Register, [Read(1, 15, 1000), Read(3, 15, 1620)], new DateOnly(2025, 1, 1), new DateOnly(2025, 4, 1));

        Assert.That(months[new DateOnly(2025, 1, 1)].Days, Is.EqualTo(17m));
        Assert.That(months[new DateOnly(2025, 2, 1)].Days, Is.EqualTo(28m));
        Assert.That(months[new DateOnly(2025, 3, 1)].Days, Is.EqualTo(14m));
        Assert.That(months.Values.Sum(m => m.Total), Is.EqualTo(620m).Within(0.000001m));
        Assert.That(months[new DateOnly(2025, 2, 1)].PerDay, Is.EqualTo(620.0 / 59).Within(1e-9));
    }

    [Test]
    public void Months_outside_the_window_are_left_out()
    {
        var months = ProgramUsage.SpreadRegister(Register, [Read(1, 15, 1000), Read(3, 15, 1620)], new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1));

        Assert.That(months.Keys, Is.EqualTo(new[] { new DateOnly(2025, 2, 1) }));
    }
}
