using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Reads;
using UtilityInsights.Operations.Reports;
using UtilityInsights.Operations.Tariffs;
using UtilityInsights.Rating;
using UtilityInsights.Statements;
using UtilityInsights.Time;

namespace UtilityInsights.Cli.Commands;

/// <summary>
/// <c>rate</c>: the bill calculator without a database (DESIGN §4), and <c>rate compare</c>: the
/// annual cost of one load on each tariff of a folder, cheapest first.
/// </summary>
public static class RateCommand
{
    /// <summary><c>--text-charge NAME</c> (repeatable): a charge an URDB item writes only as text that applies, billed as the charge it describes.</summary>
    public static readonly Option<string[]> TextCharge = new("--text-charge")
    {
        Description = "A charge the tariff writes only as text (fixedattrs, demandattrs, energyattrs) that applies, by its name: billed as what it says ($28 a month, $4.25/kW…); the others are left out. Repeat for several",
        DefaultValueFactory = _ => [],
    };

    public static Command Create(CommandFactory factory)
    {
        var tariffFile = new Option<string>("--tariff") { Description = "Tariff JSON (the project's format or an OpenEI URDB item)", Required = true };
        var reads = new Option<string>("--reads") { Description = "Interval reads of one meter: a CSV, or a Green Button feed (.xml, .xml.gz)", Required = true };
        var zoneOption = new Option<string?>("--time-zone") { Description = "IANA time zone of the premise (default: the fixed offset of the reads)" };
        var cycle = new Option<string>("--cycle") { Description = "Billing periods", DefaultValueFactory = _ => "calendar-month" };
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD, included): calendar months from it" };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD, excluded)" };
        var readDates = new Option<string?>("--read-dates")
        {
            Description = "Scheduled read dates D1,D2,… (YYYY-MM-DD, ascending): bills the periods [D1,D2), [D2,D3), … instead of calendar months",
        };
        var rate = new Command("rate", "Bill calculator: rate interval reads on a tariff, by calendar month or between read dates")
        {
            tariffFile, reads, zoneOption, cycle, from, to, readDates, TextCharge,
        };
        factory.SetAction(rate, async (context, cancellationToken) =>
        {
            if (context.Get(cycle) != "calendar-month")
                throw new UserErrorException($"--cycle '{context.Get(cycle)}': only calendar-month is supported (--read-dates bills between read dates).");
            var periods = Periods(context.Get(from), context.Get(to), context.Get(readDates));
            var versions = LoadVersions(context.Get(tariffFile), context.Get(TextCharge));
            var tariff = versions[^1];
            var (intervals, zone) = LoadReads(context.Get(reads), context.Get(zoneOption));
            var bills = RateOrExplain(versions, intervals, zone, periods);
            // A period the reads do not cover whole is billed on the reads it has: said with the bill, never passed off as the whole period.
            var coverage = bills.Select(b => ReadCoverage.Of(intervals, zone, b.Period)).ToList();
            await Task.CompletedTask;
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    tariff = new { tariff.Id, tariff.Name, tariff.Utility },
                    time_zone = zone.Id,
                    bills = bills.Select((b, i) => ToJson(b, coverage[i])),
                    total = bills.Sum(b => b.Total.Amount),
                });
                return ExitCodes.Success;
            }
            foreach (var (bill, covered) in bills.Zip(coverage))
            {
                var table = new Table().Title($"{Markup.Escape(tariff.Name)}: {bill.Period.Start:MMM d} – {bill.Period.LastDay:MMM d, yyyy} ({bill.Period.Days} days, {bill.Usage.Value:#,0.###} kWh, peak {bill.PeakKw:0.###} kW)")
                    .AddColumns("Charge", "Quantity", "Rate", "Amount", "How");
                foreach (var line in bill.Lines)
                {
                    table.AddRow(Markup.Escape(LineWording.English.Describe(line.Facts, "en")), line.Quantity is { } q ? $"{q:#,0.###} {line.Unit}" : "", line.Rate is { } r ? r.ToString("0.######", CultureInfo.InvariantCulture) : "",
                        line.Amount.Amount.ToString("#,0.00", CultureInfo.InvariantCulture), Markup.Escape(LineWording.English.Explain(line.Facts, "en")));
                }
                table.AddRow("[bold]Total[/]", "", "", $"[bold]{bill.Total.Amount.ToString("#,0.00", CultureInfo.InvariantCulture)}[/]", "");
                AnsiConsole.Write(table);
                if (covered.Read < covered.Period)
                {
                    AnsiConsole.MarkupLine(covered.Read == 0
                        ? "[yellow]No reads in this period: the bill charges nothing for usage.[/]"
                        : $"[yellow]The reads cover {Durations.Text(TimeSpan.FromMinutes(covered.Read))} of its {bill.Period.Days} days: the bill charges only what was read.[/]");
                }
            }
            return ExitCodes.Success;
        });

        var tariffs = new Option<string>("--tariffs") { Description = "Folder of tariff JSON files", Required = true };
        var compareReads = new Option<string>("--reads") { Description = "Interval reads of one meter: a CSV, or a Green Button feed (.xml, .xml.gz)", Required = true };
        var compareZone = new Option<string?>("--time-zone") { Description = "IANA time zone of the premise (default: the fixed offset of the reads)" };
        var current = new Option<string?>("--current") { Description = "The tariff the customer is on now (file name or id): the cheapest is explained against it" };
        var compareOut = new Option<string?>("--out") { Description = "Write an HTML page with the ranking, the explanation and a plot per tariff" };
        var compare = new Command("compare", "The load's cost on each tariff of a folder, cheapest first, and why, charge category by charge category")
        {
            compareReads, tariffs, compareZone, current, compareOut, TextCharge,
        };
        factory.SetAction(compare, async (context, cancellationToken) =>
        {
            var (intervals, zone) = LoadReads(context.Get(compareReads), context.Get(compareZone));
            var ranking = TariffComparison.Rank(context.Get(tariffs), intervals, zone, context.Get(TextCharge), cancellationToken);
            var now = context.Get(current) is { } name ? ranking.Find(name) : null;
            var explanation = TariffComparisonReport.Explanation(ranking, now);
            if (context.Get(compareOut) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, TariffComparisonReport.Render(ranking, now), cancellationToken);
            }
            if (context.Json)
            {
                CliContext.WriteJson(new
                {
                    from = ranking.From,
                    to = ranking.To,
                    time_zone = zone.Id,
                    tariffs = ranking.Ranked.Select(r => new
                    {
                        file = r.File,
                        id = r.Tariff.Id,
                        name = r.Tariff.Name,
                        utility = r.Tariff.Utility,
                        annual_total = r.Total,
                        months = r.Bills.Count,
                        current = r == now,
                        charges = Enum.GetValues<ChargeCategory>().ToDictionary(c => c.ToString().ToLowerInvariant(), r.Annual),
                        versus_cheapest = r.Total - ranking.Ranked[0].Total,
                    }),
                    explanation = explanation is null ? null : new
                    {
                        from = explanation.From.Tariff.Id,
                        to = explanation.To.Tariff.Id,
                        difference = explanation.Difference,
                        categories = explanation.Categories.Select(c => new { category = c.Category.ToString().ToLowerInvariant(), from = c.From, to = c.To, difference = c.Difference }),
                        words = TariffComparisonReport.Words(explanation, now is not null),
                    },
                    refused = ranking.Refused.Select(r => new { file = r.File, reason = r.Reason }),
                    left_out = ranking.LeftOut.Select(PartlyReadJson),
                    partly_read = ranking.PartlyCompared.Select(PartlyReadJson),
                    report = context.Get(compareOut),
                });
                return ranking.Refused.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
            }
            var table = new Table().AddColumns("#", "Tariff", "Utility", "Cost", "Months", "Against the cheapest")
                .Title($"{ranking.From:MMM yyyy} – {ranking.To.AddDays(-1):MMM yyyy}, cheapest first");
            for (var i = 0; i < ranking.Ranked.Count; i++)
            {
                var r = ranking.Ranked[i];
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Tariff.Name) + (r == now ? " [bold](current)[/]" : ""), Markup.Escape(r.Tariff.Utility),
                    r.Total.ToString("#,0.00", CultureInfo.InvariantCulture), r.Bills.Count.ToString(CultureInfo.InvariantCulture),
                    i == 0 ? "cheapest" : "+" + (r.Total - ranking.Ranked[0].Total).ToString("#,0.00", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            if (ranking.LeftOutText is { } leftOut)
                AnsiConsole.MarkupLine($"Left out, not read whole: {Markup.Escape(leftOut)}.");
            if (ranking.PartlyComparedText is { } partly)
                AnsiConsole.MarkupLine($"Compared on the reads they have: {Markup.Escape(partly)}.");
            if (explanation is not null)
            {
                var why = new Table().AddColumns("Charges", Markup.Escape(explanation.From.Tariff.Name), Markup.Escape(explanation.To.Tariff.Name), "Difference")
                    .Title(Markup.Escape(TariffComparisonReport.Words(explanation, now is not null)));
                foreach (var (category, from, to, difference) in explanation.Categories)
                {
                    why.AddRow(TariffComparisonReport.Name(category), from.ToString("#,0.00", CultureInfo.InvariantCulture), to.ToString("#,0.00", CultureInfo.InvariantCulture),
                        difference.ToString("+#,0.00;-#,0.00;0.00", CultureInfo.InvariantCulture));
                }
                why.AddRow("[bold]Total[/]", explanation.From.Total.ToString("#,0.00", CultureInfo.InvariantCulture), explanation.To.Total.ToString("#,0.00", CultureInfo.InvariantCulture),
                    explanation.Difference.ToString("+#,0.00;-#,0.00;0.00", CultureInfo.InvariantCulture));
                AnsiConsole.Write(why);
            }
            foreach (var (file, reason) in ranking.Refused)
                AnsiConsole.MarkupLine($"[yellow]refused[/] {Markup.Escape(file)}: {Markup.Escape(reason)}");
            if (context.Get(compareOut) is { } written)
                AnsiConsole.MarkupLine($"Report: {Markup.Escape(written)}");
            return ranking.Refused.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Success;
        });
        rate.Subcommands.Add(compare);
        return rate;
    }

    private static object PartlyReadJson(PartlyRead month) => new
    {
        month = month.Month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        read_days = Math.Round(month.ReadMinutes / 1440m, 2),
        days = month.Month.Days,
    };

    internal static object ToJson(RatedBill bill, (long Read, long Period) covered) => new
    {
        period = new { start = bill.Period.Start, end = bill.Period.EndExclusive },
        // The days of the period the reads cover (fewer than the period's when it was only partly read).
        read_days = Math.Round(covered.Read / 1440m, 2),
        complete = covered.Read == covered.Period,
        usage = new { quantity = bill.Usage.Value, unit = "kWh" },
        peak_kw = bill.PeakKw,
        charges = new
        {
            energy = bill.Charges(ChargeCategory.Energy).Amount,
            demand = bill.Charges(ChargeCategory.Demand).Amount,
            @fixed = bill.Charges(ChargeCategory.Fixed).Amount,
            minimum = bill.Charges(ChargeCategory.Minimum).Amount,
            other = bill.Charges(ChargeCategory.Other).Amount,
        },
        total = bill.Total.Amount,
        lines = bill.Lines.Select(l => new
        {
            segment = l.Segment is { } segment ? LineWording.Segment(segment) : null,
            category = l.Category.ToString().ToLowerInvariant(),
            description = LineWording.English.Describe(l.Facts, "en"),
            quantity = l.Quantity,
            unit = l.Unit,
            rate = l.Rate,
            amount = l.Amount.Amount,
            explanation = LineWording.English.Explain(l.Facts, "en"),
        }),
    };

    /// <summary>
    /// The periods to bill: the calendar months of <c>[--from, --to)</c>, or the periods between
    /// consecutive <c>--read-dates</c> — one or the other, checked before any file is read.
    /// </summary>
    private static List<ServicePeriod> Periods(string? from, string? to, string? readDates)
    {
        if (readDates is not null)
        {
            if (from is not null || to is not null)
                throw new UserErrorException("--read-dates names the periods itself: give it without --from and --to.");
            var dates = readDates.Split(',', StringSplitOptions.TrimEntries).Select((d, i) => CliContext.Date(d, $"--read-dates (date {i + 1})")).ToList();
            if (dates.Count < 2)
                throw new UserErrorException("--read-dates needs at least two dates: a period runs from one read date to the next.");
            for (var i = 1; i < dates.Count; i++)
            {
                if (dates[i] <= dates[i - 1])
                    throw new UserErrorException($"--read-dates: {dates[i]:yyyy-MM-dd} (date {i + 1}) must come after {dates[i - 1]:yyyy-MM-dd}.");
                if (dates[i].DayNumber - dates[i - 1].DayNumber > 366)
                    throw new UserErrorException($"--read-dates: {dates[i - 1]:yyyy-MM-dd} to {dates[i]:yyyy-MM-dd} is more than a year; a billing period is at most 366 days.");
            }
            return dates.Zip(dates.Skip(1), (a, b) => new ServicePeriod(a, b)).ToList();
        }
        if (from is null || to is null)
            throw new UserErrorException("give --from and --to (calendar months), or --read-dates (the periods between read dates).");
        var (first, end) = (CliContext.Date(from, "--from"), CliContext.Date(to, "--to"));
        if (end <= first)
            throw new UserErrorException($"--to {end:yyyy-MM-dd} must come after --from {first:yyyy-MM-dd} (the end is excluded).");
        return CalendarMonthRater.Months(first, end);
    }

    private static IReadOnlyList<RatedBill> RateOrExplain(IReadOnlyList<Tariff> versions, List<UsageInterval> intervals, TimeZoneInfo zone, IReadOnlyList<ServicePeriod> periods)
    {
        try
        {
            return CalendarMonthRater.RatePeriods(versions, intervals, zone, periods);
        }
        catch (TariffException e)
        {
            throw new UserErrorException($"tariff {versions[^1].Id}: {e.Message}", e);
        }
    }

    /// <summary>One tariff, or several effective-dated versions of one tariff (the same name and utility), oldest first.</summary>
    internal static IReadOnlyList<Tariff> LoadVersions(string path, IReadOnlyCollection<string> textCharges)
    {
        var tariffs = TariffImport.LoadFile(path, textCharges);
        if (tariffs.Select(t => (t.Name, t.Utility)).Distinct().Count() != 1)
            throw new UserErrorException($"{path}: holds {tariffs.Count} different tariffs; give a file with one tariff (or versions of one).");
        return tariffs.OrderBy(t => t.EffectiveFrom).ToList();
    }

    /// <summary>
    /// The reads of one meter as usage intervals in kWh, from an interval CSV or a Green Button feed (a customer's Download My Data,
    /// plain or gzip); a file with rejected rows, several meters, readings over billing periods or reads that are not electricity
    /// is a user error saying which.
    /// </summary>
    internal static (List<UsageInterval> Intervals, TimeZoneInfo Zone) LoadReads(string path, string? zoneId)
    {
        var intervals = new List<UsageInterval>();
        string? meter = null;
        TimeSpan? offset = null;
        string? zoneHint = null;
        foreach (var (read, hint) in Operations.Ingest.ReadFileKinds.Detect(path) == Operations.Ingest.ReadFileKind.GreenButton ? FromGreenButton(path) : FromCsv(path))
        {
            if (meter is not null && read.MeterId.Value != meter)
                throw new UserErrorException($"{path}: reads of several meters ({meter}, {read.MeterId}); rate one meter at a time.");
            if (!read.Quantity.CanConvertTo(Units.Unit.KWh))
                throw new UserErrorException($"{path}: reads in {Units.UnitInfo.Symbol(read.Quantity.Unit)}: rate and rate compare price electricity (kWh); a gas or water meter's bills are the bill run's.");
            meter = read.MeterId.Value;
            offset ??= read.Start.Offset;
            zoneHint ??= hint;
            intervals.Add(new UsageInterval(read.Start, read.IntervalMinutes, read.Quantity.ConvertTo(Units.Unit.KWh).Value));
        }
        var zone = zoneId is null ? TimeZones.Find(zoneHint ?? TimeZones.FixedOffsetZone(offset ?? TimeSpan.Zero))
            : TimeZones.TryFind(zoneId, out var found) ? found : throw new UserErrorException($"--time-zone '{zoneId}' is not a known IANA time zone (e.g. America/Chicago, Etc/GMT+5).");
        return (intervals, zone);
    }

    private static IEnumerable<(IntervalRead Read, string? ZoneHint)> FromCsv(string path)
    {
        foreach (var row in IntervalCsv.Read(path))
        {
            if (row.Rejection is { } rejected)
                throw new UserErrorException($"{rejected} (fix the file or load it with ingest, which keeps rejected rows aside)");
            yield return (row.Read, null);
        }
    }

    /// <summary>A Green Button feed's interval readings, each usage point a meter; its zone from the LocalTimeParameters (US zones by their rules).</summary>
    private static IEnumerable<(IntervalRead Read, string? ZoneHint)> FromGreenButton(string path)
    {
        foreach (var reading in Ingestion.GreenButton.GreenButtonReader.Read(path))
        {
            if (reading.Rejection is { } rejected)
                throw new UserErrorException($"{rejected} (fix the file or load it with ingest, which keeps rejected rows aside)");
            // Taken as ingest takes it (a daily reading of a 23- or 25-hour day is the local day).
            if (reading.IntervalMinutes is not { } minutes)
            {
                throw new UserErrorException($"{path} line {reading.Line}: a reading of {reading.DurationSeconds} seconds from {reading.Start:yyyy-MM-dd HH:mm} UTC " +
                    "is not an interval (a whole number of minutes that divides a day): rate prices interval reads, not readings over billing periods.");
            }
            yield return (new IntervalRead(new MeterId(Identifier.FromText(reading.UsagePoint, "usage-point")), reading.Start, minutes, reading.Quantity, reading.Quality), reading.ZoneHint);
        }
    }
}
