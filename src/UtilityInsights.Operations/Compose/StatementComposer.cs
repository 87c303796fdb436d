using System.Globalization;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Insights;
using UtilityInsights.Money;
using UtilityInsights.Operations.BillRun;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Operations.Compose;

/// <summary>What an earlier bill's statement is compared with: its days, usage and total.</summary>
internal sealed record EarlierBill(int Days, decimal Usage, Money.Money Total);

/// <summary>
/// Everything one statement is composed from, read beforehand (<see cref="StatementSources"/>):
/// the account's sources, its tariff versions, the degree days of the 13 months by their first day,
/// and the newest cohort model's version and the home's cohort month (null without a model or a cohort).
/// </summary>
internal sealed record StatementInputs(AccountSources Sources, Account Account, Premise Premise, Meter Meter, IReadOnlyList<Tariff> Versions, int TariffVersion,
    IReadOnlyDictionary<ServicePeriod, (decimal Hdd, decimal Cdd)?> Weather, string? ModelVersion, CohortMonth? Cohort)
{
    /// <summary>Whether the home's cohort is one of homes with solar panels (what its comparison then says).</summary>
    public bool SolarCohort { get; init; }
}

/// <summary>
/// Composes an account's statement from what was read for it: the month rated on its tariff versions
/// with the last bill's carry, 13 months of history and the same month last year, why the bill
/// changed, the neighbour comparison, tips for this home and season, and the balance — money and
/// dates formatted for the account's language. No database, no clock: the same inputs give the same statement.
/// </summary>
internal static class StatementComposer
{
    /// <summary>The statement of <paramref name="inputs"/> for <paramref name="cycle"/>: a pure function of what was read.</summary>
    public static StatementBuild Compose(StatementInputs inputs, string cycle, StatementRenderer renderer, TipCatalog tips, BrandingConfig branding)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(renderer);
        var (sources, account, premise, meter) = (inputs.Sources, inputs.Account, inputs.Premise, inputs.Meter);
        var (versions, tariffVersion) = (inputs.Versions, inputs.TariffVersion);
        // The cycle's calendar month, and the billing period itself: the month, or the route's scheduled reads.
        var billingCycle = BillingCycle.Parse(cycle);
        var month = billingCycle.Period;
        var periods = sources.Periods ?? BillPeriods.Calendar(billingCycle);
        var period = periods.Current;
        var tolerance = periods.ToleranceDays;
        var zone = TimeZones.Find(meter.TimeZone);
        var language = account.Language.Code();
        var culture = Languages.Culture(language);
        var t = renderer.Strings(language);

        var stored = sources.Reads!;
        var usage = MeterUsage.Of(meter, zone, period, stored, tolerance)
            ?? throw new UserErrorException(meter.Kind == MeterKind.Interval
                ? stored.Periods.Count > 0
                    // Billed on its period reads: one starting at (or up to MeterUsage.ReadBeforeDays before) the period's start, one ending at its end, none missing between.
                    ? $"meter {meter.Id} cannot be billed for {cycle} ({period.DaysText()}) on its period reads: it needs one starting at or before the period's start (at most {MeterUsage.ReadBeforeDays} days before{(tolerance > 0 ? $", or within {tolerance} days of it" : "")}), one ending by its end{(tolerance > 0 ? $" (or within {tolerance} days of it)" : "")}, and none missing between them."
                    : $"meter {meter.Id} has no reads for {cycle} ({period.DaysText()})."
                // A register meter bills the difference between two dial reads: one at or before the period's start, and one at its end (or an estimate from a year of reads).
                : $"register meter {meter.Id} cannot be billed for {cycle} ({period.DaysText()}): it needs a dial read in the {MeterUsage.ReadBeforeDays} days up to the period's start, and one at its end or enough earlier reads to estimate it.");
        // An interval meter is billed for its whole period or not at all: reads not loaded yet (a bill run before the route's reads are
        // in) or a gap ingestion could not estimate would bill part of the period as if it were all of it. Held, and billed by a later
        // run once the reads are loaded (a gap between reads is estimated as they are loaded).
        if (usage.Unread is { } unread)
        {
            throw new ReadsMissingException(string.Create(CultureInfo.InvariantCulture,
                $"meter {meter.Id} has no reads for {Durations.Text(unread.Missing)} of {cycle} ({period.DaysText()}), the first at {TimeZoneInfo.ConvertTime(unread.From, zone):yyyy-MM-dd HH:mm}: billed once they are loaded (ingest them, then run billrun again), or on estimates (billrun estimate --cycle {cycle})."));
        }
        // The previous cycle's bill hands on its net-metering credits, dollar credit and recent peaks (ratchets).
        var lastBill = sources.LastBill;
        var carryIn = lastBill is { Status: not BillStatus.Cancelled } ? lastBill.Carry : null;
        var bill = usage.Rate(intervals => CalendarMonthRater.RatePeriods(versions, intervals, zone, [period], carryIn)[0]);
        var unit = bill.Usage.Unit.Symbol();

