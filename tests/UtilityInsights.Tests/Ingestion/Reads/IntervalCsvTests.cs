using System.Text;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Tests.Ingestion.Csv;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Ingestion.Reads;

public class IntervalCsvTests
{
    private const string Header = "meter_id,interval_start,interval_minutes,quantity,unit,quality";
    private const string Good1 = "M-1,2018-03-11T00:00:00-06:00,60,1.234000,kWh,A";
    private const string Good2 = "M-1,2018-03-11T03:00:00-05:00,60,0.5,kWh,E";
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    [Test]
    public void Good_rows_are_read_with_their_offsets_units_and_qualities()
    {
        var path = files.Write("reads.csv", $"{Header}\r\n{Good1}\r\n\"M-1\",2018-03-11T03:00:00-05:00,60,\"0.5\",Wh,M\r\n", bom: true);

        var rows = IntervalCsv.Read(path).ToList();

        Assert.That(rows.Select(r => r.Rejection), Is.All.Null);
        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Read.Start, Is.EqualTo(new DateTimeOffset(2018, 3, 11, 0, 0, 0, TimeSpan.FromHours(-6))));
            Assert.That(rows[0].Read.Quantity, Is.EqualTo(Quantity.KWh(1.234m)));
            Assert.That(rows[1].Read.Quantity, Is.EqualTo(new Quantity(0.5m, Unit.Wh)));
            Assert.That(rows[1].Read.Quality, Is.EqualTo(ReadQuality.ManuallyEdited));
            Assert.That(rows[1].Line, Is.EqualTo(3));
        });
    }

    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,1.2,kWh", "(row)", "has 5 fields")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,abc,kWh,A", "quantity", "not a decimal")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,NaN,kWh,A", "quantity", "not a decimal")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,1e300,kWh,A", "quantity", "not a decimal")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,5000000000,kWh,A", "quantity", "implausibly large")]
    [TestCase("M-1,2018-03-11T01:00:00,60,1.2,kWh,A", "interval_start", "no UTC offset")]
    [TestCase("M-1,2018-03-11T01:00:00+25:00,60,1.2,kWh,A", "interval_start", "offset outside")]
    [TestCase("M-1,2018-03-11T01:00:00 CST,60,1.2,kWh,A", "interval_start", "unreadable UTC offset")]
    [TestCase("M-1,2018-02-30T01:00:00-06:00,60,1.2,kWh,A", "interval_start", "not a real date")]
    [TestCase("M-1,yesterday,60,1.2,kWh,A", "interval_start", "not an ISO 8601")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,1.2,BTU,A", "unit", "not one of")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,1.2,kW,A", "unit", "not one of")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,0,1.2,kWh,A", "interval_minutes", "must be positive")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,-15,1.2,kWh,A", "interval_minutes", "must be positive")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,7,1.2,kWh,A", "interval_minutes", "divide a day")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,sixty,1.2,kWh,A", "interval_minutes", "not a whole number")]
    [TestCase(",2018-03-11T01:00:00-06:00,60,1.2,kWh,A", "meter_id", "is empty")]
    [TestCase("M-1,2018-03-11T01:00:00-06:00,60,1.2,kWh,X", "quality", "not A")]
    public void A_malformed_row_is_rejected_with_its_own_reason_and_the_rows_around_it_are_kept(string bad, string field, string reason)
    {
        var path = files.Write("reads.csv", $"{Header}\n{Good1}\n{bad}\n{Good2}\n");

        var rows = IntervalCsv.Read(path).ToList();

        Assert.That(rows.Where(r => r.IsAccepted).Select(r => r.Line), Is.EqualTo(new long[] { 2, 4 }));
        var rejected = rows.Single(r => !r.IsAccepted).Rejection!;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Line, Is.EqualTo(3));
            Assert.That(rejected.Field, Is.EqualTo(field));
            Assert.That(rejected.Reason, Does.Contain(reason));
        });
    }

    [Test]
    public void More_than_six_decimals_are_rounded_half_away_from_zero()
    {
        var path = files.Write("reads.csv", $"{Header}\nM-1,2018-03-11T01:00:00-06:00,60,0.1234565,kWh,A\n");

        Assert.That(IntervalCsv.Read(path).Single().Read.Quantity.Value, Is.EqualTo(0.123457m));
    }

    [Test]
    public void An_empty_file_a_header_only_file_and_a_missing_column_are_user_errors_naming_the_file()
    {
        var empty = files.Write("empty.csv", "");
        var headerOnly = files.Write("header.csv", Header + "\n");
        var noUnit = files.Write("nounit.csv", "meter_id,interval_start,interval_minutes,quantity\nM-1,2018-03-11T01:00:00-06:00,60,1\n");

        Assert.That(() => IntervalCsv.Read(empty).ToList(), Throws.TypeOf<UserErrorException>().With.Message.Contains("empty.csv"));
        Assert.That(() => IntervalCsv.Read(headerOnly).ToList(), Throws.TypeOf<UserErrorException>().With.Message.Contains("no data rows"));
        Assert.That(() => IntervalCsv.Read(noUnit).ToList(), Throws.TypeOf<UserErrorException>().With.Message.Contains("unit"));
    }

    [Test]
    public void Binary_garbage_is_rejected_row_by_row()
    {
        var bytes = Encoding.UTF8.GetBytes($"{Header}\n{Good1}\n").Concat(new byte[] { 0, 0xFF, 0xFE, 0x2C, 0x80, 0x2C, 10 }).Concat(Encoding.UTF8.GetBytes(Good2 + "\n")).ToArray();
        var path = files.WriteBytes("garbage.csv", bytes);

        var rows = IntervalCsv.Read(path).ToList();

        Assert.That(rows.Count(r => r.IsAccepted), Is.EqualTo(2));
        Assert.That(rows.Count(r => !r.IsAccepted), Is.EqualTo(1));
    }
}
