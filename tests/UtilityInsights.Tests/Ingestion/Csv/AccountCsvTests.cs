using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Csv;

namespace UtilityInsights.Tests.Ingestion.Csv;

public class AccountCsvTests
{
    private const string Header = "account_id,name,service_address,mailing_address,email,phone,language,channel,cycle";
    private CsvTestFiles files = null!;

    [SetUp]
    public void SetUp() => files = new CsvTestFiles();

    [TearDown]
    public void TearDown() => files.Dispose();

    [Test]
    public void Good_rows_are_read_with_quotes_BOM_and_CRLF()
    {
        var path = files.Write("accounts.csv",
            Header + "\r\nA-1,\"O'Brien & Sons, Inc.\",\"1 Main St, Town\",,ann@example.com,555-0100,es,email,R01\r\n", bom: true);

        var rows = AccountCsv.Read(path).ToList();

        Assert.That(rows, Has.Count.EqualTo(1));
        var account = rows[0].Value!;
        Assert.Multiple(() =>
        {
            Assert.That(account.Name, Is.EqualTo("O'Brien & Sons, Inc."));
            Assert.That(account.MailingAddress, Is.EqualTo("1 Main St, Town"));
            Assert.That(account.Language, Is.EqualTo(Language.Spanish));
            Assert.That(account.Channel, Is.EqualTo(DeliveryChannel.Email));
        });
    }

    [TestCase("A-2,Bob,2 Elm St,,not-an-email,,en,paper,R01", "email", "not an email")]
    [TestCase("A-2,Bob,2 Elm St,,,,fr,paper,R01", "language", "not one of en, es")]
    [TestCase("A-2,Bob,2 Elm St,,,,en,fax,R01", "channel", "not one of paper, email, both")]
    [TestCase("A-2,Bob,2 Elm St,,,,en,email,R01", "channel", "no email address")]
    [TestCase(",Bob,2 Elm St,,,,en,paper,R01", "account_id", "is empty")]
    [TestCase("A-2,,2 Elm St,,,,en,paper,R01", "name", "required")]
    [TestCase("A-2,Bob,2 Elm St,,,,en,paper", "(row)", "has 8 fields but the header has 9")]
    [TestCase("A-2,Bob,2 Elm St,,,,en,paper,R01,extra", "(row)", "has 10 fields")]
    public void A_bad_row_is_rejected_with_its_line_field_and_reason_and_its_neighbours_are_kept(string bad, string field, string reason)
    {
        var path = files.Write("accounts.csv",
            $"{Header}\nA-1,Ann,1 Main St,,,,en,paper,R01\n{bad}\nA-3,Cy,3 Oak St,,,,en,paper,R02\n");

        var rows = AccountCsv.Read(path).ToList();

        Assert.That(rows.Where(r => r.IsAccepted).Select(r => r.Value!.Id.Value), Is.EqualTo(new[] { "A-1", "A-3" }));
        var rejected = rows.Single(r => !r.IsAccepted).Rejection!;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Line, Is.EqualTo(3));
            Assert.That(rejected.Field, Is.EqualTo(field));
            Assert.That(rejected.Reason, Does.Contain(reason));
        });
    }

    [Test]
    public void An_empty_file_is_a_user_error_naming_the_file()
    {
        var path = files.Write("empty.csv", "");

        var error = Assert.Throws<UserErrorException>(() => AccountCsv.Read(path).ToList());
        Assert.That(error!.Message, Does.Contain("empty.csv").And.Contain("empty"));
    }

    [Test]
    public void A_header_without_rows_is_a_user_error()
    {
        var path = files.Write("header.csv", Header + "\n");

        Assert.That(() => AccountCsv.Read(path).ToList(), Throws.TypeOf<UserErrorException>().With.Message.Contains("no data rows"));
    }

    [Test]
    public void A_missing_column_is_named()
    {
        var path = files.Write("short.csv", "account_id,name\nA-1,Ann\n");
        var one = files.Write("one.csv", "account_id,name,service_address,mailing_address,email,phone,language,cycle\nA-1,Ann,1 Main St,,,,en,R01\n");

        Assert.That(() => AccountCsv.Read(path).ToList(), Throws.TypeOf<UserErrorException>()
            .With.Message.Contains("the header lacks the columns service_address, mailing_address, email, phone, language, channel, cycle"));
        Assert.That(() => AccountCsv.Read(one).ToList(), Throws.TypeOf<UserErrorException>().With.Message.Contains("the header lacks the column channel ("));
    }

    [Test]
    public void A_missing_file_is_a_user_error()
    {
        Assert.That(() => AccountCsv.Read(Path.Combine(files.Folder, "nope.csv")).ToList(),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("nope.csv"));
    }

    [Test]
    public void Binary_garbage_is_refused_without_crashing()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Header + "\n").Concat(new byte[] { 0, 1, 2, 0xFF, 0xFE, 10, 0x1B, 0x2C, 0x7F, 10 }).ToArray();
        var path = files.WriteBytes("garbage.csv", bytes);

        var rows = AccountCsv.Read(path).ToList();

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.All(r => !r.IsAccepted), Is.True);
    }

    [TestCase(0x07)]
    [TestCase(0x1B)]
    [TestCase(0x7F)]
    [TestCase(0x85)]
    public void A_control_character_in_any_field_rejects_the_row_naming_the_field(int control)
    {
        var name = $"Bo{(char)control}b";
        var path = files.Write("accounts.csv", Header + $"\nA-2,{name},2 Elm St,,,,en,paper,R01\nA-3,Ann,\u00D1and\u00FA 3,,,,es,paper,R01\n");

        var rows = AccountCsv.Read(path).ToList();

        Assert.That(rows[0].Rejection?.Field, Is.EqualTo("name"));
        Assert.That(rows[0].Rejection?.Reason, Does.Contain("control character"));
        Assert.That(rows[1].Value?.ServiceAddress, Is.EqualTo("\u00D1and\u00FA 3"), "letters beyond ASCII are fine");
    }
}
