using System.Globalization;
using System.Text;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

/// <summary>A chart's numbers are written exactly as the "0.#" custom format writes them (stored statements keep their bytes).</summary>
public class SvgChartTests
{
    private static string Custom(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    [TestCase(0.0)]
    [TestCase(-0.0)]
    [TestCase(12.3)]
    [TestCase(0.05)]
    [TestCase(0.15)]
    [TestCase(0.25)]
    [TestCase(93.75)]
    [TestCase(51.749999999999996)]
    [TestCase(123.96)]
    [TestCase(-4.26)]
    [TestCase(999_999.95)]
    [TestCase(1e6)]
    [TestCase(3.4e12)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_number_is_written_as_the_custom_format_writes_it(double value)
    {
        Assert.That(SvgChart.N(value).ToString(), Is.EqualTo(Custom(value)));
        // As the charts write it: formatted straight into their text.
        Assert.That(new StringBuilder().Append(CultureInfo.InvariantCulture, $"x=\"{SvgChart.N(value)}\"").ToString(), Is.EqualTo($"x=\"{Custom(value)}\""));
    }

    [Test]
    public void Random_chart_coordinates_ties_and_their_neighbours_are_written_as_the_custom_format_writes_them()
    {
        var random = new Random(20);
        var mismatches = new List<string>();
        void Check(double value)
        {
            if (SvgChart.N(value).ToString() != Custom(value) || $"{SvgChart.N(value)}" != Custom(value))
                mismatches.Add(value.ToString("R", CultureInfo.InvariantCulture));
        }
        for (var i = 0; i < 200_000; i++)
        {
            // Pixels as the charts compute them, hundredths (ties at the twentieths), and the doubles either side.
            var pixel = random.NextDouble() * 1_000;
            var hundredth = random.Next(0, 100_000) / 100.0;
            var share = (double)(random.Next(1, 5_000) / (decimal)random.Next(1, 5_000)) * 150;
            foreach (var value in new[] { pixel, hundredth, share, 46 + i % 13 * (394.0 / 13) })
            {
                Check(value);
                Check(Math.BitIncrement(value));
                Check(Math.BitDecrement(value));
            }
        }
        Assert.That(mismatches, Is.Empty);
    }
}
