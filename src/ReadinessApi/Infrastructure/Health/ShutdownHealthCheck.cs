using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReadinessApi.Infrastructure.Health;

/// <summary>Unready from the moment shutdown begins, so the load balancer stops sending new requests while in-flight ones finish.</summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("Shutting down.")
            : HealthCheckResult.Healthy());
}
