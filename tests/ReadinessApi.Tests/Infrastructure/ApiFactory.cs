using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Tests.Telemetry;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// The real service pipeline in memory, wired to the shared real Redis. Tests that need other settings
/// derive a factory with <see cref="WithSettings"/>.
/// </summary>
public class ApiFactory(RedisFixture redis) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["ConnectionStrings:Redis"] = redis.ConnectionString,
        // The suite sends thousands of requests from one client; rate limits get their own tests.
        ["RateLimiting:Enabled"] = "false",
    };

    public RedisFixture Redis => redis;

    public ApiFactory WithSettings(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Meters must outlive each host, or disposing one test host empties the others' /metrics.
        builder.ConfigureTestServices(services => services.AddSingleton<IMeterFactory, UndisposedMeterFactory>());
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
