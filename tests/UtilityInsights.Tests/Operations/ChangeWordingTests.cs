using System.Globalization;
using UtilityInsights.Insights;
using UtilityInsights.Operations.Compose;

namespace UtilityInsights.Tests.Operations;

public class ChangeWordingTests
{
    [TestCase("en", 1, "1 more day in the period")]
    [TestCase("en", -1, "1 fewer day in the period")]
    [TestCase("en", 3, "3 more days in the period")]
    [TestCase("en", 0, "0 more days in the period")]
    [TestCase("es", 1, "1 día más en el período")]
    [TestCase("es", -1, "1 día menos en el período")]
    [TestCase("es", 4, "4 días más en el período")]
    public void A_difference_in_days_is_worded_in_the_singular_for_one_day(string language, int days, string expected) =>
        Assert.That(StatementComposer.FactorText(ChangeFactor.Days, language, days, (0m, 0m), CultureInfo.GetCultureInfo(language)), Is.EqualTo(expected));
}
