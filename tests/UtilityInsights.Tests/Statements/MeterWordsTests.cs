using System.Globalization;
using UtilityInsights.Statements;

namespace UtilityInsights.Tests.Statements;

public class MeterWordsTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-US");

    private static List<DateOnly> Days(params string[] days) => days.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)).ToList();

    [Test]
    public void An_interval_meter_s_estimated_days_are_named_as_runs_of_days()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MeterWords.IntervalReads(744, 0, 60, "en", English, []), Is.EqualTo("Interval meter: usage from 744 hourly reads"));
            Assert.That(MeterWords.IntervalReads(744, 3, 60, "en", English), Is.EqualTo("Interval meter: usage from 744 hourly reads (3 estimated)"),
                "no days given (a caller that does not know them)");
            Assert.That(MeterWords.IntervalReads(744, 96, 60, "en", English, Days("2025-01-24", "2025-01-25", "2025-01-26", "2025-01-27")),
                Is.EqualTo("Interval meter: usage from 744 hourly reads (96 estimated, on Jan 24–27)"));
            Assert.That(MeterWords.IntervalReads(744, 3, 60, "en", English, Days("2025-01-09")),
                Is.EqualTo("Interval meter: usage from 744 hourly reads (3 estimated, on Jan 9)"));
            Assert.That(MeterWords.IntervalReads(2976, 200, 15, "en", English, Days("2025-01-03", "2025-01-30", "2025-01-31", "2025-02-01")),
                Is.EqualTo("Interval meter: usage from 2,976 15-minute reads (200 estimated, on Jan 3 and Jan 30 – Feb 1)"), "a run across a month's end");
            Assert.That(MeterWords.IntervalReads(744, 30, 60, "en", English, Days("2025-01-03", "2025-01-09", "2025-01-10", "2025-01-14", "2025-01-20", "2025-01-21")),
                Is.EqualTo("Interval meter: usage from 744 hourly reads (30 estimated, on Jan 3, Jan 9–10, Jan 14 and 2 more days)"), "three runs named, the rest counted");
            Assert.That(MeterWords.IntervalReads(744, 30, 60, "en", English, Days("2025-01-03", "2025-01-09", "2025-01-14", "2025-01-20")),
                Is.EqualTo("Interval meter: usage from 744 hourly reads (30 estimated, on Jan 3, Jan 9, Jan 14 and 1 more day)"));
            Assert.That(MeterWords.IntervalReads(744, 96, 60, "es", Spanish, Days("2025-01-24", "2025-01-25", "2025-01-30", "2025-01-31", "2025-02-01")),
                Is.EqualTo("Medidor de intervalos: consumo de 744 lecturas horarias (96 estimadas, el 24–25 ene y 30 ene – 1 feb)"));
        });
    }
}
