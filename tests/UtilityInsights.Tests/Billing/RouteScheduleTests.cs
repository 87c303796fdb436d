using UtilityInsights.Billing;
using UtilityInsights.Time;

namespace UtilityInsights.Tests.Billing;

public class RouteScheduleTests
{
    private static readonly IReadOnlySet<DateOnly> Holidays2026 = WorkingDays.UsFederalHolidays(2026);

    [Test]
    public void The_nth_working_day_skips_weekends_and_holidays_and_falls_back_to_the_months_last()
    {
        Assert.Multiple(() =>
        {
            // January 2026: Thursday the 1st is New Year's Day, the 19th Martin Luther King Jr. Day.
            Assert.That(WorkingDays.Nth(2026, 1, 1, Holidays2026), Is.EqualTo(new DateOnly(2026, 1, 2)));
            Assert.That(WorkingDays.Nth(2026, 1, 12, Holidays2026), Is.EqualTo(new DateOnly(2026, 1, 20)));
            // February 2026 has 19 working days (Presidents' Day, the 16th): route 21 reads on the last of them.
            Assert.That(WorkingDays.Nth(2026, 2, 19, Holidays2026), Is.EqualTo(new DateOnly(2026, 2, 27)));
            Assert.That(WorkingDays.Nth(2026, 2, 21, Holidays2026), Is.EqualTo(new DateOnly(2026, 2, 27)));
            Assert.That(Holidays2026, Does.Contain(new DateOnly(2026, 7, 3)), "July 4th on a Saturday is observed on Friday");
            Assert.That(Holidays2026, Does.Contain(new DateOnly(2026, 11, 26)), "Thanksgiving, the fourth Thursday");
        });
    }

    [Test]
    public void A_routes_period_runs_from_its_read_before_to_its_read_in_the_cycles_month()
    {
        var calendar = new RouteCalendar("R17", 1, [new(2025, 12, 17), new(2026, 1, 16), new(2026, 2, 17), new(2026, 3, 17)]);

        Assert.Multiple(() =>
        {
            Assert.That(calendar.PeriodOf(BillingCycle.Of(2026, 2), null), Is.EqualTo(new ServicePeriod(new DateOnly(2026, 1, 16), new DateOnly(2026, 2, 17))));
            Assert.That(calendar.PeriodOf(BillingCycle.Of(2026, 2), new DateOnly(2026, 1, 14)), Is.EqualTo(new ServicePeriod(new DateOnly(2026, 1, 14), new DateOnly(2026, 2, 17))),
                "from where the last bill ended, so that no day is missed or billed twice when a schedule changes");
            Assert.That(calendar.PeriodOf(BillingCycle.Of(2025, 12), null), Is.EqualTo(new ServicePeriod(new DateOnly(2025, 11, 17), new DateOnly(2025, 12, 17))),
                "the first bill after the schedule begins: a month back");
            Assert.That(() => calendar.PeriodOf(BillingCycle.Of(2026, 4), null), Throws.TypeOf<UserErrorException>().With.Message.Contains("no read scheduled in 2026-04"));
            Assert.That(calendar.TryPeriodOf(BillingCycle.Of(2026, 4), null), Is.Null, "asked without throwing (a bill run asks a year back for every account)");
            Assert.That(calendar.TryPeriodOf(BillingCycle.Of(2026, 2), null), Is.EqualTo(calendar.PeriodOf(BillingCycle.Of(2026, 2), null)));
        });
    }
}
