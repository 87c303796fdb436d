using System.Globalization;
using System.Text;
using UtilityInsights.Time;

namespace UtilityInsights.Ingestion.Samples;

/// <summary>One hour of the generated span in one zone: its local hour and weekday, and its ISO 8601 text with offset.</summary>
internal readonly record struct SampleHour(int DayIndex, int LocalHour, bool Weekend, int Month, byte[] Utf8Start);

/// <summary>
/// The hours of the span in one time zone, computed once and shared by every home there: DST days
/// have 23 or 25 hours, and each hour's text carries its own offset.
/// </summary>
internal sealed class SampleClock
{
    private SampleClock(IReadOnlyList<SampleHour> hours, IReadOnlyList<int> monthStarts) => (Hours, MonthStartHours) = (hours, monthStarts);

    public IReadOnlyList<SampleHour> Hours { get; }

    /// <summary>Index into <see cref="Hours"/> of the first hour of each month, plus one past the end.</summary>
    public IReadOnlyList<int> MonthStartHours { get; }

    public static SampleClock For(string timeZone, DateOnly start, int days)
    {
        var zone = TimeZones.Find(timeZone);
        var hours = new List<SampleHour>(days * 24 + 8);
        var monthStarts = new List<int>();
        for (var d = 0; d < days; d++)
        {
            var date = start.AddDays(d);
            if (date.Day == 1)
                monthStarts.Add(hours.Count);
            var day = LocalDay.Of(date, zone);
            for (var t = day.Start; t < day.EndExclusive; t = t.AddHours(1))
            {
                var local = TimeZoneInfo.ConvertTime(t, zone);
                var text = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                hours.Add(new SampleHour(d, local.Hour, date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, date.Month, Encoding.UTF8.GetBytes(text)));
            }
        }
        monthStarts.Add(hours.Count);
        return new SampleClock(hours, monthStarts);
    }
}
