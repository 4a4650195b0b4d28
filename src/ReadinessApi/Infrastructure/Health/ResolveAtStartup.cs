namespace ReadinessApi.Infrastructure.Health;

/// <summary>
/// Resolves <typeparamref name="T"/> while the host starts, so that reference data it loads (cohorts, peer
/// groups) that is malformed stops start-up with its message instead of failing the first request needing it.
/// </summary>
public sealed class ResolveAtStartup<T>(IServiceProvider services) : IHostedService where T : notnull
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<T>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
