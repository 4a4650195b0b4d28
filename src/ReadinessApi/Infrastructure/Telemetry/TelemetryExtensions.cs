using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ReadinessApi.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry in the Aspire service-defaults shape: traces, metrics and logs configured once, OTLP
/// export switched on only by the standard <c>OTEL_*</c> variables, Prometheus text always at /metrics.
/// </summary>
public static class TelemetryExtensions
{
    public const string DefaultServiceName = "readiness-api";
    public const string MetricsPath = "/metrics";
    private const string RedisInstrumentationKey = "readiness-api:redis-connections-are-registered-by-ReadinessTelemetry.TraceRedis";

    /// <summary>The ASP.NET Core meters listened to (AddTelemetry says which are left out and why).</summary>
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
    ];

    /// <summary>
    /// Boundaries (seconds) for request-scale durations: ASP.NET Core's defaults (5 ms to 10 s) extended down
    /// to 100 µs. A score is answered in well under a millisecond, so with the defaults nearly every request
    /// fell into the first bucket and every percentile read a few milliseconds whatever the service did.
    /// </summary>
    public static readonly double[] RequestDurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>The histograms that get <see cref="RequestDurationBuckets"/>, whichever meter records them.</summary>
    private static readonly string[] RequestScaleHistograms =
        ["http.server.request.duration", "readiness.batch.duration", "readiness.sensitivity.duration"];

    /// <summary>
    /// Registers <see cref="ReadinessTelemetry"/> and the OpenTelemetry SDK. Every OpenTelemetry setting
    /// comes from configuration under its standard name (environment variables in a deployment):
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (unset: no exporter, spans not sampled, no OTel log pipeline),
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (grpc, http/protobuf), <c>OTEL_SERVICE_NAME</c>,
    /// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_TRACES_SAMPLER</c>[<c>_ARG</c>], <c>OTEL_METRIC_EXPORT_INTERVAL</c>,
    /// <c>OTEL_BSP_*</c>, <c>OTEL_BLRP_*</c>, <c>OTEL_SDK_DISABLED</c>, the signal-specific endpoint overrides.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReadinessTelemetry>();
        var export = OtlpExport.From(builder.Configuration);
        builder.Services.AddSingleton(export);

        ConfigureLogging(builder);

        var environment = builder.Environment.EnvironmentName.ToLowerInvariant();
        var version = typeof(ReadinessTelemetry).Assembly.GetName().Version?.ToString();
        var otel = builder.Services.AddOpenTelemetry()
            // Our defaults first, then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME on top: the later
            // detector wins, so an operator's variables always override the names chosen here.
            .ConfigureResource(resource => resource
                .AddService(DefaultServiceName, serviceVersion: version, autoGenerateServiceInstanceId: true)
                .AddAttributes([new("deployment.environment.name", environment)])
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(ReadinessTelemetry.MeterName)
                // ASP.NET Core's own meters, named rather than all of them (AddAspNetCoreInstrumentation):
                // requests (duration, active), connections, exceptions, rate-limit rejections and key
                // outcomes. Left out: the memory pool's (two or more updates per request, its bytes rented
                // and pooled; with routing's match counter ~1.5% of a score's CPU under load) and routing's
                // (http.server.request.duration already carries the route and the 404s).
                .AddMeter(AspNetCoreMeters)
                .AddViews()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ReadinessTelemetry.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        o.Filter = context => !IsProbeOrScrape(context);
                        o.RecordException = true;
                    })
                    .AddHttpClientInstrumentation()
                    // Redis spans for the connections registered with ReadinessTelemetry.TraceRedis once
                    // they exist. The key, under which nothing is registered, stops the instrumentation
                    // from resolving IConnectionMultiplexer while the tracer provider is built: that would
                    // make start-up wait for (or fail with) the first connection to Redis.
                    .AddRedisInstrumentation(serviceKey: RedisInstrumentationKey);
                if (!export.Enabled)
                {
                    // Nothing would receive the spans: sampling none keeps every span unrecorded (no tags,
                    // no processors run). ASP.NET Core still creates its request Activity, so an incoming
                    // traceparent still becomes the traceId in problems and in log scopes.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            });

        if (export.Enabled)
        {
            otel.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
            // One call for all three signals; it reads OTEL_EXPORTER_OTLP_* (endpoint, protocol,
            // headers, timeout, per-signal overrides) from configuration itself.
            otel.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// Explicit bucket boundaries through OpenTelemetry views, one place for the three request-scale
    /// histograms (views override the instruments' own advice). Not exponential histograms: the Prometheus
    /// exporter writes the text format, which has none. Also drops ASP.NET Core's
    /// <c>http.server.active_requests</c>: it counts every request from the moment it arrives, the scrape
    /// reading it included (so an idle service read 1); <c>readiness.requests.active</c> replaces it.
    /// </summary>
    private static MeterProviderBuilder AddViews(this MeterProviderBuilder metrics)
    {
        foreach (var name in RequestScaleHistograms)
        {
            metrics.AddView(name, new ExplicitBucketHistogramConfiguration { Boundaries = RequestDurationBuckets });
        }
        return metrics.AddView("http.server.active_requests", MetricStreamConfiguration.Drop);
    }

    /// <summary>
    /// Counts users' requests in flight (<c>readiness.requests.active</c>), leaving out probes and scrapes.
    /// Hand-written because ASP.NET Core's <c>http.server.active_requests</c> counts each request as it arrives,
    /// before anything knows its path, and has no way to leave one out. First in the pipeline, so that every
    /// request is counted for as long as the service works on it.
    /// </summary>
    public static WebApplication UseTelemetry(this WebApplication app)
    {
        var telemetry = app.Services.GetRequiredService<ReadinessTelemetry>();
        app.Use(async (context, next) =>
        {
            if (IsProbeOrScrape(context))
            {
                await next(context);
                return;
            }
            telemetry.RequestStarted();
            try
            {
                await next(context);
            }
            finally
            {
                telemetry.RequestEnded();
            }
        });
        return app;
    }

    /// <summary>Maps the Prometheus scrape endpoint (text exposition format) at <c>/metrics</c>.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .DisableHttpMetrics()
            .ExcludeFromDescription()
            // Scrapers carry no API key; who may reach the port is the network policy's business.
            .AllowAnonymous()
            .DisableRateLimiting();

        var export = app.Services.GetRequiredService<OtlpExport>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelemetryExtensions).FullName!);
        if (export.Enabled)
        {
            Log.OtlpExportOn(logger, export.Target, export.Protocol);
        }
        else
        {
            Log.OtlpExportOff(logger, MetricsPath);
        }
        return app;
    }

    /// <summary>
    /// Probes and scrapes are neither traced nor counted in flight: they arrive every few seconds and say
    /// nothing about users' requests.
    /// </summary>
    internal static bool IsProbeOrScrape(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
    }

    private static void ConfigureLogging(IHostApplicationBuilder builder)
    {
        // Trace and span ids in every log scope, so a console line can be found from a trace and back.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // One JSON object per line outside Development (what log collectors parse), unless configured
        // otherwise under Logging:Console:FormatterName.
        if (!builder.Environment.IsDevelopment() && builder.Configuration["Logging:Console:FormatterName"] is null)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new() { Indented = false };
            });
        }
    }
}
