using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Sensitivity;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Sensitivity;

/// <summary>The one cache call of the sensitivity endpoint: compute once per key, and stop when nobody waits.</summary>
public sealed class SensitivityCacheTests : IDisposable
{
    private readonly ServiceProvider _services = TestCaches.InMemory();

    private ResultCache Cache => _services.GetRequiredService<ResultCache>();

    private static CacheKey Key(string name) => CacheKey.For("sensitivity").Add(name);

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
            .Select(_ => Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k1"), TimeSpan.FromMinutes(1), Compute, CancellationToken.None)))
            .ToArray();
        await Task.Delay(200);
        release.Set();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, computed);
        Assert.All(results, r => Assert.Equal(42, r.Value));
        Assert.Equal(1, results.Count(r => r.Outcome == CacheOutcome.Miss));
        Assert.Equal(CacheOutcome.Hit, (await SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k1"), TimeSpan.FromMinutes(1), Compute, CancellationToken.None)).Outcome);
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

        var call = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k2"), TimeSpan.FromMinutes(1), Compute, caller.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var next = await SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k2"), TimeSpan.FromMinutes(1), _ => 2, CancellationToken.None);
        Assert.Equal(new CacheResult<int>(2, CacheOutcome.Miss), next);
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

        var leaving = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k3"), TimeSpan.FromMinutes(1), Compute, first.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var staying = Task.Run(() => SensitivityEndpoints.GetOrComputeAsync(Cache, Key("k3"), TimeSpan.FromMinutes(1), Compute, CancellationToken.None));
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
