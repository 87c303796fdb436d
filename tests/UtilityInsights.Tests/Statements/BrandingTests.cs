using UtilityInsights.Statements;
using UtilityInsights.Units;

namespace UtilityInsights.Tests.Statements;

public class BrandingTests
{
    [Test]
    public void An_AutoPay_customer_reads_the_AutoPay_option_as_one_already_on_it_in_either_language()
    {
        var branding = BrandingConfig.Default();
        string AutoPay(string language, bool enrolled) => branding.For(language, enrolled).PaymentOptions[1].Detail;

        Assert.Multiple(() =>
        {
            Assert.That(AutoPay("en", enrolled: false), Does.EndWith("sign up online"));
            Assert.That(AutoPay("en", enrolled: true), Does.StartWith("you are signed up").And.Not.Contain("sign up online"));
            Assert.That(AutoPay("es", enrolled: true), Does.StartWith("está inscrito"));
            Assert.That(branding.For("en", autoPay: true).PaymentOptions.Select(o => o.Detail).Where((_, i) => i != 1),
                Is.EqualTo(branding.For("en").PaymentOptions.Select(o => o.Detail).Where((_, i) => i != 1)), "the other ways to pay read the same");
        });
    }

    [Test]
    public void A_gas_bill_gives_the_gas_emergency_line_and_tells_someone_who_smells_gas_to_leave()
    {
        var branding = BrandingConfig.Default();
        var renderer = StatementRenderer.Default();
        var strings = renderer.Strings("en");
        var spanish = renderer.Strings("es");
        var gasOnlyOneNumber = branding with { GasEmergencyPhone = null };

        Assert.Multiple(() =>
        {
            Assert.That(branding.For("en", commodity: Commodity.Gas, strings: strings), Has.Property("EmergencyPhone").EqualTo("1-800-555-0198")
                .And.Property("EmergencyPrompt").EqualTo("Smell gas? Leave at once, then call"));
            Assert.That(branding.For("es", commodity: Commodity.Gas, strings: spanish).EmergencyPrompt, Does.StartWith("¿Huele a gas?"));
            Assert.That(branding.For("en", commodity: Commodity.Electricity, strings: strings), Has.Property("EmergencyPhone").EqualTo("1-800-555-0199")
                .And.Property("EmergencyPrompt").EqualTo("Power outage or emergency? Call"));
            Assert.That(branding.For("en", commodity: Commodity.Water, strings: strings).EmergencyPrompt, Does.StartWith("Water main break"));
            Assert.That(gasOnlyOneNumber.For("en", commodity: Commodity.Gas, strings: strings).EmergencyPhone, Is.EqualTo("1-800-555-0199"),
                "a utility with one emergency line gives it on gas bills too");
            Assert.That(branding.For("en").EmergencyPrompt, Is.Null, "a reminder names no emergency line");
        });
    }
}
