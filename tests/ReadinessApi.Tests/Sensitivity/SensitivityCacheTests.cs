using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Sensitivity;

namespace ReadinessApi.Tests.Sensitivity;

/// <summary>The one cache call of the sensitivity endpoint: compute once per key, and stop when nobody waits.</summary>
public sealed class SensitivityCacheTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();

    private HybridCache Cache => _services.GetRequiredService<HybridCache>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task GetOrCompute_ConcurrentCallers_ComputeOnceAndOnlyTheFirstMisses()
    {
        int computed = 0;
        using var release = new ManualResetEventSlim();
        int Compute(CancellationToken token)
        {
            Interlocked.Increment(ref computed);
            release.Wait(token);
            return 42;
        }

        var calls = Enumerable.Range(0, 5)
            .Select(_ => Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, "k1", TimeSpan.FromMinutes(1), Compute, CancellationToken.None)))
            .ToArray();
        await Task.Delay(200);
        release.Set();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, computed);
        Assert.All(results, r => Assert.Equal(42, r.Value));
        Assert.Equal(1, results.Count(r => !r.Hit));
        Assert.True((await SensitivityEndpoints.GetOrComputeAsync(Cache, "k1", TimeSpan.FromMinutes(1), Compute, CancellationToken.None)).Hit);
    }

    [Fact]
    public async Task GetOrCompute_OnlyCallerGoesAway_TheComputationIsCancelledAndNothingCached()
    {
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        using var caller = new CancellationTokenSource();
        int Compute(CancellationToken token)
        {
            started.TrySetResult();
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
            if (token.IsCancellationRequested)
            {
                cancelled.TrySetResult();
            }
            token.ThrowIfCancellationRequested();
            return 1;
        }

        var call = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, "k2", TimeSpan.FromMinutes(1), Compute, caller.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var next = await SensitivityEndpoints.GetOrComputeAsync(Cache, "k2", TimeSpan.FromMinutes(1), _ => 2, CancellationToken.None);
        Assert.Equal((2, false), next);
    }

    [Fact]
    public async Task GetOrCompute_OneOfTwoCallersGoesAway_TheComputationGoesOnForTheOther()
    {
        using var first = new CancellationTokenSource();
        using var release = new ManualResetEventSlim();
        var started = new TaskCompletionSource();
        int Compute(CancellationToken token)
        {
            started.TrySetResult();
            release.Wait(token);
            return 7;
        }

        var leaving = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, "k3", TimeSpan.FromMinutes(1), Compute, first.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var staying = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, "k3", TimeSpan.FromMinutes(1), Compute, CancellationToken.None));
        await Task.Delay(300);
        first.Cancel();
        // Long enough for a wrongly cancelled computation to give up before it is released.
        await Task.Delay(200);
        release.Set();

        // The one that left may see the result or its cancellation, depending on which came first.
        Assert.Equal(7, (await staying).Value);
        await Task.WhenAny(leaving);
    }
}
