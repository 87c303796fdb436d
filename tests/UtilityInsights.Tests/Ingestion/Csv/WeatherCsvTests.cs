using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.Csv;

public class WeatherCsvTests
{
    private const string Header = "region,date,hdd,cdd";
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    [Test]
    public void Good_rows_are_read_as_decimals_with_their_line()
    {
        var path = files.Write("weather.csv", $"{Header}\r\ncold,2025-01-01,47.4,0.0\r\nhot-dry,2025-07-01,0,18.25\r\n", bom: true);

        var rows = WeatherCsv.Read(path).Select(r => r.Value!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo(new WeatherRow(2, "cold", new DateOnly(2025, 1, 1), 47.4m, 0m)));
            Assert.That(rows[1], Is.EqualTo(new WeatherRow(3, "hot-dry", new DateOnly(2025, 7, 1), 0m, 18.25m)));
        });
    }

    [TestCase("cold,2025-13-01,1,0", "date", "yyyy-MM-dd")]
    [TestCase("cold,01/02/2025,1,0", "date", "yyyy-MM-dd")]
    [TestCase("cold,2025-01-02,-1,0", "hdd", "negative")]
    [TestCase("cold,2025-01-02,1,lots", "cdd", "not a decimal")]
    [TestCase("cold,2025-01-02,250,0", "hdd", "above")]
    [TestCase(",2025-01-02,1,0", "region", "is empty")]
    public void A_bad_row_is_rejected_with_its_line_field_and_reason_and_its_neighbours_are_kept(string bad, string field, string reason)
    {
        var path = files.Write("weather.csv", $"{Header}\ncold,2025-01-01,1,0\n{bad}\ncold,2025-01-03,3,0\n");

        var rows = WeatherCsv.Read(path).ToList();

        Assert.That(rows.Where(r => r.IsAccepted).Select(r => r.Value!.Day.Day), Is.EqualTo(new[] { 1, 3 }));
        var rejected = rows.Single(r => !r.IsAccepted).Rejection!;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Line, Is.EqualTo(3));
            Assert.That(rejected.Field, Is.EqualTo(field));
            Assert.That(rejected.Reason, Does.Contain(reason));
        });
    }
}
