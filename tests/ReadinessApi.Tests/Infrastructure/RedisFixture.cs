using DotNet.Testcontainers.Configurations;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// A real Redis for the whole test run: a Testcontainers container where a Docker engine answers, else
/// the <c>redis-server</c> that scripts/test.sh started (REDIS_CONNECTION), else a loud failure. Never a
/// silent skip: a green run without Redis would hide broken caching.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisContainer? _container;

    public string ConnectionString { get; private set; } = "";
    /// <summary>How the Redis was obtained, for test output.</summary>
    public string Source { get; private set; } = "";
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("REDIS_CONNECTION") is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            Source = $"REDIS_CONNECTION={configured}";
        }
        else if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            _container = new RedisBuilder("redis:7-alpine").Build();
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
            Source = "Testcontainers";
        }
        else
        {
            throw new InvalidOperationException(
                "No Redis for the integration tests: no Docker engine answers and REDIS_CONNECTION is not set. " +
                "Run the tests with scripts/test.sh (it starts a redis-server), or start one yourself: " +
                "redis-server --port 6390 --save '' --appendonly no --daemonize yes && REDIS_CONNECTION=127.0.0.1:6390 dotnet test");
        }
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
