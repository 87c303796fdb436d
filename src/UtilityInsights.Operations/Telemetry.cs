using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace UtilityInsights.Operations;

/// <summary>
/// The engine's OpenTelemetry signals, in .NET's own APIs (<see cref="Meter"/>, <see cref="ActivitySource"/>):
/// the command line and the portal export them over OTLP when the standard <c>OTEL_*</c> variables
/// say where. Counters carry no personal data: statuses, reason codes and field names only.
/// </summary>
public static class Telemetry
{
    public const string Name = "UtilityInsights";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Bills stored by bill runs, by status (<c>draft</c> or <c>held</c>): a rate of this is bills per second.</summary>
    public static readonly Counter<long> BillsStored = Meter.CreateCounter<long>("ui.billrun.bills", "{bill}", "Bills stored by bill runs, by status");

    /// <summary>Bills held for review, by reason code.</summary>
    public static readonly Counter<long> BillsHeld = Meter.CreateCounter<long>("ui.billrun.held", "{bill}", "Bills held for review, by reason code");

    /// <summary>How long one chunk of accounts took to bill, in seconds.</summary>
    public static readonly Histogram<double> ChunkDuration = Meter.CreateHistogram<double>("ui.billrun.chunk.duration", "s", "Time to bill one chunk of accounts");

    /// <summary>Meter reads stored by ingestion (a rate of this is reads per second).</summary>
    public static readonly Counter<long> ReadsStored = Meter.CreateCounter<long>("ui.ingest.reads", "{read}", "Meter reads stored by ingestion");

    /// <summary>Rows refused by ingestion and imports, by the field at fault.</summary>
    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>("ui.ingest.rejects", "{row}", "Rows refused by ingestion, by field");

    /// <summary>Failed portal sign-ins (a wrong password, a paused or unknown user).</summary>
    public static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>("ui.portal.sign_in.failures", "{attempt}", "Failed portal sign-ins");

    /// <summary>Calls to the integration API, by key scope and status code.</summary>
    public static readonly Counter<long> ApiCalls = Meter.CreateCounter<long>("ui.api.calls", "{call}", "Calls to /api/v1 by status code");
}
