using UtilityInsights.Operations.Reports;

namespace UtilityInsights.Tests.Reports;

public class BillRunReportTests
{
    [Test]
    public void A_lone_gas_bill_among_electricity_ones_is_said_in_a_sentence_not_drawn_as_a_histogram()
    {
        var kwh = Spread.Of([310m, 620m, 640m, 1_200m]);
        var therm = Spread.Of([95m]);
        var data = new BillRunReportData("2026-01", "USD", 5, 5, 0, 0, 600m, new Dictionary<string, int>(), [], new Dictionary<string, decimal>(),
            [new UnitUsage("kWh", kwh), new UnitUsage("therm", therm)], Spread.Of([50m, 90m, 95m, 133.62m, 231.38m]), new Dictionary<string, int>(), []);

        var html = BillRunReport.RenderHtml(data);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<p>1 bill in therm: 95.</p>").And.Not.Contain("usage-therm"), "one value: no column and nineteen empty bins");
            Assert.That(html, Does.Contain("usage-kWh").And.Contain("4 bills in kWh: median 640"));
            Assert.That(html, Does.Contain("5 bills: median 95.00"));
        });
    }
}
