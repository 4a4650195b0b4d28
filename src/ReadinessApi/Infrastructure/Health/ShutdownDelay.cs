namespace ReadinessApi.Infrastructure.Health;

/// <summary>
/// Stop being ready, then drain: on SIGTERM the host signals ApplicationStopping (so <c>/health/ready</c>
/// answers 503) and runs this before any hosted service stops, so Kestrel keeps serving for
/// <c>Shutdown:Delay</c> while load balancers that poll readiness take the instance out; then Kestrel stops
/// accepting and in-flight requests finish within what is left of <c>Shutdown:Timeout</c>. Zero by default:
/// in Kubernetes the preStop pause does this job before SIGTERM is sent.
/// </summary>
internal sealed class ShutdownDelay(TimeSpan delay) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            // Cut short, not failed, when the shutdown timeout runs out first.
            await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
