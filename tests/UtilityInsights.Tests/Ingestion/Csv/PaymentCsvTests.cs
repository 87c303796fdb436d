using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.Csv;

public class PaymentCsvTests
{
    private const string Header = "account_id,paid_at,amount,method,reference";
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    [Test]
    public void Good_rows_are_read_with_instants_dates_and_an_optional_currency()
    {
        var path = files.Write("payments.csv",
            Header + ",currency\r\nA-1,2025-02-10T14:30:00-05:00,106.36,card,P-1,\r\nA-2,2025-02-11,12.5,check,P-2,cad\r\n", bom: true);

        var rows = PaymentCsv.Read(path).Select(r => r.Value!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows[0].PaidAt, Is.EqualTo(new DateTimeOffset(2025, 2, 10, 19, 30, 0, TimeSpan.Zero)));
            Assert.That(rows[0].Amount.Amount, Is.EqualTo(106.36m));
            Assert.That(rows[0].Amount.Currency.Code, Is.EqualTo("USD"));
            Assert.That(rows[0].Method, Is.EqualTo("card"));
            Assert.That(rows[0].Line, Is.EqualTo(2));
            Assert.That(rows[1].PaidAt, Is.EqualTo(new DateTimeOffset(2025, 2, 11, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(rows[1].Amount.Currency.Code, Is.EqualTo("CAD"));
            Assert.That(rows[1].Reference, Is.EqualTo("P-2"));
        });
    }

    [TestCase("A-2,2025-02-10T14:30:00,10.00,card,P-2", "paid_at", "no UTC offset")]
    [TestCase("A-2,10/02/2025,10.00,card,P-2", "paid_at", "ISO 8601")]
    [TestCase("A-2,2025-02-10,ten,card,P-2", "amount", "not a decimal")]
    [TestCase("A-2,2025-02-10,0,card,P-2", "amount", "must be positive")]
    [TestCase("A-2,2025-02-10,-5.00,card,P-2", "amount", "must be positive")]
    [TestCase("A-2,2025-02-10,10.005,card,P-2", "amount", "more decimals")]
    [TestCase("A-2,2025-02-10,1e3,card,P-2", "amount", "not a decimal")]
    [TestCase("A-2,2025-02-10,2000000,card,P-2", "amount", "above")]
    [TestCase("A-2,2025-02-10,10.00,,P-2", "method", "required")]
    [TestCase("A-2,2025-02-10,10.00,card,", "reference", "required")]
    [TestCase(",2025-02-10,10.00,card,P-2", "account_id", "is empty")]
    [TestCase("A-2,2025-02-10,10.00,card", "(row)", "has 4 fields")]
    public void A_bad_row_is_rejected_with_its_line_field_and_reason_and_its_neighbours_are_kept(string bad, string field, string reason)
    {
        var path = files.Write("payments.csv", $"{Header}\nA-1,2025-02-10,1.00,card,P-1\n{bad}\nA-3,2025-02-10,3.00,card,P-3\n");

        var rows = PaymentCsv.Read(path).ToList();

        Assert.That(rows.Where(r => r.IsAccepted).Select(r => r.Value!.Reference), Is.EqualTo(new[] { "P-1", "P-3" }));
        var rejected = rows.Single(r => !r.IsAccepted).Rejection!;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Line, Is.EqualTo(3));
            Assert.That(rejected.Field, Is.EqualTo(field));
            Assert.That(rejected.Reason, Does.Contain(reason));
        });
    }

    [Test]
    public void An_unknown_currency_is_rejected()
    {
        var path = files.Write("payments.csv", $"{Header},currency\nA-1,2025-02-10,1.00,card,P-1,XYZ\n");

        var rejected = PaymentCsv.Read(path).Single().Rejection!;

        Assert.That((rejected.Field, rejected.Reason), Is.EqualTo(("currency", "is not a supported currency code")));
    }
}
