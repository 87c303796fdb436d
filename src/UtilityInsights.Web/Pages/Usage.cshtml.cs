using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Statements;
using UtilityInsights.Storage;
using UtilityInsights.Units;

namespace UtilityInsights.Web.Pages;

/// <summary>
/// The customer's usage: each day of a month (interval meters; register meters show usage per bill
/// instead), each hour of a chosen day, the neighbour comparison and tips of the newest statement,
/// and the Green Button download form.
/// </summary>
public sealed class UsageModel(UtilityDatabase database, StatementPages statements, TimeProvider clock) : PageModel
{
    public string Language { get; private set; } = "en";

    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    public string Month { get; private set; } = "";

    public string? Day { get; private set; }

    public string Unit { get; private set; } = "kWh";

    public IReadOnlyList<(string Day, decimal Value)> Daily { get; private set; } = [];

    public string DailySvg { get; private set; } = "";

    public IReadOnlyList<(string Label, decimal Value)> Hourly { get; private set; } = [];

    public string HourlySvg { get; private set; } = "";

    public StatementModel? Statement { get; private set; }

    /// <summary>
    /// Where the comparison and tips come from, in the customer's language: the newest issued statement (whatever month is shown
    /// above), and, when it was sent in another language, that language — the comparison and tips are quoted as sent.
    /// </summary>
    public string StatementSource { get; private set; } = "";

    /// <summary>Usage per bill, newest last: what a register meter (read once a month) can show.</summary>
    public IReadOnlyList<(string Label, decimal Value)> Monthly { get; private set; } = [];

    /// <summary>
    /// The months the customer may choose, newest first, named in their language ("marzo de 2025"): those with reads (an interval meter)
    /// or an issued bill (a register meter) in the two years before the month shown and the year after it, and the month shown. A list
    /// the page draws, not the browser's month control, which names months in the browser's language (and some browsers lack).
    /// </summary>
    public IReadOnlyList<(string Value, string Label)> Months { get; private set; } = [];

    /// <summary>The month shown, in words in the customer's language ("January 2026").</summary>
    public string MonthName { get; private set; } = "";

    public string MonthlySvg { get; private set; } = "";

    public string From { get; private set; } = "";

    /// <summary>The Green Button form's last day, included (the month shown's last day).</summary>
    public string Through { get; private set; } = "";

    /// <summary>
    /// Whether the account's meter records intervals (its days and hours are shown); a dial-read meter's usage is its bills', and so is one
    /// read each billing period (period reads and no days).
    /// </summary>
    public bool IntervalMeter { get; private set; }

    /// <summary>
    /// Whether the account has a meter to download as Green Button (any meter: a dial meter's usage between its reads, a meter read each
    /// billing period its readings); else the page says there is nothing to download, without the form.
    /// </summary>
    public bool GreenButton { get; private set; }

