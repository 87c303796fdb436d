using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class ReportSvgTests
{
    [Test]
    public void A_reports_axis_has_round_ticks_through_zero_reaching_both_ends()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReportSvg.RoundScale(0, 212), Is.EqualTo((0.0, 250.0, new[] { 0.0, 50, 100, 150, 200, 250 })).Using(new ScaleComparer()),
                "a tariff's highest monthly bill of $212: not 0 and 212 alone");
            Assert.That(ReportSvg.RoundScale(-35, 120), Is.EqualTo((-40.0, 120.0, new[] { -40.0, -20, 0, 20, 40, 60, 80, 100, 120 })).Using(new ScaleComparer()),
                "credits below zero on the same step");
            Assert.That(ReportSvg.RoundScale(0.8, 28.3), Is.EqualTo((0.0, 30.0, new[] { 0.0, 5, 10, 15, 20, 25, 30 })).Using(new ScaleComparer()));
            Assert.That(ReportSvg.RoundScale(0, 0).High, Is.GreaterThan(0), "nothing to show still has a scale");
        });
    }

    [Test]
    public void A_tariffs_monthly_bills_are_drawn_against_round_ticks()
    {
        var svg = ReportSvg.StackedColumns("t", "Monthly bills", ["Jan", "Feb"], [("Energy", "#3b6ea8", new[] { 150.0, 180.5 }), ("Fixed", "#5b8c3a", new[] { 11.5, 11.5 })],
            "$", "caption", 212);

        Assert.That(svg, Does.Contain(">200</text>").And.Contain(">250</text>").And.Not.Contain(">212</text>"));
    }

    private sealed class ScaleComparer : IEqualityComparer<(double Low, double High, IReadOnlyList<double> Ticks)>
    {
        public bool Equals((double Low, double High, IReadOnlyList<double> Ticks) x, (double Low, double High, IReadOnlyList<double> Ticks) y) =>
            x.Low == y.Low && x.High == y.High && x.Ticks.SequenceEqual(y.Ticks);

        public int GetHashCode((double Low, double High, IReadOnlyList<double> Ticks) obj) => obj.High.GetHashCode();
    }
}
