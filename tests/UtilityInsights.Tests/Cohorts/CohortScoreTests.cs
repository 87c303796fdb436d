using UtilityInsights.Cohorts;

namespace UtilityInsights.Tests.Cohorts;

public class CohortScoreTests
{
    private static List<(CohortHome Home, string Cohort)> Cohort(string id, int homes) =>
        Enumerable.Range(0, homes).Select(i => (new CohortHome($"{id}-{i}", "cold", null, 10.0 + i % 7), id)).ToList();

    [Test]
    public void With_no_cohort_at_the_minimum_size_R2_is_not_measured_rather_than_zero()
    {
        var none = CohortEvaluator.Score([.. Cohort("a", 8), .. Cohort("b", 12)], 20, minimum: 20);
        var some = CohortEvaluator.Score([.. Cohort("a", 8), .. Cohort("b", 22), .. Cohort("c", 25)], 55, minimum: 20);

        Assert.Multiple(() =>
        {
            Assert.That(none.R2Loo, Is.Null, "nothing to measure it on");
            Assert.That(none.Coverage, Is.Zero);
            Assert.That(some.R2Loo, Is.Not.Null);
            Assert.That(some.Coverage, Is.EqualTo(47.0 / 55).Within(1e-12));
        });
    }
}