    /// <summary>Why the last Green Button download was not made (its days out of order or too far apart), in the customer's language; else null.</summary>
    public string? DownloadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? month, string? day, string? download, CancellationToken cancellationToken)
    {
        var account = PortalHost.Account(User)!.Value;
        Language = PortalHost.Language(User);
        Culture = Domain.Languages.Culture(Language);
        var t = PortalText.For(Language);
        DownloadError = download == "range" ? string.Format(Culture, t["download_range"], GreenButtonEndpoint.MaxDays) : null;
        var bills = await database.Bills.ForAccountAsync(account, cancellationToken);
        var latest = bills.FirstOrDefault(b => b.Status == BillStatus.Issued);
        // A month or day outside what the engine keeps is a bad request, not an error page.
        var chosen = default(BillingCycle);
        if (month is not null && !BillingCycle.TryParse(month, out chosen, out _))
            return BadRequest();
        if (day is not null && !Time.RecordDates.TryParseDate(day, out _, out _))
            return BadRequest();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = month is not null ? chosen.Period.Start
            : latest is not null ? BillingCycle.Parse(latest.Cycle).Period.Start
            : new DateOnly(today.Year, today.Month, 1);
        Month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        MonthName = MonthWords(first);
        (From, Through) = (first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var premises = await database.Premises.ForAccountAsync(account, cancellationToken);
        var meter = premises.Count == 0 ? null : await database.Meters.GetAsync(premises[0].MeterId, cancellationToken);
        // An interval meter's months with reads; one read each billing period instead (period reads, no days: a gas utility's feed)
        // shows its bills, as a dial-read meter does.
        var monthsRead = new List<DateOnly>();
        var byPeriod = false;
        if (meter is { Kind: MeterKind.Interval })
        {
            var figures = await database.Reads.MonthFiguresAsync([meter.Id.Value], first.AddMonths(-24), first.AddMonths(13), cancellationToken);
            monthsRead = (figures.GetValueOrDefault(meter.Id.Value) ?? []).Where(f => f.Present > 0).Select(f => f.Month).ToList();
            byPeriod = monthsRead.Count == 0 && (await database.Reads.GetPeriodReadsAsync(meter.Id, cancellationToken)).Count > 0;
        }
        if (meter is not null)
        {
            GreenButton = true;
            IntervalMeter = meter.Kind == MeterKind.Interval && !byPeriod;
            Unit = meter.Unit.Symbol();
            var days = await database.Reads.GetDaysAsync(meter, first, first.AddMonths(1), cancellationToken);
            Daily = days.Select(d => (d.Day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Round(d.Total.Value, 2))).ToList();
            DailySvg = Charts(t["daily_usage"], days.Select(d => (d.Day.Date.Day.ToString(CultureInfo.InvariantCulture), d.Total.Value)).ToList(), Unit);
            if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var chosenDay)
                && days.FirstOrDefault(d => d.Day.Date == chosenDay) is { } one)
            {
                Day = day;
                var zone = Time.TimeZones.Find(meter.TimeZone);
                var hours = new SortedDictionary<int, decimal>();
                for (var slot = 0; slot < one.SlotCount; slot++)
                {
                    var hour = TimeZoneInfo.ConvertTime(one.SlotStart(slot), zone).Hour;
                    hours[hour] = hours.GetValueOrDefault(hour) + one.Values[slot];
                }
                Hourly = hours.Select(h => (h.Key.ToString("00", CultureInfo.InvariantCulture) + ":00", Math.Round(h.Value, 3))).ToList();
                HourlySvg = Charts(t["hourly_usage"], Hourly, Unit);
            }
        }
        if (meter is { Kind: MeterKind.Register } || byPeriod)
        {
            Monthly = bills.Where(b => b.Status == BillStatus.Issued).Take(13).Reverse()
                .Select(b => (BillingCycle.Parse(b.Cycle).Period.Start.ToString("MMM yy", Culture), Math.Round(b.Usage.Value, 1))).ToList();
            MonthlySvg = Charts(t["monthly_usage"], Monthly, Unit);
        }
        var months = new SortedSet<DateOnly> { first };
        if (IntervalMeter)
        {
            months.UnionWith(monthsRead);
        }
        else
        {
            months.UnionWith(bills.Where(b => b.Status == BillStatus.Issued).Select(b => BillingCycle.Parse(b.Cycle).Period.Start)
                .Where(m => m >= first.AddMonths(-24) && m < first.AddMonths(13)));
        }
        Months = months.Reverse().Select(m => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), MonthWords(m))).ToList();
        if (latest is not null && await database.Bills.NewestAsync(account, latest.Cycle, cancellationToken) is { } bill)
        {
            Statement = await statements.ModelAsync(bill, cancellationToken);
            var cycleName = MonthWords(BillingCycle.Parse(latest.Cycle).Period.Start);
            StatementSource = Statement.Language == Language
                ? string.Format(Culture, t["from_statement"], cycleName)
                : string.Format(Culture, t["from_statement_as_sent"], cycleName, t.GetValueOrDefault("language_" + Statement.Language, Statement.Language));
        }
        return Page();
    }

    /// <summary>A month in words in the customer's language: "March 2025", "marzo de 2025".</summary>
    private string MonthWords(DateOnly month) => DateWords.Month(month, Language, Culture);

    /// <summary>A chart drawn twice, for a page and for a phone's screen; the page's style shows the one that fits (the other is not displayed, nor read out).</summary>
    private static string Charts(string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit) =>
        $"<span class=\"chart-wide\">{UsageChart.Svg(title, bars, unit)}</span><span class=\"chart-narrow\">{UsageChart.Svg(title, bars, unit, UsageChart.NarrowWidth)}</span>";
}
