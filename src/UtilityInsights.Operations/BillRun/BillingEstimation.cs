using System.Globalization;
using UtilityInsights.Billing;
using UtilityInsights.Domain;
using UtilityInsights.Ingestion.Vee;
using UtilityInsights.Operations.Compose;
using UtilityInsights.Storage;
using UtilityInsights.Storage.Stores;
using UtilityInsights.Time;

namespace UtilityInsights.Operations.BillRun;

/// <summary>What <c>billrun estimate</c> did: the accounts waiting for reads, those whose missing reads it estimated, and why the others stay waiting.</summary>
public sealed record BillingEstimationResult(string Cycle, int Waiting, int Estimated, long Reads, IReadOnlyList<(AccountId Account, string Reason)> NotEstimated);

/// <summary>
/// Bills on estimates, when the operator decides not to wait: for each account of a cycle held as <see cref="HoldReason.ReadsMissing"/>,
/// the empty slots of its meter's billing period are filled by <see cref="BillingEstimator"/> and stored as estimated reads
/// (quality E, flagged as a gap estimated for billing), one transaction per share of accounts; the next bill run then bills the
/// period whole, its statement counting the estimated reads. The actual reads, when they come, replace the estimates as any
/// ingest does, and <c>billrun reconcile</c> finds the bills they change. Run again, it finds nothing left to fill.
/// </summary>
public sealed class BillingEstimation(UtilityDatabase database, TimeProvider clock)
{
    /// <summary>How the empty slots are filled (the profile's weeks).</summary>
    public VeeOptions Options { get; init; } = VeeOptions.Default;

    /// <param name="cycle">The cycle (<c>YYYY-MM</c>).</param>
    /// <param name="account">Only this account (its bill must be waiting for reads), or every waiting one.</param>
    /// <param name="cancellationToken">Stops between shares of accounts (each share's estimates are stored whole or not at all).</param>
    public async Task<BillingEstimationResult> EstimateAsync(string cycle, AccountId? account, CancellationToken cancellationToken)
    {
        var month = BillingCycle.Parse(cycle).Period;
        var waiting = (await database.Bills.HeldAsync(cycle, cancellationToken))
            .Where(b => b.Reason.Code == HoldReason.ReadsMissing && (account is null || b.AccountId == account)).Select(b => b.AccountId).ToList();
        if (account is { } one && waiting.Count == 0)
            throw new UserErrorException($"account {one} has no bill waiting for reads in {cycle}: billrun status --cycle {cycle} counts the ones that are.");
        var sources = new StatementSources(database);
        var source = $"billrun estimate {cycle}";
        var notEstimated = new List<(AccountId, string)>();
        int estimated = 0;
        long reads = 0;
        foreach (var share in waiting.Chunk(Store.MaxIds))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = await sources.LoadPeriodsAsync(share, month, cancellationToken);
            var meters = loaded.Where(s => s.Meter is { Kind: MeterKind.Interval } && s.Periods is not null).ToList();
            var lookBack = BillingEstimator.HistoryDays(Options);
            var days = meters.Count == 0 ? [] : await database.Reads.GetDaysAsync(meters.Select(s => s.Meter!).DistinctBy(m => m.Id).ToList(),
                meters.Min(s => s.Periods!.Current.Start).AddDays(-lookBack), meters.Max(s => s.Periods!.Current.EndExclusive), cancellationToken);
            var batch = new IngestBatch("", source, 0, 0);
            foreach (var loadedAccount in loaded)
            {
                if (loadedAccount.Meter is not { Kind: MeterKind.Interval } meter || loadedAccount.Periods is not { } periods)
                {
                    // No longer an interval meter's wait (its premise or route changed since): the next bill run says what it is.
                    notEstimated.Add((loadedAccount.Id, loadedAccount.PeriodProblem ?? "its meter is not an interval meter now: run billrun again"));
                    continue;
                }
                var zone = TimeZones.Find(meter.TimeZone);
                var period = periods.Current;
                var stored = (days.GetValueOrDefault(meter.Id.Value) ?? []).Where(d => d.Day.Date >= period.Start.AddDays(-lookBack) && d.Day.Date < period.EndExclusive).ToList();
                var estimate = BillingEstimator.Fill(meter, zone, period.Start, period.EndExclusive, stored, Options, source);
                if (!estimate.Complete)
                {
                    notEstimated.Add((loadedAccount.Id, NoBasis(meter, period, estimate.FirstUnestimated!.Value, zone, stored)));
                    continue;
                }
                if (estimate.Estimated == 0)
                    continue;
                batch.Days.AddRange(estimate.Days);
                batch.Flags.Add(estimate.Flag!);
                estimated++;
                reads += estimate.Estimated;
            }
            if (batch.Days.Count > 0)
                await database.Reads.CommitBatchAsync(batch, clock, markDone: false, cancellationToken);
        }
        return new BillingEstimationResult(cycle, waiting.Count, estimated, reads, notEstimated);
    }

    /// <summary>Why a period cannot be estimated whole: the first time that has no value on the same weekday of any of the weeks before it.</summary>
    private string NoBasis(Meter meter, ServicePeriod period, DateTimeOffset first, TimeZoneInfo zone, IReadOnlyList<MeterDay> stored)
    {
        var local = TimeZoneInfo.ConvertTime(first, zone);
        var before = DateOnly.FromDateTime(local.DateTime);
        var lastRead = stored.Where(d => d.Day.Date < before && d.PresentCount > 0).Select(d => d.Day.Date).DefaultIfEmpty().Max();
        var since = period.Start.AddDays(-BillingEstimator.HistoryDays(Options));
        return string.Create(CultureInfo.InvariantCulture,
            $"meter {meter.Id} has no reads to estimate {local:yyyy-MM-dd HH:mm} from (the same weekday and time of the {Options.ProfileWeeks} weeks before it; ") +
            (lastRead == default
                ? string.Create(CultureInfo.InvariantCulture, $"no reads from {since:yyyy-MM-dd} to then")
                : string.Create(CultureInfo.InvariantCulture, $"its last reads before then {lastRead:yyyy-MM-dd}")) +
            "): it needs reading";
    }
}
