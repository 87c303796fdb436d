using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;
using UtilityInsights.Units;

namespace UtilityInsights.Operations.BillRun;

/// <summary>
/// A bill whose interval reads have changed since it was made: the usage it billed and the usage its period's reads give now
/// (with how many of them are still estimates), or the time of its period that now has no read at all.
/// </summary>
public sealed record ChangedBill(AccountId Account, string BillId, BillStatus Status, decimal Billed, decimal Now, string Unit, int EstimatedNow,
    DateTimeOffset? UnreadFrom);

/// <summary>
/// Finds a cycle's bills that no longer agree with their reads — billed on estimates whose actual reads have since been loaded
/// (<c>billrun estimate</c>), or on reads corrected since — so that they can be rebilled: every rated bill of the cycle (its newest
/// revision, not cancelled) of an interval meter has its period summed again from the stored days and compared with the usage
/// it billed (a meter read each billing period: its readings, as the bill run takes them). Register meters are left out: a bill on an
/// estimated dial read is trued up by the next actual read.
/// </summary>
public sealed class BillReconciliation(UtilityDatabase database)
{
    public async Task<(int Checked, IReadOnlyList<ChangedBill> Changed)> FindAsync(string cycle, CancellationToken cancellationToken)
    {
        var month = BillingCycle.Parse(cycle).Period;
        var changed = new List<ChangedBill>();
        var checkedBills = 0;
        string? after = null;
        while (true)
        {
            var page = await database.Bills.PageAsync(cycle, after, Store.MaxIds, cancellationToken);
            if (page.Count == 0)
                break;
            after = page[^1].AccountId.Value;
            var rated = page.Where(b => b.Status != BillStatus.Cancelled && !(b.HoldReason is { } reason && HoldReason.Parse(reason).IsNotRated)).ToList();
            var ids = rated.Select(b => b.AccountId.Value).ToList();
            if (ids.Count == 0)
                continue;
            // The page's rows carry what is compared (period, usage, status): the bills' lines are not read.
            var premises = await database.Premises.ForAccountsAsync(ids, cancellationToken);
            var meters = await database.Meters.GetManyAsync(premises.Values.Select(p => p[0].MeterId.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            var billed = rated.Select(b => (Bill: b, Meter: premises.GetValueOrDefault(b.AccountId.Value) is { } p ? meters.GetValueOrDefault(p[0].MeterId.Value) : null))
                .Where(b => b.Meter is { Kind: MeterKind.Interval })
                .Select(b => (b.Bill, Meter: b.Meter!)).ToList();
            if (billed.Count == 0)
                continue;
            var days = await database.Reads.GetDaysAsync(billed.Select(b => b.Meter).DistinctBy(m => m.Id).ToList(),
                billed.Min(b => b.Bill.Period.Start), billed.Max(b => b.Bill.Period.EndExclusive), cancellationToken);
            // A meter read each billing period (period reads, no days) is checked against its readings, as the bill run took them: a route's
            // period (not its cycle's calendar month) with the bill run's read tolerance, a calendar month without.
            var withoutDays = billed.Where(b => !days.ContainsKey(b.Meter.Id.Value)).Select(b => b.Meter.Id.Value).Distinct(StringComparer.Ordinal).ToList();
            var byPeriod = withoutDays.Count == 0 ? []
                : await database.Reads.GetPeriodReadsAsync(withoutDays, LocalDay.StartOfDay(billed.Min(b => b.Bill.Period.Start), TimeZoneInfo.Utc).AddDays(-MeterUsage.ReadBeforeDays - 1),
                    LocalDay.StartOfDay(billed.Max(b => b.Bill.Period.EndExclusive), TimeZoneInfo.Utc).AddDays(BillPeriods.MaxReadToleranceDays + 1), cancellationToken);
            foreach (var (bill, meter) in billed)
            {
                checkedBills++;
                var period = bill.Period;
                var stored = new StoredReads((days.GetValueOrDefault(meter.Id.Value) ?? []).Where(d => d.Day.Date >= period.Start && d.Day.Date < period.EndExclusive).ToList(), [])
                {
                    Periods = byPeriod.GetValueOrDefault(meter.Id.Value) ?? [],
                };
                var tolerance = period == month ? 0 : BillPeriods.DefaultReadToleranceDays;
                var now = MeterUsage.Of(meter, TimeZones.Find(meter.TimeZone), period, stored, tolerance, toRate: true);
                // The reads' unit is the meter's (its days', its period reads'); the bill's usage is in the tariff's (kWh for a meter read in Wh).
                var unit = stored.Days.Count > 0 ? stored.Days[0].Unit : meter.Unit;
                var total = now is null ? 0m : unit == bill.Usage.Unit ? now.Total : new Quantity(now.Total, unit).ConvertTo(bill.Usage.Unit).Value;
                if (now is not null && now.Unread is null && total == bill.Usage.Value)
                    continue;
                changed.Add(new ChangedBill(bill.AccountId, bill.BillId, bill.Status, bill.Usage.Value, total, bill.Usage.Unit.Symbol(),
                    now?.IntervalReads?.Estimated ?? 0, now is null ? LocalDay.StartOfDay(period.Start, TimeZones.Find(meter.TimeZone)) : now.Unread?.From));
            }
        }
        return (checkedBills, changed);
    }
}
