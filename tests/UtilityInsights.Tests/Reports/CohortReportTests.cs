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
}
