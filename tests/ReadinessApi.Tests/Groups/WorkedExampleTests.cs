using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReadinessApi.Scoring;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Groups;

/// <summary>
/// The README's worked example, "where does Russia stand?", as a fresh clone runs it: the service with nothing
/// mounted, serving its built-in <c>open-readiness</c> cohort and World Bank groups. The same requests the README
/// sends; every number derived here from the data (the cohort's ranking, the group's members, the methodology's
/// tiers and the explanation's effective weights), then found in the README as the service prints it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WorkedExampleTests(ApiHost host, ITestOutputHelper output)
{
    private const string Cohort = "open-readiness";

    private sealed record Entry(string Country, int? Rank, double? Score);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<Entry> Entries(JsonElement ranking) =>
        [.. ranking.EnumerateArray().Select(e => new Entry(e.GetProperty("country").GetString()!,
            e.TryGetProperty("rank", out var rank) && rank.ValueKind == JsonValueKind.Number ? rank.GetInt32() : null,
            e.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : null))];

    private static string N(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Russia_InTheOpenCohort_RankOverallAndInBrics_TheBottleneck_AndWhatClosingItChanges()
    {
        // Nothing mounted: the built-in reference data only, as `dotnet run` on a fresh clone.
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = "", ["Cohorts:BuiltIn"] = "true" });
        var client = factory.CreateClient();
        Task<HttpResponseMessage> Post(string url, JsonNode body) =>
            client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        // The peer groups: the embedded BRICS, and the built-in World Bank groups.
        var groups = (await JsonAsync(await client.GetAsync("/v1/groups"))).EnumerateArray()
            .ToDictionary(g => g.GetProperty("id").GetString()!, g => g.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToHashSet());
        var brics = groups["brics"];
        Assert.Subset(brics, new HashSet<string> { "BRA", "RUS", "IND", "CHN", "ZAF" });
        Assert.Contains("RUS", groups["wb-region-ecs"]);
        Assert.Contains(groups.Keys, id => id.StartsWith("wb-income-", StringComparison.Ordinal));

        // Russia's inputs as the cohort holds them (GET /v1/cohorts/open-readiness).
        var members = (await JsonAsync(await client.GetAsync($"/v1/cohorts/{Cohort}"))).GetProperty("members");
        var inputs = JsonNode.Parse(members.EnumerateArray().Single(m => m.GetProperty("country").GetString() == "RUS").GetProperty("inputs").GetRawText())!;

        // Rank overall and within BRICS, counted from the whole cohort's ranking.
        var all = Entries(await JsonAsync(await client.GetAsync($"/v1/cohorts/{Cohort}/ranking")));
        var ranked = all.Where(e => e.Rank is not null).ToList();
        var rus = ranked.Single(e => e.Country == "RUS");
        double rusKey = Ranking.Key(rus.Score!.Value);
        int overall = 1 + ranked.Count(e => Ranking.Key(e.Score!.Value) > rusKey);
        var bricsRanked = ranked.Where(e => brics.Contains(e.Country)).ToList();
        int inBrics = 1 + bricsRanked.Count(e => Ranking.Key(e.Score!.Value) > rusKey);
        Assert.Equal(overall, rus.Rank);

        // GET /v1/cohorts/open-readiness/ranking?group=brics (JSON and SVG): the cohort's BRICS members among themselves.
        var within = Entries(await JsonAsync(await client.GetAsync($"/v1/cohorts/{Cohort}/ranking?group=brics")));
        Assert.Equal(bricsRanked.Select(e => e.Country), within.Where(e => e.Rank is not null).Select(e => e.Country));
        Assert.Equal(inBrics, within.Single(e => e.Country == "RUS").Rank);
        var svg = await client.GetStringAsync($"/v1/cohorts/{Cohort}/ranking?group=brics&format=svg");
        Assert.Contains("ranking within BRICS members", svg);
        Assert.Contains($"{inBrics}. Russian Federation (RUS)", svg);

        // POST /v1/scores with cohort and group: the README's first request.
        var score = await JsonAsync(await Post("/v1/scores", new JsonObject
        {
            ["country"] = "RUS", ["cohort"] = Cohort, ["group"] = "brics", ["inputs"] = inputs.DeepClone(),
        }));
        Assert.Equal(rus.Score!.Value, score.GetProperty("score").GetDouble(), 9);
        Assert.Equal(inBrics, score.GetProperty("rank").GetInt32());
        Assert.Equal(bricsRanked.Count, score.GetProperty("groupSize").GetInt32());
        Assert.Equal(ranked.Count, score.GetProperty("cohortSize").GetInt32());
        Assert.Equal((double)bricsRanked.Count(e => Ranking.Key(e.Score!.Value) < rusKey) / bricsRanked.Count, score.GetProperty("percentile").GetDouble(), 12);
        var alone = await JsonAsync(await Post("/v1/scores", new JsonObject { ["country"] = "RUS", ["cohort"] = Cohort, ["inputs"] = inputs.DeepClone() }));
        Assert.Equal(overall, alone.GetProperty("rank").GetInt32());

        // The bottleneck (arithmetic root: the largest effective weight among pillars below 100, the first on a tie)
        // and the points it needs alone to reach the next tier (the methodology's next threshold).
        var pillars = score.GetProperty("pillars").EnumerateArray().Where(p => p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number).ToList();
        var open = pillars.Where(p => p.GetProperty("normalized").GetDouble() < 100).ToList();
        double top = open.Max(p => p.GetProperty("effectiveWeight").GetDouble());
        var bottleneck = open.First(p => p.GetProperty("effectiveWeight").GetDouble() >= top - 1e-12);
        string bottleneckId = bottleneck.GetProperty("id").GetString()!;
        Assert.Equal(bottleneckId, score.GetProperty("bottleneck").GetString());
        var tiers = (await JsonAsync(await client.GetAsync("/v1/methodologies/readiness-v1"))).GetProperty("methodology").GetProperty("tiers").EnumerateArray()
            .Select(t => (Label: t.GetProperty("label").GetString()!, Min: t.GetProperty("min").GetDouble())).ToList();
        double rusScore = score.GetProperty("score").GetDouble();
        var next = tiers.Where(t => t.Min > rusScore).MinBy(t => t.Min);
        Assert.Equal(next.Label, score.GetProperty("nextTier").GetString());
        double points = (next.Min - rusScore) / bottleneck.GetProperty("effectiveWeight").GetDouble();
        Assert.Equal(points, score.GetProperty("pointsToNextTier").GetDouble(), 9);

        // POST /v1/scores/compare: the bottleneck pillar raised by those points, and accelerator access at 50
        // (a Tier 2 licence instead of Tier 3), both ranked within BRICS.
        // The target as the README's jq builds it: the answer's value plus its pointsToNextTier, as written.
        double target = bottleneck.GetProperty("value").GetDouble() + score.GetProperty("pointsToNextTier").GetDouble();
        var accelerator = FindNode(score.GetProperty("pillars"), "acceleratorAccess");
        var compare = await JsonAsync(await Post("/v1/scores/compare", new JsonObject
        {
            ["cohort"] = Cohort, ["group"] = "brics",
            ["baseline"] = new JsonObject { ["country"] = "RUS", ["inputs"] = inputs.DeepClone() },
            ["scenarios"] = new JsonArray(
                new JsonObject { ["name"] = "close the bottleneck", ["inputs"] = new JsonObject { [bottleneckId] = target } },
                new JsonObject { ["name"] = "accelerators under a Tier 2 licence", ["inputs"] = new JsonObject { ["acceleratorAccess"] = 50 } }),
        }));
        Assert.Equal(inBrics, compare.GetProperty("baseline").GetProperty("rank").GetInt32());
        var closed = compare.GetProperty("scenarios")[0];
        double closedScore = closed.GetProperty("result").GetProperty("score").GetDouble();
        Assert.Equal(next.Min, closedScore, 6);
        Assert.Equal(next.Label, closed.GetProperty("result").GetProperty("tier").GetString());
        Assert.True(closed.GetProperty("tierChanged").GetBoolean());
        int closedRank = 1 + bricsRanked.Count(e => e.Country != "RUS" && Ranking.Key(e.Score!.Value) > Ranking.Key(closedScore));
        Assert.Equal(closedRank, closed.GetProperty("result").GetProperty("rank").GetInt32());
        Assert.Equal(closedRank - inBrics, closed.GetProperty("rankDelta").GetInt32());
        var chips = compare.GetProperty("scenarios")[1];
        double chipsDelta = (50 - accelerator.GetProperty("value").GetDouble()) * accelerator.GetProperty("effectiveWeight").GetDouble();
        Assert.Equal(chipsDelta, chips.GetProperty("scoreDelta").GetDouble(), 9);

        // POST /v1/sensitivity: how firm the BRICS rank is under perturbed weights and either aggregation rule.
        var sensitivity = await JsonAsync(await Post("/v1/sensitivity", new JsonObject
        {
            ["cohort"] = Cohort, ["group"] = "brics", ["draws"] = 2000, ["aggregations"] = new JsonArray("arithmetic", "geometric"), ["seed"] = 42,
        }));
        var firm = sensitivity.GetProperty("countries").EnumerateArray().Single(c => c.GetProperty("country").GetString() == "RUS");
        Assert.Equal(inBrics, firm.GetProperty("rank").GetInt32());
        Assert.InRange(firm.GetProperty("medianRank").GetDouble(), firm.GetProperty("p5Rank").GetDouble(), firm.GetProperty("p95Rank").GetDouble());

        output.WriteLine($"RUS in {Cohort}: score {N(rusScore)} ({score.GetProperty("tier").GetString()}), rank {overall} of {ranked.Count}, " +
            $"{inBrics} of {bricsRanked.Count} in BRICS; bottleneck {bottleneckId}, +{N(points)} points to {next.Label}; " +
            $"closing it: {N(closedScore)}, BRICS rank {closedRank}; accelerators at 50: +{N(chipsDelta)}; sensitivity {firm.GetRawText()}.");

        // The README shows these numbers as the service prints them (and says them in words).
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        int start = readme.IndexOf("## Worked example: where does Russia stand?", StringComparison.Ordinal);
        string section = readme[start..readme.IndexOf("\n## ", start + 10, StringComparison.Ordinal)];
        string Raw(JsonElement e, string property) => e.GetProperty(property).GetRawText();
        Assert.Contains($"Rank overall: {Ordinal(overall)} of the {ranked.Count} members that can be ranked", section);
        Assert.Contains($"Among BRICS: {Ordinal(inBrics)} of {bricsRanked.Count}", section);
        Assert.Contains($"{{\"rank\":{overall},\"country\":\"RUS\",\"name\":\"Russian Federation\",\"score\":{Raw(score, "score")},", section);
        Assert.Contains($"\"bottleneck\": \"{bottleneckId}\"", section);
        Assert.Contains($"\"pointsToNextTier\": {Raw(score, "pointsToNextTier")}", section);
        Assert.Contains($"\"rank\":{closedRank},\"scoreDelta\":{Raw(closed, "scoreDelta")}", section);
        Assert.Contains($"\"scoreDelta\":{Raw(chips, "scoreDelta")}", section);
        Assert.Contains($"{{\"rank\":{inBrics},\"medianRank\":{Raw(firm, "medianRank")},\"p5Rank\":{Raw(firm, "p5Rank")},\"p95Rank\":{Raw(firm, "p95Rank")}}}", section);
        Assert.Contains($"{{\"meanRankShift\":{Raw(sensitivity, "meanRankShift")}}}", section);
    }

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>A node of the explanation tree by id, at any depth.</summary>
    private static JsonElement FindNode(JsonElement nodes, string id)
    {
        foreach (var node in nodes.EnumerateArray())
        {
            if (node.GetProperty("id").GetString() == id)
            {
                return node;
            }
            if (node.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array
                && FindNode(children, id) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
        }
        return default;
    }
}
