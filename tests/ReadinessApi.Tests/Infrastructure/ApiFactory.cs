using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        // The hand-made cohorts, plus the published ones converted from ../shared/data where it exists.
        ["Cohorts:Directory"] = CohortFolders.Shared,
        // Hand-made data only, so that a test's expectations do not move with the shipped reference data; the tests
        // of the built-in cohort and groups (WorkedExampleTests, CohortStartupTests) switch it back on.
        ["Cohorts:BuiltIn"] = "false",
        // The suite sends thousands of requests from one client; rate limits get their own tests.
        ["RateLimiting:Enabled"] = "false",
    };

    private readonly List<ILoggerProvider> _loggers = [];

    public RedisFixture Redis => redis;

    public ApiFactory WithSettings(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        return this;
    }

    private readonly List<Action<IServiceCollection>> _services = [];

    /// <summary>Changes the host's services after the service registered its own (e.g. a test double).</summary>
    public ApiFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Also sends the host's logs to <paramref name="provider"/> (e.g. a <see cref="LogCollector"/>).</summary>
    public ApiFactory WithLogger(ILoggerProvider provider)
    {
        _loggers.Add(provider);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Meters must outlive each host, or disposing one test host empties the others' /metrics.
        builder.ConfigureTestServices(services => services.AddSingleton<IMeterFactory, UndisposedMeterFactory>());
        foreach (var provider in _loggers)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(provider));
        }
        foreach (var configure in _services)
        {
            builder.ConfigureTestServices(configure);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
