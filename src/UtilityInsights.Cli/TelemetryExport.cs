using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using UtilityInsights.Operations;

namespace UtilityInsights.Cli;

/// <summary>
/// Exports the engine's metrics and traces (<see cref="Telemetry"/>) over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the exporter reads the other standard variables itself
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>).
/// Disposing flushes what a short command recorded.
/// </summary>
public sealed class TelemetryExport : IDisposable
{
    private readonly MeterProvider meters;
    private readonly TracerProvider traces;

    private TelemetryExport(MeterProvider meters, TracerProvider traces) => (this.meters, this.traces) = (meters, traces);

    public static TelemetryExport? Start()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
            return null;
        var resource = ResourceBuilder.CreateDefault().AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? "utility-insights");
        return new TelemetryExport(
            Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Telemetry.Name).AddOtlpExporter().Build(),
            Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Telemetry.Name).AddOtlpExporter().Build());
    }

    public void Dispose()
    {
        meters.Dispose();
        traces.Dispose();
    }
}
