using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Time;

namespace UtilityInsights.Tests.Domain;

public class IdentifierTests
{
    [TestCase("A-000001")]
    [TestCase("M_12.b")]
    [TestCase("5b34f99e5457a3ee5b8367bf")]
    [TestCase("R01")]
    public void Letters_digits_dash_underscore_and_dot_make_an_id(string id) => Assert.That(Identifier.Problem(id), Is.Null);

    [TestCase("", "empty")]
    [TestCase("../../../x", "starts with '.'")]
    [TestCase("./A-000003", "starts with '.'")]
    [TestCase("/srv/x/y", "path separator")]
    [TestCase("A\\B", "path separator")]
    [TestCase("A 1", "a space")]
    [TestCase("A\u0000", "control character")]
    [TestCase("Ã©", "not ASCII")]
    [TestCase("A\"B", "'\"'")]
    [TestCase("A;B", "';'")]
    public void Anything_else_is_refused_with_the_reason(string id, string reason) => Assert.That(Identifier.Problem(id), Does.Contain(reason));

    [Test]
    public void An_id_is_at_most_64_characters() =>
        Assert.Multiple(() =>
        {
            Assert.That(Identifier.Problem(new string('a', 64)), Is.Null);
            Assert.That(Identifier.Problem(new string('a', 65)), Does.Contain("longer than 64"));
        });

    [Test]
    public void A_domain_id_refuses_a_path_when_built_from_outside() =>
        Assert.Throws<ArgumentException>(() => _ = new AccountId("../x"));

    [TestCase("/espi/1_1/resource/UsagePoint/5446AF3F", "-espi-1_1-resource-UsagePoint-5446AF3F")]
    [TestCase("..//..", "--..")]
    [TestCase("Ñandú 1", "-and--1")]
    public void Text_that_is_not_an_id_is_made_into_one(string text, string id) => Assert.That(Identifier.FromText(text, "fallback"), Is.EqualTo(id));

    [Test]
    public void Made_ids_keep_to_the_rule() =>
        Assert.That(Identifier.FromText("...", "fallback"), Is.EqualTo("fallback"));

    [Test]
    public void An_account_id_from_the_command_line_is_refused_as_a_user_error_naming_the_option()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AccountId.ParseOrUserError("A-000001").Value, Is.EqualTo("A-000001"));
            Assert.That(() => AccountId.ParseOrUserError("../A-1"),
                Throws.TypeOf<UserErrorException>().With.Message.StartsWith("--account '../A-1' ").And.Message.Contains("starts with '.'"));
            Assert.That(() => AccountId.ParseOrUserError(null, "--for"), Throws.TypeOf<UserErrorException>().With.Message.EqualTo("--for '' is empty."));
        });
    }
}

public class OutputPathsTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ui-out");

    [Test]
    public void A_valid_id_names_a_file_inside_the_folder() =>
        Assert.That(OutputPaths.Inside(Folder, "A-000001", "2026-01.html"), Is.EqualTo(Path.Combine(Path.GetFullPath(Folder), "A-000001", "2026-01.html")));

    [TestCase("..")]
    [TestCase(".")]
    [TestCase("../x")]
    [TestCase("/etc/passwd")]
    [TestCase("./A-000003")]
    [TestCase("a/b")]
    [TestCase("")]
    public void A_part_that_could_leave_the_folder_or_alias_another_file_is_refused(string part)
    {
        var error = Assert.Throws<UserErrorException>(() => OutputPaths.Inside(Folder, part, "2026-01.html"));
        Assert.That(error!.Message, Does.Contain("cannot name a file"));
    }
}

public class RecordDatesTests
{
    [TestCase("1900-01-01", true)]
    [TestCase("2199-12-31", true)]
    [TestCase("1899-12-31", false)]
    [TestCase("2200-01-01", false)]
    [TestCase("9999-12-31", false)]
    [TestCase("0001-01-01", false)]
    [TestCase("2026-02-30", false)]
    public void Dates_from_outside_are_kept_within_what_a_bill_can_compute_with(string text, bool accepted) =>
        Assert.That(RecordDates.TryParseDate(text, out _, out _), Is.EqualTo(accepted));

    [TestCase("9999-12")]
    [TestCase("0001-01")]
    [TestCase("1900-01")]
    [TestCase("2199-01")]
    public void A_cycle_without_room_for_its_history_and_due_date_is_refused(string cycle) =>
        Assert.Throws<FormatException>(() => BillingCycle.Parse(cycle));
}

public class TariffIdTests
{
    [Test]
    public void A_native_tariff_whose_id_could_name_a_path_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../samples/small/tariffs/RES-FLAT.json"))
            .Replace("\"id\": \"RES-FLAT\"", "\"id\": \"../RES-FLAT\"", StringComparison.Ordinal);

        var error = Assert.Throws<UtilityInsights.Rating.TariffException>(() => UtilityInsights.Rating.TariffFiles.Parse(json));

        Assert.That(error!.Field, Is.EqualTo("id"));
    }
}
