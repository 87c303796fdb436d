using System.Globalization;
using UtilityInsights.Storage;

namespace UtilityInsights.IntegrationTests.Storage;

public class MeterDayCodecTests
{
    /// <summary>Decoding builds each slot's decimal from its integer: the same value, printed the same, as dividing by a million.</summary>
    [Test]
    public void A_slot_read_back_is_the_decimal_division_gives_digit_for_digit()
    {
        var random = new Random(20261202);
        var values = new List<long> { 0, 1, -1, 10, -10, 1_000_000, -1_000_000, 1_500_000, -1_500_000, 1_234_567, 999_999, 100, long.MaxValue, long.MinValue, long.MinValue + 1 };
        for (var i = 0; i < 20_000; i++)
            values.Add(random.NextInt64(-10_000_000_000, 10_000_000_000) * (i % 3 == 0 ? 1000 : 1));

        foreach (var millionths in values)
        {
            var expected = millionths / 1_000_000m;
            var decoded = MeterDayCodec.FromMillionths(millionths);
            Assert.That(decoded, Is.EqualTo(expected), $"{millionths}");
            Assert.That(decoded.ToString(CultureInfo.InvariantCulture), Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)), $"{millionths}");
            Assert.That(decoded.Scale, Is.EqualTo(expected.Scale), $"{millionths}");
        }
    }
}
