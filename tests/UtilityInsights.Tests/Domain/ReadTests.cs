using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Domain;

public class RegisterReadTests
{
    private static readonly MeterId Meter = new("M-1");

    [Test]
    public void Usage_is_the_dial_difference_times_the_multiplier()
    {
        var previous = new RegisterRead(Meter, new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), 1200m, Unit.KWh, RegisterReadType.Actual, 10m);
        var current = new RegisterRead(Meter, new DateTimeOffset(2018, 2, 1, 0, 0, 0, TimeSpan.Zero), 1250m, Unit.KWh, RegisterReadType.Actual, 10m);

        Assert.That(current.UsageSince(previous, 100_000m), Is.EqualTo(Quantity.KWh(500m)));
    }

    [Test]
    public void A_smaller_reading_rolls_over_at_the_register_digit_count()
    {
        var previous = new RegisterRead(Meter, new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), 99_800m, Unit.KWh, RegisterReadType.Actual);
        var current = new RegisterRead(Meter, new DateTimeOffset(2018, 2, 1, 0, 0, 0, TimeSpan.Zero), 150m, Unit.KWh, RegisterReadType.Actual);

        Assert.That(current.UsageSince(previous, 100_000m), Is.EqualTo(Quantity.KWh(350m)));
    }
}

public class AccountTests
{
    [Test]
    public void An_email_channel_needs_an_email_address()
    {
        Assert.Throws<ArgumentException>(() => _ = new Account(new AccountId("A-1"), "Ann", "1 Main St", "", null, null, Language.English, DeliveryChannel.Email, "R01"));
    }

    [Test]
    public void The_mailing_address_defaults_to_the_service_address()
    {
        var account = new Account(new AccountId("A-1"), "Ann", "1 Main St", " ", null, null, Language.English, DeliveryChannel.Paper, "R01");

        Assert.That(account.MailingAddress, Is.EqualTo("1 Main St"));
    }

    [TestCase("")]
    [TestCase(" A-1")]
    [TestCase("A\u00011")]
    public void Bad_identifiers_cannot_be_built(string value)
    {
        Assert.Throws<ArgumentException>(() => _ = new AccountId(value));
    }
}
