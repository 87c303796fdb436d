using System.Globalization;
using UtilityInsights.Domain;
using UtilityInsights.Units;

namespace UtilityInsights.Ingestion.Vee;

/// <summary>Why a read was refused: the file's field, its value as written, and the reason (naming the VEE rule).</summary>
public sealed record Refusal(string Field, string Value, string Reason);

/// <summary>
/// The acceptance checks a read passes before it is stored for its meter, one method per kind of
/// read: its unit converts to the meter's (<see cref="VeeRules.UnitMismatch"/>), an interval read
/// has the meter's interval length, and no read ends after the moment of the import
/// (<see cref="VeeRules.Future"/>). The field names are those of the read's file format.
/// </summary>
public static class ReadAcceptance
{
    /// <summary>An interval read (canonical CSV or Green Button) against its meter.</summary>
    public static Refusal? Check(in IntervalRead read, Meter meter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(meter);
        // The common case first, in a few comparisons (an ingest checks every read): the meter's own unit and interval, ended.
        if (read.Quantity.Unit == meter.Unit && read.IntervalMinutes == meter.IntervalMinutes && read.End <= now)
            return null;
        return UnitOf(read.Quantity.Unit, meter, "unit")
            ?? (read.IntervalMinutes != meter.IntervalMinutes
                ? new Refusal("interval_minutes", read.IntervalMinutes.ToString(CultureInfo.InvariantCulture), meter.IntervalMinutes is { } minutes
                    ? $"differs from meter {meter.Id}'s interval of {minutes} minutes"
                    : $"is an interval, but meter {meter.Id} is read by its dial: its usage comes from its dial reads (register CSV)")
                : null)
            ?? (read.End > now ? new Refusal("interval_start", Instant(read.Start), $"ends in the future ({VeeRules.Future})") : null);
    }

    /// <summary>A reading over a billing period (Green Button, typically monthly gas) against its meter.</summary>
    public static Refusal? Check(PeriodRead read, Meter meter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(meter);
        // A dial meter's usage between its reads is worked out from them (its own Green Button download gives it so): not stored apart from them.
        if (meter.Kind == MeterKind.Register)
            return new Refusal("UsagePoint", meter.Id.Value, "is read by its dial: its usage comes from its dial reads (register CSV), not from readings over periods");
        return UnitOf(read.Quantity.Unit, meter, "uom")
            ?? (read.End > now ? new Refusal("start", Instant(read.Start), $"ends in the future ({VeeRules.Future})") : null);
    }

    /// <summary>A register (dial) read against its meter.</summary>
    public static Refusal? Check(RegisterRead read, Meter meter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return UnitOf(read.Unit, meter, "unit")
            ?? (read.ReadAt > now ? new Refusal("read_at", Instant(read.ReadAt), $"is in the future ({VeeRules.Future})") : null);
    }

    /// <summary>
    /// A register that went down between two reads: a meter exchange (marked, or a drop of more than
    /// half the dial's range, which a rollover cannot explain) or a rollover past
    /// <paramref name="rolloverAt"/>; null when the register did not go down.
    /// </summary>
    public static (string Rule, string Detail)? RegisterDecrease(RegisterRead previous, RegisterRead current, decimal rolloverAt)
    {
        if (current.Register >= previous.Register)
            return null;
        if (current.ReadType == RegisterReadType.MeterExchangeIn || previous.ReadType == RegisterReadType.MeterExchangeOut)
            return (VeeRules.MeterExchange, "meter exchanged: the new register starts again");
        var usage = rolloverAt - previous.Register + current.Register;
        return usage < rolloverAt / 2
            ? (VeeRules.Rollover, string.Create(CultureInfo.InvariantCulture, $"register rolled over at {rolloverAt:0}: {usage} {current.Unit.Symbol()} used"))
            : (VeeRules.MeterExchange, "register went down by more than half its range: a meter exchange or a misread, not a rollover");
    }

    private static Refusal? UnitOf(Unit unit, Meter meter, string field) =>
        new Quantity(0, unit).CanConvertTo(meter.Unit)
            ? null
            : new Refusal(field, unit.Symbol(), $"does not match meter {meter.Id}'s unit {meter.Unit.Symbol()} ({VeeRules.UnitMismatch})");

    private static string Instant(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}
