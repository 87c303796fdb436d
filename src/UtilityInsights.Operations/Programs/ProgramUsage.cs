using UtilityInsights.Domain;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.Programs;

/// <summary>A home's usage in one calendar month: the total and the days it covers (fewer than the month's when reads are missing).</summary>
public readonly record struct MonthUsage(decimal Total, decimal Days)
{
    public double PerDay => Days > 0 ? (double)(Total / Days) : 0;
}

/// <summary>What a program knows of an account's home: its region, tariff and meter kind (for strata), what its meter measures, and its usage by calendar month.</summary>
public sealed record ProgramHome(string Account, string Region, string Tariff, MeterKind MeterKind, Units.Commodity Commodity, IReadOnlyDictionary<DateOnly, MonthUsage> Months)
{
    /// <summary>Usage per day over the months in <c>[from, toExclusive)</c>, and the days with reads in them.</summary>
    public (double PerDay, decimal Days) Over(DateOnly from, DateOnly toExclusive)
    {
        decimal total = 0, days = 0;
        foreach (var (month, usage) in Months)
        {
            if (month >= from && month < toExclusive)
                (total, days) = (total + usage.Total, days + usage.Days);
        }
        return (days > 0 ? (double)(total / days) : 0, days);
    }
}

/// <summary>
/// Accounts' usage by calendar month, from the reads (not the bills: the months before a program
/// started were mostly never billed here). An interval meter's month is the sum of its days with
/// reads; a register meter's usage between two reads is spread evenly over the time between them
/// and shared out among the months it spans. Read in chunks of accounts, never all reads at once.
/// </summary>
public static class ProgramUsage
{
    /// <summary>The homes of <paramref name="accounts"/> (those with a premise and a meter) with their usage in the whole months of <c>[from, toExclusive)</c>.</summary>
    public static async Task<Dictionary<string, ProgramHome>> ReadAsync(UtilityDatabase database, IReadOnlyList<string> accounts, DateOnly from, DateOnly toExclusive,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(accounts);
        var homes = new Dictionary<string, ProgramHome>(StringComparer.Ordinal);
        foreach (var chunk in accounts.Chunk(Store.MaxIds))
        {
            var premises = await database.Premises.ForAccountsAsync(chunk, cancellationToken);
            var premiseOf = premises.ToDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
            var meters = await database.Meters.GetManyAsync(premiseOf.Values.Select(p => p.MeterId.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            var interval = meters.Values.Where(m => m.Kind == MeterKind.Interval).Select(m => m.Id.Value).ToList();
            var register = meters.Values.Where(m => m.Kind == MeterKind.Register).ToList();
            var intervalMonths = interval.Count == 0 ? [] : await database.Reads.UsageByMonthAsync(interval, from, toExclusive, cancellationToken);
            // Register reads a little beyond the window, so that the reads either side of its ends share out the months at its edges.
            var registerReads = register.Count == 0 ? []
                : await database.Reads.GetRegisterReadsAsync(register.Select(m => m.Id.Value).ToList(),
                    new DateTimeOffset(from.AddDays(-62).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    new DateTimeOffset(toExclusive.AddDays(62).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken);
            foreach (var (account, premise) in premiseOf)
            {
                if (!meters.TryGetValue(premise.MeterId.Value, out var meter))
                    continue;
                var months = meter.Kind == MeterKind.Interval
                    ? (intervalMonths.GetValueOrDefault(meter.Id.Value) ?? []).ToDictionary(m => m.Month, m => new MonthUsage(m.Total, m.Days))
                    : SpreadRegister(meter, registerReads.GetValueOrDefault(meter.Id.Value) ?? [], from, toExclusive);
                homes[account] = new ProgramHome(account, premise.Region, premise.TariffId ?? "none", meter.Kind, meter.Commodity, months);
            }
        }
        return homes;
    }

    /// <summary>A register meter's usage between consecutive reads, spread evenly over the time between them, by calendar month in the meter's zone.</summary>
    public static Dictionary<DateOnly, MonthUsage> SpreadRegister(Meter meter, IReadOnlyList<RegisterRead> reads, DateOnly from, DateOnly toExclusive)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(reads);
        var zone = TimeZones.Find(meter.TimeZone);
        var months = new Dictionary<DateOnly, MonthUsage>();
        for (var i = 1; i < reads.Count; i++)
        {
            // A meter exchange starts a new register: nothing is known of the usage across it.
            if (reads[i].ReadType == RegisterReadType.MeterExchangeIn)
                continue;
            var (start, end) = (reads[i - 1].ReadAt, reads[i].ReadAt);
            var span = (end - start).TotalHours;
            if (span <= 0)
                continue;
            var used = reads[i].UsageSince(reads[i - 1], meter.RolloverAt).Value;
            var month = new DateOnly(TimeZoneInfo.ConvertTime(start, zone).Year, TimeZoneInfo.ConvertTime(start, zone).Month, 1);
            for (; LocalDay.StartOfDay(month, zone) < end; month = month.AddMonths(1))
            {
                if (month < from || month >= toExclusive)
                    continue;
                var (monthStart, monthEnd) = (LocalDay.StartOfDay(month, zone), LocalDay.StartOfDay(month.AddMonths(1), zone));
                var overlap = (Min(end, monthEnd) - Max(start, monthStart)).TotalHours;
                if (overlap <= 0)
                    continue;
                var share = (decimal)(overlap / span);
                var was = months.GetValueOrDefault(month);
                months[month] = new MonthUsage(was.Total + used * share, was.Days + (decimal)(overlap / 24));
            }
        }
        return months;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
