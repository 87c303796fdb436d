namespace UtilityInsights.Domain;

/// <summary>
/// Estimates a register reading that is missing at bill time from the meter's history: the last
/// actual reading plus the average daily usage between earlier readings (up to a year back), times
/// the days since. The estimate is marked <see cref="RegisterReadType.Estimated"/> and wraps at the
/// register's rollover.
/// </summary>
public static class RegisterEstimator
{
    /// <summary>The estimate at <paramref name="at"/>, or null without two readings to learn a rate from.</summary>
    public static RegisterRead? Estimate(IReadOnlyList<RegisterRead> history, DateTimeOffset at, decimal rolloverAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        var reads = history.Where(r => r.ReadAt < at && r.ReadType != RegisterReadType.Estimated).OrderBy(r => r.ReadAt).ToList();
        if (reads.Count < 2)
            return null;
        var last = reads[^1];
        var firstIndex = reads.FindIndex(r => r.ReadAt >= last.ReadAt.AddYears(-1));
        if (firstIndex < 0 || firstIndex == reads.Count - 1)
            firstIndex = reads.Count - 2;
        var first = reads[firstIndex];
        var usage = 0m;
        for (var i = firstIndex + 1; i < reads.Count; i++)
        {
            if (reads[i].ReadType == RegisterReadType.MeterExchangeIn)
                continue;
            usage += reads[i].UsageSince(reads[i - 1], rolloverAt).Value / reads[i].Multiplier;
        }
        var days = (decimal)(last.ReadAt - first.ReadAt).TotalDays;
        if (days <= 0)
            return null;
        var dial = last.Register + Math.Round(usage / days * (decimal)(at - last.ReadAt).TotalDays, 0, MidpointRounding.AwayFromZero);
        return new RegisterRead(last.MeterId, at, dial % rolloverAt, last.Unit, RegisterReadType.Estimated, last.Multiplier);
    }
}
