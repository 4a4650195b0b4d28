using System.Diagnostics.Metrics;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters outlive the test host that created them.
/// </summary>
/// <remarks>
/// Several service hosts share the test process, and OpenTelemetry's MeterProvider subscribes to meters
/// by name process-wide, so instruments of the same name from different hosts feed one metric stream.
/// When a host is disposed its factory disposes its meters, the SDK sees those instruments complete and
/// drops the whole stream, including the still-live instruments of every other host: the shared host's
/// /metrics would silently lose readiness_* and http_server_* after any other test disposed its host.
/// Keeping test meters undisposed avoids that; a production process has one host and never meets it.
/// </remarks>
public sealed class UndisposedMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, this);

    public void Dispose()
    {
    }
}
