using UtilityInsights.Rating;

namespace UtilityInsights.Operations.Tariffs;

/// <summary>One tariff of a comparison: the file it came from, its newest version, and the load's bills on it month by month.</summary>
public sealed record ComparedTariff(string File, Tariff Tariff, IReadOnlyList<RatedBill> Bills)
{
    public decimal Total => Bills.Sum(b => b.Total.Amount);

    /// <summary>The year's charges of one category (the sum of the bills' lines of it, as printed).</summary>
    public decimal Annual(ChargeCategory category) => Bills.Sum(b => b.Charges(category).Amount);
}

/// <summary>How two tariffs' annual costs differ, category by category (the differences add up to the difference of the totals).</summary>
public sealed record CostDifference(ComparedTariff From, ComparedTariff To, IReadOnlyList<(ChargeCategory Category, decimal From, decimal To, decimal Difference)> Categories)
{
    public decimal Difference => To.Total - From.Total;
}

/// <summary>A folder of tariffs ranked for one load, cheapest first, with the files refused and why.</summary>
public sealed record TariffRanking(DateOnly From, DateOnly To, TimeZoneInfo Zone, IReadOnlyList<ComparedTariff> Ranked, IReadOnlyList<(string File, string Reason)> Refused)
{
    /// <summary>The months at either end the reads cover only in part (a load starting or ending mid-month), left out of the comparison.</summary>
    public IReadOnlyList<PartlyRead> LeftOut { get; init; } = [];

    /// <summary>The months between the first and the last whole one that the reads cover only in part (a gap): compared on the reads they have.</summary>
    public IReadOnlyList<PartlyRead> PartlyCompared { get; init; } = [];

    /// <summary>The months left out in words: "Jan 2018 (reads for 16 days 12 hours of its 31 days), Dec 2018 (none of its 31 days)", or null.</summary>
    public string? LeftOutText => Words(LeftOut);

    /// <summary>The months compared on part of their days, in the same words, or null.</summary>
    public string? PartlyComparedText => Words(PartlyCompared);

    private static string? Words(IReadOnlyList<PartlyRead> months) => months.Count == 0 ? null : string.Join(", ", months.Select(m =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{m.Month.Start:MMM yyyy} ({(m.ReadMinutes == 0 ? "none" : $"reads for {UtilityInsights.Time.Durations.Text(TimeSpan.FromMinutes(m.ReadMinutes))}")} of its {m.Month.Days} days)")));

    /// <summary>The tariff <paramref name="current"/> names (its file name, with or without .json, or its id), or a user error listing them.</summary>
    public ComparedTariff Find(string current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Ranked.FirstOrDefault(r => r.File == current || Path.GetFileNameWithoutExtension(r.File) == current || r.Tariff.Id == current)
            ?? throw new UserErrorException(Refused.Any(r => r.File == current || Path.GetFileNameWithoutExtension(r.File) == current)
                ? $"--current {current}: that tariff was refused ({Refused.First(r => r.File == current || Path.GetFileNameWithoutExtension(r.File) == current).Reason})."
                : $"--current {current}: no tariff of the folder has that file name or id ({string.Join(", ", Ranked.Select(r => Path.GetFileNameWithoutExtension(r.File)))}).");
    }

    /// <summary>What moving from <paramref name="from"/> to <paramref name="to"/> changes in a year, category by category.</summary>
    public static CostDifference Explain(ComparedTariff from, ComparedTariff to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return new CostDifference(from, to, Enum.GetValues<ChargeCategory>()
            .Select(c => (c, from.Annual(c), to.Annual(c), to.Annual(c) - from.Annual(c)))
            .Where(c => c.Item2 != 0 || c.Item3 != 0).ToList());
    }
}

/// <summary>
/// <c>rate compare</c>: the cost of one load over its whole calendar months on each tariff of a folder,
/// cheapest first. A file that cannot be billed is listed with the reason and the others are compared.
/// </summary>
public static class TariffComparison
{
    public static TariffRanking Rank(string folder, IReadOnlyList<UsageInterval> intervals, TimeZoneInfo zone, IReadOnlyCollection<string> textCharges,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(zone);
        if (!Directory.Exists(folder))
            throw new UserErrorException($"--tariffs {folder}: not a folder.");
        if (intervals.Count == 0)
            throw new UserErrorException("the reads file has no reads to compare tariffs on.");
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(intervals.Min(i => i.Start), zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(intervals.Max(i => i.Start), zone).DateTime);
        // The whole calendar months: a month at either end that the reads cover only in part (the load starts or ends in it) is left
        // out, or its fixed charges would be compared against part of its usage.
        var months = CalendarMonthRater.Months(new DateOnly(first.Year, first.Month, 1), new DateOnly(last.Year, last.Month, 1).AddMonths(1))
            .Select(m => (Month: m, Read: ReadCoverage.Of(intervals, zone, m))).ToList();
        var whole = months.FindAll(m => m.Read.Read == m.Read.Period);
        if (whole.Count == 0)
        {
            throw new UserErrorException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the reads ({first:yyyy-MM-dd} to {last:yyyy-MM-dd}) cover no calendar month whole: tariffs are compared on whole months."));
        }
        var (from, to) = (whole[0].Month.Start, whole[^1].Month.EndExclusive);
        var partly = months.Where(m => m.Read.Read < m.Read.Period).Select(m => new PartlyRead(m.Month, m.Read.Read)).ToList();
        var ranked = new List<ComparedTariff>();
        var refused = new List<(string File, string Reason)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (tariffs, refusal) = TariffImport.TryLoadForComparison(file, textCharges);
            if (tariffs is null)
            {
                refused.Add((Path.GetFileName(file), refusal!));
                continue;
            }
            try
            {
                foreach (var versions in tariffs.GroupBy(t => (t.Name, t.Utility)))
                {
                    var bills = CalendarMonthRater.Rate(versions.ToList(), intervals, zone, from, to);
                    ranked.Add(new ComparedTariff(Path.GetFileName(file), versions.OrderBy(v => v.EffectiveFrom).Last(), bills));
                }
            }
            catch (TariffException e)
            {
                refused.Add((Path.GetFileName(file), e.Message));
            }
        }
        return new TariffRanking(from, to, zone, ranked.OrderBy(r => r.Total).ThenBy(r => r.File, StringComparer.Ordinal).ToList(), refused)
        {
            LeftOut = partly.FindAll(m => m.Month.Start < from || m.Month.Start >= to),
            PartlyCompared = partly.FindAll(m => m.Month.Start >= from && m.Month.Start < to),
        };
    }
}

/// <summary>A calendar month the reads cover only in part, and the minutes of it they cover.</summary>
public sealed record PartlyRead(UtilityInsights.Time.ServicePeriod Month, long ReadMinutes);
