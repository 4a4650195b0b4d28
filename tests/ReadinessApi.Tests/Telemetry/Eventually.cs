namespace ReadinessApi.Tests.Telemetry;

/// <summary>Telemetry leaves the request path asynchronously (a server span ends after the response; exporters batch).</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value, calling <paramref name="nudge"/> (e.g. a force-flush) between tries.</summary>
    public static Task<T> GetAsync<T>(Func<T?> probe, string what, Action? nudge = null, TimeSpan? timeout = null) where T : class =>
        GetAsync(() => Task.FromResult(probe()), what, nudge, timeout);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, Action? nudge = null, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            nudge?.Invoke();
            await Task.Delay(50);
        }
    }
}
