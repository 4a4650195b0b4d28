using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.RateLimits;

/// <summary>
/// One instance of the service on real Kestrel (a free loopback port), as a replica behind the ingress
/// would be: requests reach it over a socket from 127.0.0.1, so forwarded headers and per-peer identity
/// are what production sees.
/// </summary>
public sealed class Replica : IAsyncDisposable
{
    private readonly ApiFactory _factory;

    private Replica(ApiFactory factory, Uri address)
    {
        _factory = factory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static Replica Start(RedisFixture sharedRedis, IDictionary<string, string?> settings, LogCollector? logs = null)
    {
        var factory = new ApiFactory(sharedRedis).WithSettings(settings);
        if (logs is not null)
        {
            factory.WithLogger(logs);
        }
        factory.UseKestrel(0);
        factory.StartServer();
        return new Replica(factory, factory.CreateClient().BaseAddress!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}
