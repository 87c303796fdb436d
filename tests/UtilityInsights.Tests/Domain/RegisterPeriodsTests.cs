using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Domain;

/// <summary>A dial meter's usage between each two reads, as a Green Button download gives it: across a rollover, never across a meter exchange.</summary>
public class RegisterPeriodsTests
{
    private static readonly Meter Dial = new(new MeterId("M-7"), Commodity.Water, MeterKind.Register, Unit.Gallon, 10m, 5, null, "America/Denver");

    private static RegisterRead At(int month, decimal register, RegisterReadType type = RegisterReadType.Actual) =>
        new(Dial.Id, new DateTimeOffset(2025, month, 5, 9, 0, 0, TimeSpan.FromHours(-7)), register, Unit.Gallon, type, 10m);

    [Test]
    public void Each_two_reads_give_the_usage_between_them_rollovers_counted_and_exchanges_not()
    {
        RegisterRead[] reads =
        [
            At(1, 99_900m), At(2, 20m), At(3, 45m, RegisterReadType.Estimated), At(4, 60m, RegisterReadType.MeterExchangeOut),
            At(5, 0m, RegisterReadType.MeterExchangeIn), At(6, 12m),
        ];

        var periods = RegisterPeriods.Between(reads, Dial).ToList();

        Assert.That(periods.Select(p => (p.Start.Month, p.End.Month, p.Quantity, p.Quality)), Is.EqualTo(new[]
        {
            (1, 2, new Quantity(1_200m, Unit.Gallon), ReadQuality.Actual),     // 99,900 → 20 across 100,000, × 10
            (2, 3, new Quantity(250m, Unit.Gallon), ReadQuality.Estimated),    // its closing read estimated
            (3, 4, new Quantity(150m, Unit.Gallon), ReadQuality.Estimated),    // its opening read estimated
            (5, 6, new Quantity(120m, Unit.Gallon), ReadQuality.Actual),       // the new meter's; nothing from the old one's last read to it
        }));
    }
}
