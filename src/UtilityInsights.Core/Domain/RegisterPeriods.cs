namespace UtilityInsights.Domain;

/// <summary>A dial meter's usage between each two of its reads, as period reads: what a Green Button download gives for such a meter.</summary>
public static class RegisterPeriods
{
    /// <summary>
    /// The usage from each read to the next (oldest first, in the meter's unit): a dial that rolled over counted across its rollover,
    /// nothing from an old meter's last read to the new one's first (a meter exchange: the new meter's dial starts afresh), and the
    /// period estimated when either of its reads was.
    /// </summary>
    public static IEnumerable<PeriodRead> Between(IReadOnlyList<RegisterRead> reads, Meter meter)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(meter);
        for (var i = 1; i < reads.Count; i++)
        {
            var (from, to) = (reads[i - 1], reads[i]);
            if (to.ReadType == RegisterReadType.MeterExchangeIn)
                continue;
            var estimated = from.ReadType == RegisterReadType.Estimated || to.ReadType == RegisterReadType.Estimated;
            yield return new PeriodRead(meter.Id, from.ReadAt, to.ReadAt, to.UsageSince(from, meter.RolloverAt).ConvertTo(meter.Unit),
                estimated ? ReadQuality.Estimated : ReadQuality.Actual);
        }
    }
}
