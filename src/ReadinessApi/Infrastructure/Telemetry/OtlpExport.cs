namespace ReadinessApi.Infrastructure.Telemetry;

/// <summary>
/// Whether OTLP export is on, read from the standard variables: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the signal-specific <c>OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT</c> then override it per
/// signal) and <c>OTEL_SDK_DISABLED</c> is not <c>true</c>.
/// </summary>
/// <param name="Target">The collector as scheme://host:port, safe to log (no user info, path or query).</param>
/// <param name="Protocol"><c>grpc</c> (the .NET SDK's default) or <c>http/protobuf</c>.</param>
internal sealed record OtlpExport(bool Enabled, string Target, string Protocol)
{
    public static OtlpExport From(IConfiguration configuration)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var disabled = bool.TryParse(configuration["OTEL_SDK_DISABLED"], out var off) && off;
        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is { Length: > 0 } p ? p : "grpc";
        if (string.IsNullOrWhiteSpace(endpoint) || disabled)
        {
            return new OtlpExport(false, "", protocol);
        }
        var target = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Host}:{uri.Port}"
            : "(not an absolute URI)";
        return new OtlpExport(true, target, protocol);
    }
}
