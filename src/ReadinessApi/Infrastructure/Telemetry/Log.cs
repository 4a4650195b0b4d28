namespace ReadinessApi.Infrastructure.Telemetry;

/// <summary>
/// The service's log events, source-generated (<c>[LoggerMessage]</c>): structured, allocation-free when
/// the level is off, each with a stable event id an operator can filter on. Values logged are ids,
/// counts and durations; never request bodies, inputs or credentials.
/// </summary>
/// <remarks>Event ids: 1xxx telemetry and start-up, 2xxx scoring, 3xxx cache, 4xxx batch, 5xxx sensitivity.</remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "OTLP export on: traces, metrics and logs to {OtlpTarget} over {OtlpProtocol}")]
    public static partial void OtlpExportOn(ILogger logger, string otlpTarget, string otlpProtocol);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "OTLP export off (OTEL_EXPORTER_OTLP_ENDPOINT is not set); metrics are served at {MetricsPath}")]
    public static partial void OtlpExportOff(ILogger logger, string metricsPath);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Scored {Country} under {MethodologyId} {MethodologyVersion}: {Score} ({Tier}), coverage {Coverage}, in {ElapsedMs} ms")]
    public static partial void Scored(ILogger logger, string country, string methodologyId, string methodologyVersion,
        double score, string tier, double coverage, double elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Not scored: coverage {Coverage} of {MethodologyId} {MethodologyVersion} is below its minimum {MinCoverage}")]
    public static partial void InsufficientCoverage(ILogger logger, string methodologyId, string methodologyVersion,
        double coverage, double minCoverage);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Not scored: unknown methodology {RequestedMethodology}")]
    private static partial void UnknownMethodologyCore(ILogger logger, string requestedMethodology);

    /// <summary>The id is the client's text: cut to a length that cannot flood a log line.</summary>
    public static void UnknownMethodology(ILogger logger, string requested) =>
        UnknownMethodologyCore(logger, requested.Length <= 64 ? requested : string.Concat(requested.AsSpan(0, 64), "…"));
}
