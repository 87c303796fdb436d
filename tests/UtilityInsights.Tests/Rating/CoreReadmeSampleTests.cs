using System.Text.RegularExpressions;
using UtilityInsights.Rating;
using UtilityInsights.Time;

namespace UtilityInsights.Tests.Rating;

/// <summary>The example in Core's package readme runs as written, on the sample time-of-use tariff.</summary>
public class CoreReadmeSampleTests
{
    private static string Repo(string path) => Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../..", path);

    [Test]
    public void The_readme_example_rates_a_month_and_its_total_is_the_sum_of_its_lines()
    {
        var readme = File.ReadAllText(Repo("src/UtilityInsights.Core/README.md"));
        Assert.That(readme, Does.Contain("BillCalculator.Rate(tariff, january, reads, zone)"));
        Assert.That(readme, Does.Contain("new UsageInterval(t, 60, 1.2m)"));
        Assert.That(Regex.IsMatch(readme, @"NativeTariffReader\.Read\(File\.ReadAllText\(""RES-TOU\.json""\)\)"), Is.True);

        // The example, as the readme has it.
        var tariff = NativeTariffReader.Read(File.ReadAllText(Repo("samples/small/tariffs/RES-TOU.json")));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var january = ServicePeriod.CalendarMonth(2025, 1);
        var reads = new List<UsageInterval>();
        for (var t = LocalDay.StartOfDay(january.Start, zone); t < LocalDay.StartOfDay(january.EndExclusive, zone); t = t.AddHours(1))
            reads.Add(new UsageInterval(t, 60, 1.2m));
        var bill = BillCalculator.Rate(tariff, january, reads, zone);

        Assert.That(reads, Has.Count.EqualTo(744));
        Assert.That(bill.Usage.Value, Is.EqualTo(744 * 1.2m));
        Assert.That(bill.Lines.Select(l => l.Amount.Amount).Sum(), Is.EqualTo(bill.Total.Amount));
        Assert.That(bill.Total.Amount, Is.GreaterThan(0));
        Assert.That(bill.Lines.Select(l => $"{l.Category,-8} {l.Quantity} {l.Unit} at {l.Rate}: {l.Amount}"), Has.Some.Contains("kWh at"));
    }
}
