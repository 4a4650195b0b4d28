using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReadinessApi.Infrastructure.Health;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [ReadyTag]);
        // In-flight requests (a streaming batch among them) get this long after SIGTERM; the pod's
        // terminationGracePeriodSeconds covers the preStop pause plus this (the deploy checks keep them in step).
        var timeout = builder.Configuration.GetValue("Shutdown:Timeout", TimeSpan.FromSeconds(25));
        var delay = builder.Configuration.GetValue("Shutdown:Delay", TimeSpan.Zero);
        if (delay < TimeSpan.Zero || delay >= timeout)
        {
            throw new InvalidOperationException($"Shutdown:Delay ({delay}) must be at least zero and less than Shutdown:Timeout ({timeout}): the drain happens within the timeout.");
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        // Unready but still serving for Shutdown:Delay after SIGTERM, then drain (ShutdownDelay).
        builder.Services.AddHostedService(_ => new ShutdownDelay(delay));
        return builder;
    }

    /// <summary>
    /// Liveness runs no checks (a dependency outage must not get pods restarted); readiness runs the
    /// ready-tagged checks, where Redis down is Degraded (200: the service still scores without its cache).
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .ExcludeFromDescription()
            .AllowAnonymous()
            .DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