        var history = new List<HistoryMonth>();
        var priorMonths = new List<decimal>();
        var weatherMonths = new List<WeatherMonth>();
        var months = new Dictionary<DateOnly, (Usage Usage, (decimal Hdd, decimal Cdd)? Weather)>();
        // The twelve calendar months before the month the bill is shown as, then this bill's own period (the cycle's month on
        // calendar billing; on a route, the month holding most of its period).
        var shownMonth = periods.ShownMonth;
        for (var m = 12; m >= 0; m--)
        {
            var shown = m == 0 ? period : shownMonth.MonthsBefore(m);
            var used = m == 0 ? usage : MeterUsage.Of(meter, zone, shown, stored);
            if (used is null)
                continue;
            var weather = inputs.Weather.GetValueOrDefault(shown);
            months[shown.Start] = (used, weather);
            // This bill's year-earlier bar is set below, once the statement's own "same period last year" is known.
            history.Add(new HistoryMonth(shownMonth.MonthsBefore(m).Start.ToString("MMM", culture), used.Total,
                m == 0 ? null : MeterUsage.Of(meter, zone, shown.SamePeriodLastYear(), stored)?.Total)
            {
                ToGrid = used.Exported,
                // What the month's bill credited for it: this bill's own export lines, or the credit stored with the bill m cycles
                // before this one (which is shown as the month m before this one's).
                Credit = -(m == 0 ? bill.ExportCredit : sources.EarlierExportCredits.GetValueOrDefault(BillingCycle.Containing(month.MonthsBefore(m).Start).Code))?.Amount,
            });
            if (m > 0)
                priorMonths.Add(used.Total);
            if (weather is { } w)
                weatherMonths.Add(new WeatherMonth(shown.Days, used.Total, w.Hdd, w.Cdd));
        }
        var sensitivity = WeatherSensitivity.Fit(weatherMonths);
        // Cycles in a row, up to this one, whose usage was mostly estimated (a meter nobody has read).
        var estimatedInARow = 0;
        for (var m = 0; m <= 12 && months.TryGetValue(m == 0 ? period.Start : shownMonth.Start.AddMonths(-m), out var inARow) && inARow.Usage.MostlyEstimated; m++)
            estimatedInARow++;
        var current = months[period.Start].Weather;

