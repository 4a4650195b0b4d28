using System.Net;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Health;

/// <summary>
/// Settings are checked at start-up: one the service does not have is refused by name instead of being
/// ignored while its default silently applies. The Kubernetes settings file is held to the same rule.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SettingsTests(ApiHost host)
{
    [Theory]
    [InlineData("Cache:RankingTtl", "00:10:00", "RankingTtl")]
    [InlineData("Batch:MaxRow", "10", "MaxRow")]
    [InlineData("Limits:MaxBodySize", "1024", "MaxBodySize")]
    [InlineData("Sensitivity:MaxDraws", "0", "MaxDraws")]
    public async Task Start_AnUnknownOrOutOfRangeSetting_StopsNamingIt(string key, string value, string named)
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(named, Flatten(error));
    }

    [Fact]
    public async Task Start_WithTheKubernetesSettings_ServesAndIsReady()
    {
        // k8s/app/readiness-api.env as the pod gets it (Section__Key is Section:Key), minus what only the pod has.
        var file = Path.Combine(RepositoryRoot.Path, "k8s", "app", "readiness-api.env");
        var settings = File.ReadAllLines(file)
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('='))
            .Select(line => line.Split('=', 2))
            .Where(kv => kv[0].Contains("__", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0].Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv[1]);
        Assert.Contains("Cache:RedisTimeout", settings.Keys);
        settings["Cohorts:Directory"] = CohortFolders.Shared;

        await using var factory = new ApiFactory(host.Redis).WithSettings(settings);
        var ready = await factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
