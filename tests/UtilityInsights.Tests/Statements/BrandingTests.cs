using UtilityInsights.Statements;

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
}