        // Why the bill differs from an earlier one: days, weather (the home's own use per degree day
        // times the change in degree days), the tariff change (this month's usage priced on the tariff
        // in force then) and the rest of the usage change; the parts add up to the difference exactly.
        StatementChange Explain(ServicePeriod earlierPeriod, EarlierBill earlierBill, (decimal Hdd, decimal Cdd)? earlierWeather, string heading)
        {
            var weatherKnown = current is not null && earlierWeather is not null;
            // With one tariff version there is no rate change to price: the bill is its own repricing.
            var repriced = versions.Count == 1 ? bill
                : usage.Rate(intervals => CalendarMonthRater.RatePeriods([versions.LastOrDefault(v => v.EffectiveFrom <= earlierPeriod.Start) ?? versions[0]],
                    intervals, zone, [period], carryIn)[0]);
            var change = BillChange.Explain(
                new BillSnapshot(period.Days, bill.Usage.Value, weatherKnown ? current!.Value.Hdd : 0, weatherKnown ? current!.Value.Cdd : 0, bill.Total),
                new BillSnapshot(earlierBill.Days, earlierBill.Usage, weatherKnown ? earlierWeather!.Value.Hdd : 0, weatherKnown ? earlierWeather!.Value.Cdd : 0,
                    earlierBill.Total),
                sensitivity.PerHeatingDegreeDay, sensitivity.PerCoolingDegreeDay, repriced.Total);
            var parts = change.Parts.Where(p => p.Amount.Amount != 0)
                .Select(p => $"{FactorText(p.Factor, language, period.Days - earlierPeriod.Days,
                    weatherKnown ? (current!.Value.Hdd - earlierWeather!.Value.Hdd, current.Value.Cdd - earlierWeather.Value.Cdd) : (0m, 0m), culture)}: {Signed(p.Amount.Amount, culture)}")
                .ToList();
            return new StatementChange($"{heading}: {Signed(change.Difference.Amount, culture)}", parts);
        }

        string? lastYear = null;
        decimal? lastYearUsage = null;
        var whyChanged = new List<StatementChange>();
        var previousPeriod = periods.Previous;
        // The earlier bill as the customer received it — the stored bill, with its own carry (net-metering
        // credits, ratchet peaks) and the tariff then — or, for months before billing began here, the
        // month's reads rated now.
        EarlierBill Earlier(ServicePeriod earlierPeriod, Usage earlierUsage, Bill? stored)
        {
            if (stored is { Status: not BillStatus.Cancelled, Lines.Count: > 0 } && stored.Usage.Unit == bill.Usage.Unit && stored.Period == earlierPeriod)
                return new EarlierBill(stored.Period.Days, stored.Usage.Value, stored.Total);
            var rated = earlierUsage.Rate(intervals => CalendarMonthRater.RatePeriods(versions, intervals, zone, [earlierPeriod])[0]);
            return new EarlierBill(earlierPeriod.Days, rated.Usage.Value, rated.Total);
        }
        // An earlier period's usage and weather: a history month's, or a route's period worked out from its reads.
        (Usage Usage, (decimal Hdd, decimal Cdd)? Weather)? UsageIn(ServicePeriod earlierPeriod) =>
            !periods.OnRoute && months.TryGetValue(earlierPeriod.Start, out var known)
                ? known
                : MeterUsage.Of(meter, zone, earlierPeriod, stored, tolerance, toRate: true) is { } used && Whole(used, earlierPeriod)
                    ? (used, inputs.Weather.GetValueOrDefault(earlierPeriod)) : null;
        // A period the reads do not cover is not compared with (its usage would be part of the period's): interval reads
        // for all but a day of it, or register reads taken at both its ends (within the tolerance), not a week into it.
        bool Whole(Usage used, ServicePeriod covered)
        {
            if (used.IntervalReads is { } reads)
                return (long)reads.Present * reads.Minutes >= (covered.Days - 1) * 1440L;
            var slack = TimeSpan.FromDays(tolerance) + TimeSpan.FromHours(1);
            if (used.PeriodReads is { } span)
                return (span.From - used.First).Duration() <= slack && (span.To - used.Last).Duration() <= slack;
            return used.PreviousRead is { } first && used.CurrentRead is { } last
                && (first.ReadAt - used.First).Duration() <= slack && (last.ReadAt - used.Last).Duration() <= slack;
        }
        // The local day an instant falls on, in the premise's zone.
        DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        // On a route, the last bill as stored is what this one is compared with: its period's reads are not even read.
        if (periods.OnRoute && lastBill is { Status: not BillStatus.Cancelled, Lines.Count: > 0 } billed && billed.Period == previousPeriod
            && billed.Usage.Unit == bill.Usage.Unit)
        {
            whyChanged.Add(Explain(previousPeriod, new EarlierBill(billed.Period.Days, billed.Usage.Value, billed.Total),
                inputs.Weather.GetValueOrDefault(previousPeriod), t["why_vs_last_month"]));
        }
        else if (UsageIn(previousPeriod) is { } previous)
        {
            whyChanged.Add(Explain(previousPeriod, Earlier(previousPeriod, previous.Usage, lastBill), previous.Weather, t["why_vs_last_month"]));
        }
        // The same route's period a year earlier; when the reads do not reach back to its start, the month the bill is shown as a
        // year earlier, else the cycle's month a year earlier (a first year of reads: the line names the month it compares with).
        var lastYearPeriod = periods.LastYear;
        var lastYearUse = UsageIn(lastYearPeriod);
        var lastYearMonth = shownMonth.SamePeriodLastYear();
        foreach (var calendarMonth in periods.OnRoute ? (ServicePeriod[])[lastYearMonth, month.SamePeriodLastYear()] : [])
        {
            if (lastYearUse is null && MeterUsage.Of(meter, zone, calendarMonth, stored, tolerance, toRate: true) is { } calendarUse && Whole(calendarUse, calendarMonth))
                (lastYearPeriod, lastYearUse) = (calendarMonth, (calendarUse, inputs.Weather.GetValueOrDefault(calendarMonth)));
        }
        if (lastYearUse is { } earlier)
        {
            lastYearUsage = earlier.Usage.Total;
            var earlierBill = Earlier(lastYearPeriod, earlier.Usage, sources.LastYearBill);
            var when = lastYearPeriod.Start.Day != 1 || lastYearPeriod.EndExclusive != lastYearPeriod.Start.AddMonths(1)
                ? DateWords.Span(lastYearPeriod.Start, lastYearPeriod.LastDay, language, culture)
                : lastYearPeriod.Start.ToString("MMM yyyy", culture);
            lastYear = $"{when}: {earlierBill.Usage.ToString("#,0", culture)} {unit}, {Money(earlierBill.Total.Amount, culture)}";
            whyChanged.Add(Explain(lastYearPeriod, earlierBill, earlier.Weather, t["why_vs_last_year"]));
        }
        // This bill's year-earlier bar: the same period last year the statement gives — the route's, or the month the bill is shown as —
        // but not the cycle's month a year earlier when the bill is shown as another month (a first year's last resort, which a bar
        // under this bill's month would misname); without one, whatever the reads hold of the month it is shown as, a year earlier.
        var sameMonthCompared = shownMonth == month || lastYearPeriod != month.SamePeriodLastYear();
        history[^1] = history[^1] with
        {
            LastYear = (sameMonthCompared ? lastYearUsage : null) ?? months.GetValueOrDefault(lastYearMonth.Start).Usage?.Total,
        };

        // A randomised program's control group is billed as usual, without the comparison and the tips (the program is measured against it).
        var withheld = sources.Program is { Arm: UtilityInsights.Programs.ProgramArm.Control };
        var (comparison, noComparison, versusAverage, cohortAverage) = withheld ? (null, null, null, null)
            : Compare(inputs, period, periods.OnRoute, bill, unit, t, culture);
        var chosenTips = withheld ? []
            : tips.Choose(new TipContext(month.Start.Month, premise, comparison is null ? null : comparison.State == "UsingMoreThanAverage",
                PeakShare(bill), inputs.Meter.Commodity, bill.Usage.Value, unit, bill.Usage.Value == 0 ? 0 : bill.Total.Amount / bill.Usage.Value,
                new HashSet<string>(lastBill?.Tips ?? [], StringComparer.Ordinal), language, culture));

        var balance = new AccountBalance(sources.Ledger);
        var statementDate = DatesOfRecord.IssuedAt(period);
        var opening = balance.ForStatement(cycle, lastBill?.IssuedAt, statementDate);
        var (previousBalance, payments, lateFees) = opening;
        var due = opening.Owed + bill.Total.Amount;
        var dueDate = period.EndExclusive.AddDays(StatementBuilder.DaysToPay);
        // What was owed before these new charges is past due on the statement date (the last bill's due date has passed): due now.
        var pastDue = opening.Owed > 0
            ? new StatementPastDue(Money(opening.Owed, culture), balance.UnpaidBefore(cycle, statementDate).Select(i => BalanceWords.Unpaid(i, language, culture)).ToList())
            : null;

        var model = new StatementModel
        {
            Language = language,
            Title = t[StatementTitles.Key(inputs.Meter.Commodity)],
            EmailSubject = StatementTitles.EmailSubject(month.Start, language, inputs.Meter.Commodity),
            Utility = branding.For(language, account.AutoPay, inputs.Meter.Commodity, t),
            Account = new StatementAccount(account.Id.Value, account.Name, account.ServiceAddress, account.MailingAddress),
            Meter = new StatementMeter(meter.Id.Value, meter.Multiplier.ToString("0.###", culture), usage.Previous(language, culture, t), usage.Current(language, culture, t))
            {
                Summary = usage.IntervalReads is { } reads ? MeterWords.IntervalReads(reads.Present, reads.Estimated, reads.Minutes, language, culture, usage.EstimatedDays)
                    : usage.PeriodReads is { } span ? MeterWords.PeriodReads(LocalDate(span.From), LocalDate(span.To.AddTicks(-1)), span.Count, usage.Estimated, language, culture)
                    : null,
                PeriodReads = usage.PeriodReads is not null,
                Note = usage.Change is { } change ? ChangeWords(change, usage, meter, unit, language, culture) : null,
            },
            Period = DateWords.Span(period.Start, period.LastDay, language, culture),
            Days = period.Days,
            Usage = $"{bill.Usage.Value.ToString("#,0", culture)} {unit}",
            UsagePerDay = $"{(bill.Usage.Value / period.Days).ToString("#,0.0", culture)} {unit}",
            RateSchedule = renderer.Wording.Name(versions[^1].Name, language)!,
            Lines = bill.Lines.Select(l => new StatementLine(renderer.Wording.Describe(l.Facts, language),
                l.Quantity is { } q ? (l.Unit == "$" ? Money(q, culture) : $"{q.ToString("#,0.###", culture)} {LineWording.Unit(l.Unit, language)}") : "",
                l.Rate is { } r ? (l.Unit == "$" ? MoneyText.Percent(r, culture, 3) : RateText(r, l.Unit, culture)) : "",
                Money(l.Amount.Amount, culture), renderer.Wording.Explain(l.Facts, language), l.Unit == "$")).ToList(),
            NewCharges = Money(bill.Total.Amount, culture),
            PreviousBalance = Money(previousBalance, culture),
            Payments = Money(payments, culture),
            LateFees = lateFees == 0 ? null : Money(lateFees, culture),
            AmountDue = Money(due, culture),
            DueDate = DateWords.Day(dueDate, language, culture),
            StatementDate = DateWords.Day(DateOnly.FromDateTime(statementDate.UtcDateTime), language, culture),
            PastDue = pastDue,
            // An AutoPay customer is told the bank pays it, not asked to (a past-due balance means a payment did not come: asked as usual).
            AutoPay = account.AutoPay && pastDue is null && due > 0 ? string.Format(culture, t["autopay_pays"], DateWords.Day(dueDate, language, culture)) : null,
            SamePeriodLastYear = lastYear,
            History = Charts.History(history, unit, t, culture),
            // A home that sent energy to the grid sees, under the chart, what it took and what it gave over the months.
            SolarSummary = SolarWords.Summary(history, unit, t, culture),
            // Only when usage fell in two or more periods: a seasonal tariff has one period a month and no time-of-use story.
            TimeOfUse = bill.Determinants.KwhByPeriod.Count(kwh => kwh > 0) < 2 ? null
                : Charts.TimeOfUse(bill.Determinants.KwhByPeriod.Select((kwh, p) => (renderer.Wording.Name(versions[^1].EnergyPeriods[p].Name, language)!, kwh))
                    .Where(p => p.kwh > 0).ToList(),
                    unit, t, culture),
            // The bill is named by its cycle, as the email's subject and the portal's list name it ("your bill for Jan 2026").
            Month = month.Start.ToString("MMM yyyy", culture),
            ComparisonSummary = versusAverage,
            Comparison = comparison,
            NoComparisonReason = noComparison,
            Tips = chosenTips.Select(c => c.Shown).ToList(),
            Program = sources.Program is { } program
                ? new StatementProgram(program.Program, UtilityInsights.Programs.ProgramArms.ToText(program.Arm), withheld ? ["comparison", "tips"] : [])
                : null,
            WhyChanged = whyChanged,
            ModelVersion = inputs.ModelVersion ?? "none",
            ScanLine = ScanLine.For(account.Id.Value, due, dueDate),
            PageFooter = CssText.Literal($"{t["account_number"]} {account.Id.Value}"),
        };
        return new StatementBuild(model, bill, premise, tariffVersion, priorMonths, lastYearUsage, usage.Estimated, dueDate,
            chosenTips.Select(c => c.Tip.Id).ToList(), estimatedInARow)
        {
            RegisterEstimate = usage.NewEstimate,
            CohortAveragePerDay = cohortAverage,
        };
    }

    private static (StatementComparison? Comparison, string? Reason, string? Summary, decimal? AveragePerDay) Compare(StatementInputs inputs, ServicePeriod period, bool onRoute,
        RatedBill bill, string unit,
        IReadOnlyDictionary<string, string> t, CultureInfo culture)
    {
        var premise = inputs.Premise;
        var spanish = culture.TwoLetterISOLanguageName == "es";
        // A home with solar panels is compared only with other homes with solar panels (its cohort is one of theirs).
        var solar = premise.HasSolar == true;
        // Homes are compared by their electricity use (EligibilityRules.ComparedCommodity); a gas or water bill says so.
        if (inputs.Meter.Commodity != EligibilityRules.ComparedCommodity)
        {
            return (null, (inputs.Meter.Commodity, spanish) switch
            {
                (Commodity.Gas, true) => "comparamos los hogares por su consumo de electricidad, y esta factura es de gas",
                (Commodity.Gas, false) => "we compare homes by their electricity use, and this bill is for gas",
                (_, true) => "comparamos los hogares por su consumo de electricidad, y esta factura es de agua",
                _ => "we compare homes by their electricity use, and this bill is for water",
            }, null, null);
        }
        if (inputs.ModelVersion is not { } modelVersion || inputs.Cohort is not { } cohort)
        {
            return (null, (solar, spanish) switch
            {
                (true, true) => "comparamos los hogares con paneles solares solo con otros hogares con paneles solares, y todavía no hay suficientes cerca de usted",
                (true, false) => "we compare homes with solar panels only with other homes with solar panels, and there are not yet enough near you",
                (false, true) => "todavía no tenemos un grupo de hogares similares para su casa",
                _ => "we do not have a group of similar homes for yours yet",
            }, null, null);
        }
        // Per day, so that homes on different routes compare fairly: the cohort's month beside this home's own period.
        var you = (onRoute ? null : cohort.PerDayOf(premise.Id.Value)) ?? Math.Round(bill.Usage.Value / period.Days, 3);
        var result = cohort.Compare(you, modelVersion);
        if (result is null)
        {
            return (null, (solar, spanish) switch
            {
                (true, true) => "no hubo suficientes hogares con paneles solares cerca de usted con lecturas este mes",
                (true, false) => "too few homes with solar panels near you had reads this month",
                (false, true) => "no hay suficientes hogares similares con lecturas este mes",
                _ => "too few similar homes had reads this month",
            }, null, null);
        }
        var cue = (inputs.SolarCohort ? (spanish ? "Entre hogares similares con paneles solares: " : "Among similar homes with solar panels: ") : "") + (result.State, spanish) switch
        {
            (ComparisonState.Great, false) => "Great — you used less than your efficient neighbors. Thank you, and keep it up!",
            (ComparisonState.Good, false) => "Good — you used less than your average neighbors. The tips below can take you to the efficient homes.",
            (_, false) => $"You used more than your average neighbors ({Change(result.PercentVersusAverage, culture)}). The tips below can help you use less.",
            (ComparisonState.Great, true) => "¡Excelente! Usó menos que sus vecinos eficientes. Gracias, siga así.",
            (ComparisonState.Good, true) => "Bien: usó menos que sus vecinos promedio. Los consejos de abajo le acercan a los hogares eficientes.",
            _ => $"Usó más que sus vecinos promedio ({Change(result.PercentVersusAverage, culture)}). Los consejos de abajo le ayudan a consumir menos.",
        };
        var chart = Charts.Neighbours(result.YouPerDay, result.AveragePerDay, result.EfficientPerDay, unit, t, culture);
        return (new StatementComparison(result.State.ToString(), cue, $"{result.YouPerDay.ToString("#,0.0", culture)} {unit}",
            $"{result.AveragePerDay.ToString("#,0.0", culture)} {unit}", $"{result.EfficientPerDay.ToString("#,0.0", culture)} {unit}", chart), null,
            Summary(result.PercentVersusAverage, culture), result.AveragePerDay);
    }

    /// <summary>The comparison in a few words for an SMS ("12 % less than similar homes").</summary>
    private static string Summary(decimal percentVersusAverage, CultureInfo culture)
    {
        var spanish = culture.TwoLetterISOLanguageName == "es";
        var percent = Math.Abs(Math.Round(percentVersusAverage, 0));
        var words = MoneyText.Percent(percent / 100, culture);
        return (percent == 0, percentVersusAverage < 0, spanish) switch
        {
            (true, _, false) => "about the same as similar homes",
            (true, _, true) => "casi igual que hogares similares",
            (false, true, false) => $"{words} less than similar homes",
            (false, true, true) => $"{words} menos que hogares similares",
            (false, false, false) => $"{words} more than similar homes",
            _ => $"{words} más que hogares similares",
        };
    }

    /// <summary>A percentage change with its sign, in the culture's pattern: "+12%".</summary>
    private static string Change(decimal percent, CultureInfo culture) =>
        (percent >= 0 ? "+" : MoneyText.Minus) + MoneyText.Percent(Math.Abs(Math.Round(percent, 0)) / 100, culture);

    private static decimal PeakShare(RatedBill bill)
    {
        var byPeriod = bill.Determinants.KwhByPeriod;
        return byPeriod.Count < 2 || bill.Usage.Value == 0 ? 0 : byPeriod.Skip(1).Sum() / bill.Usage.Value;
    }

    /// <summary>
    /// A part of "why the bill changed" in words. A weather part names its own degree days, whose
    /// change has the part's sign: "Colder weather (228 more heating degree days)" is never a saving.
    /// </summary>
    internal static string FactorText(ChangeFactor factor, string language, int dayDifference, (decimal Hdd, decimal Cdd) degreeDays, CultureInfo culture)
    {
        var es = language == "es";
        string Number(decimal value) => Math.Abs(Math.Round(value, 0)).ToString("#,0", culture);
        var days = Math.Abs(dayDifference);
        return (factor, es) switch
        {
            (ChangeFactor.Days, true) => $"{days} {(days == 1 ? "día" : "días")} {(dayDifference >= 0 ? "más" : "menos")} en el período",
            (ChangeFactor.Days, false) => $"{days} {(dayDifference >= 0 ? "more" : "fewer")} {(days == 1 ? "day" : "days")} in the period",
            (ChangeFactor.HeatingWeather, true) => degreeDays.Hdd >= 0
                ? $"Clima más frío ({Number(degreeDays.Hdd)} grados-día de calefacción más)"
                : $"Clima menos frío ({Number(degreeDays.Hdd)} grados-día de calefacción menos)",
            (ChangeFactor.HeatingWeather, false) => degreeDays.Hdd >= 0
                ? $"Colder weather ({Number(degreeDays.Hdd)} more heating degree days)"
                : $"Milder weather ({Number(degreeDays.Hdd)} fewer heating degree days)",
            (ChangeFactor.CoolingWeather, true) => degreeDays.Cdd >= 0
                ? $"Clima más caluroso ({Number(degreeDays.Cdd)} grados-día de refrigeración más)"
                : $"Clima menos caluroso ({Number(degreeDays.Cdd)} grados-día de refrigeración menos)",
            (ChangeFactor.CoolingWeather, false) => degreeDays.Cdd >= 0
                ? $"Hotter weather ({Number(degreeDays.Cdd)} more cooling degree days)"
                : $"Cooler weather ({Number(degreeDays.Cdd)} fewer cooling degree days)",
            (ChangeFactor.Rate, true) => "Cambios de precio",
            (ChangeFactor.Rate, false) => "Price changes",
            (_, true) => "Su consumo",
            _ => "Your use",
        };
    }

    /// <summary>A rollover or a meter exchange in the period, in words.</summary>
    private static string ChangeWords(RegisterChange change, Usage usage, Meter meter, string unit, string language, CultureInfo culture) => change.Kind switch
    {
        RegisterChangeKind.Rollover => MeterWords.Rollover(change.Before.Register, change.After.Register, meter.RolloverAt, change.Used, unit, language, culture),
        _ => MeterWords.Exchange(DateOnly.FromDateTime(change.After.ReadAt.DateTime), change.Before.Register, change.Used, change.After.Register,
            usage.Total - change.Used, unit, language, culture),
    };

    /// <summary>A line's rate: to the cent for a monthly, daily or demand charge in whole cents ("$11.50"), else to four decimals ("$0.1050").</summary>
    private static string RateText(decimal rate, string? unit, CultureInfo culture) =>
        unit is "month" or "day" or "kW" && decimal.Round(rate, 2) == rate ? MoneyText.Format(rate, culture) : MoneyText.Rate(rate, culture);

    private static string Money(decimal amount, CultureInfo culture) => MoneyText.Format(amount, culture);

    private static string Signed(decimal amount, CultureInfo culture) => MoneyText.WithSign(amount, culture);
}
