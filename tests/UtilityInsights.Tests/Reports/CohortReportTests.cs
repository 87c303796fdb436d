using UtilityInsights.Insights;
using UtilityInsights.Operations.Reports;

namespace UtilityInsights.Tests.Reports;

public class CohortReportTests
{
    [TestCase("vacant_looking", "Looks vacant (usage below the vacant threshold)")]
    [TestCase("too_little_history", "Too few days of reads")]
    [TestCase("on_site_generation", "On-site generation")]
    [TestCase("opted_out", "Opted out")]
    [TestCase("VacantLooking", "Looks vacant (usage below the vacant threshold)")]
    [TestCase("TooLittleHistory", "Too few days of reads")]
    [TestCase("something_new", "something_new")]
    public void Why_homes_were_left_out_reads_in_words_whether_the_model_file_is_new_or_old(string code, string words) =>
        Assert.That(CohortReport.ExclusionWords(code), Is.EqualTo(words));

    [Test]
    public void Every_reason_a_home_can_be_left_out_has_words()
    {
        foreach (var exclusion in Enum.GetValues<Exclusion>().Where(e => e != Exclusion.None))
        {
            var code = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(exclusion.ToString());
            Assert.That(CohortReport.ExclusionWords(code), Is.Not.EqualTo(code), code);
        }
    }

    [Test]
    public void The_training_time_reads_to_the_minute_in_UTC_and_the_usage_axis_has_round_ticks_and_its_unit()
    {
        var cohort = """{"cohort_id":"cold#c0","region":"cold","homes":25,"mean":20.5,"efficient":5.8,"p10":5.3,"p25":10.9,"median":17.8,"p75":24.2,"p90":106.4}""";
        var model = $$$"""
            {"version":"cohorts-x","trained_at":"2026-12-04T11:55:56.5975293-06:00","training_from":"2025-02-01","training_to":"2026-02-01","trained":25,"premises":25,
             "metrics":{"r2_loo":0.3,"coverage":1.0,"baseline":{"r2_loo":0.1,"coverage":1.0}},"privacy_floor":20,"cohorts":[{{{cohort}}}],"small_cohorts":[],
             "feature_importance":[{"feature":"floor_area_sqft","share":1.0}],"excluded":{}}
            """;

        var html = CohortReport.Render(model);
        var ticks = System.Text.RegularExpressions.Regex.Matches(html, "text-anchor=\"middle\">([^<]+)</text>").Select(m => m.Groups[1].Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Trained 2026-12-04 17:55 UTC on 25 of 25 premises"));
            Assert.That(ticks, Is.SupersetOf(new[] { "0", "50", "100", "150" }), "0 to 150 by 50 for a highest 90th percentile of 106.4, not quarters of it (26.6, 53.2 …)");
            Assert.That(html, Does.Contain("<h2>Usage per day in each cohort, kWh</h2>").And.Contain(">kWh per day</text>"), "the axis says what its numbers are");
        });
    }

    [Test]
    public void An_R2_that_could_not_be_measured_reads_as_a_dash_and_says_why_not_zero()
    {
        var cohort = """{"cohort_id":"cold#c0","region":"cold","homes":25,"mean":20.5,"efficient":5.8,"p10":5.3,"p25":10.9,"median":17.8,"p75":24.2,"p90":26.4}""";
        string Model(string metrics) => $$$"""
            {"version":"cohorts-x","trained_at":"2026-12-04T11:55:56Z","training_from":"2025-02-01","training_to":"2026-02-01","trained":120,"premises":121,
             "parameters":{"min_cohort_size":20,"folds":3},"metrics":{{{metrics}}},"privacy_floor":20,"cohorts":[{{{cohort}}}],
             "small_cohorts":[{"cohort_id":"cold#c1","homes":8}],"feature_importance":[{"feature":"floor_area_sqft","share":1.0}],"excluded":{}}
            """;
        var unmeasured = CohortReport.Render(Model("""{"r2_loo":null,"coverage":0,"cohorts":0,"baseline":{"r2_loo":null,"coverage":0}}"""));
        var olderFile = CohortReport.Render(Model("""{"r2_loo":0,"coverage":0,"cohorts":0,"baseline":{"r2_loo":0,"coverage":0}}"""));
        var measured = CohortReport.Render(Model("""{"r2_loo":0.41,"coverage":0.9,"cohorts":5,"baseline":{"r2_loo":0.2,"coverage":0.8}}"""));

        Assert.Multiple(() =>
        {
            foreach (var html in new[] { unmeasured, olderFile })
            {
                Assert.That(html, Does.Contain("cross-fitted)</td><td>—</td>").And.Not.Contain("0.000"));
                Assert.That(html, Does.Contain("not measured:</strong> cross-fitting sets aside one in 3 of the 120 homes").And.Contain("minimum of 20 homes"));
            }
            Assert.That(measured, Does.Contain("cross-fitted)</td><td>0.410</td>").And.Not.Contain("not measured"));
            Assert.That(measured, Does.Contain("1 cohort has fewer than 20 homes (the privacy floor): it is counted here"));
        });
    }
}
