using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>
/// The ranking endpoint reproduces published indices from the tables in ../shared/data, converted to
/// cohorts at run time (<see cref="CohortFolders"/>). Reported as skipped where the tables are missing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PublishedRankingsTests(ApiHost host)
{
    private async Task<List<JsonElement>> RankingAsync(string url)
    {
        var response = await host.CreateClient().GetAsync(url);
        response.EnsureSuccessStatusCode();
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    /// <summary>Published rows by ISO code: rank (null where unranked) and total.</summary>
    private static Dictionary<string, (int? Rank, double? Total)> Published(string file, string totalColumn)
    {
        var lines = File.ReadAllLines(SharedData.File(file)!);
        var header = lines[0].Split(',');
        int rank = Array.IndexOf(header, "rank"), iso = Array.IndexOf(header, "iso3"), total = Array.IndexOf(header, totalColumn);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(
            f => f[iso],
            f => (f[rank].Length > 0 ? int.Parse(f[rank]) : (int?)null, f[total].Length > 0 ? CohortFolders.Number(f[total]) : (double?)null));
    }

    [SharedDataFact("imf_aipi_2023.csv")]
    public async Task ImfCohort_ReproducesAll165PublishedRanks()
    {
        var published = Published("imf_aipi_2023.csv", "ai_pi");
        var ranking = await RankingAsync("/v1/cohorts/imf-aipi-2023/ranking?methodology=imf-aipi-2023");

        Assert.Equal(174, ranking.Count);
        var ranked = ranking.Where(e => e.TryGetProperty("rank", out _)).ToList();
        Assert.Equal(165, ranked.Count);
        foreach (var entry in ranked)
        {
            var country = entry.GetProperty("country").GetString()!;
            Assert.True(published[country].Rank == entry.GetProperty("rank").GetInt32(), $"{country}: published rank {published[country].Rank}, got {entry}");
            Assert.Equal(published[country].Total!.Value, entry.GetProperty("score").GetDouble(), 1e-12);
        }
        // The 9 economies the IMF publishes no index for are named, with the reason, not dropped.
        var unranked = ranking.Where(e => !e.TryGetProperty("rank", out _)).Select(e => e.GetProperty("country").GetString()).Order().ToList();
        Assert.Equal(published.Where(p => p.Value.Rank is null).Select(p => p.Key).Order(), unranked);
        Assert.All(ranking.Skip(165), e => Assert.Contains("below the minimum 100%", e.GetProperty("unranked").GetString()));
    }

    [SharedDataFact("tortoise_gaii_2021.csv")]
    public async Task GaiiCohort_ReproducesAll62RanksAndTotalsWithin001()
    {
        var published = Published("tortoise_gaii_2021.csv", "total_score");
        // The cohort is written to a temporary cohorts directory from the published table, as a deployment would mount it.
        var (csv, json) = CohortFolders.GaiiCohort()!.Value;
        var dir = CohortFolders.Create(("gaii-2021.csv", csv), ("gaii-2021.json", json));
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = dir });
        var response = await factory.CreateClient().GetAsync("/v1/cohorts/gaii-2021/ranking?methodology=gaii-2021");
        response.EnsureSuccessStatusCode();
        var ranking = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();

        Assert.Equal(62, ranking.Count);
        double worst = 0;
        foreach (var entry in ranking)
        {
            var country = entry.GetProperty("country").GetString()!;
            Assert.True(published[country].Rank == entry.GetProperty("rank").GetInt32(), $"{country}: published rank {published[country].Rank}, got {entry}");
            worst = Math.Max(worst, Math.Abs(published[country].Total!.Value - entry.GetProperty("score").GetDouble()));
        }
        Assert.True(worst < 0.01, $"largest difference from a published total: {worst}");
    }

    [SharedDataFact("imf_aipi_2023.csv")]
    public async Task ScoreAgainstImfCohort_RussiaRanks46Of165()
    {
        // Russia's published dimensions (imf_aipi_2023.source.md): index 0.55922, derived rank 46 of 165.
        var response = await host.CreateClient().PostAsync("/v1/scores", new StringContent("""
            {"country":"RUS","methodology":"imf-aipi-2023","cohort":"imf-aipi-2023",
             "inputs":{"digitalInfrastructure":0.15612,"humanCapital":0.16315,"innovationIntegration":0.12401,"regulationEthics":0.11594}}
            """, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0.55922, body.GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal(46, body.GetProperty("rank").GetInt32());
        Assert.Equal(165, body.GetProperty("cohortSize").GetInt32());
    }
}
