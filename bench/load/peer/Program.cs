// The load test's fair peer: POST /v1/scores as a user would write it without this service. It binds the
// request, takes readiness-v1's weighted arithmetic mean over the pillars given, and answers a DTO of the
// service's answer shape (country, methodology, score, tier, pillars with their sub-pillars, contributions,
// bottleneck, next tier) serialised by System.Text.Json with the framework's defaults. bench/load/throughput.sh
// checks that the answer has the service's fields and score.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
var app = builder.Build();

app.MapPost("/v1/scores", (ScoreRequest request) => Readiness.Score(request));
app.MapGet("/health/live", () => "Healthy");

app.Run();

internal static class Readiness
{
    private static readonly MethodologyRef Methodology = new("readiness-v1", "1.0.0", "db02a0858b3795f3c926abba1b5d7bd2b83863b1a4f69f6c6a63b7a0351c341c");

    // readiness-v1's pillars and sub-pillars (src/ReadinessApi.Scoring/Methodologies/readiness-v1.json), hard-coded.
    private static readonly Pillar[] Pillars =
    [
        new("innovation", "Innovation", 0.3, [("research", "Research", 5), ("development", "Development", 3)]),
        new("implementation", "Implementation", 0.3, [("talent", "Talent", 5), ("infrastructure", "Infrastructure", 3), ("operatingEnvironment", "Operating environment", 2)]),
        new("investment", "Investment", 0.2, [("governmentStrategy", "Government strategy", 1), ("commercial", "Commercial", 5)]),
        new("computeAccess", "Compute access", 0.2, [("computeCapacity", "Compute capacity", 1), ("acceleratorAccess", "Accelerator access", 1), ("cloudAccess", "Cloud access", 1)]),
    ];

    private static readonly (string Label, double Min)[] Tiers = [("leader", 70), ("advanced", 50), ("emerging", 30), ("nascent", 0)];

    public static ScoreResponse Score(ScoreRequest request)
    {
        double weights = 0, sum = 0;
        foreach (var pillar in Pillars)
        {
            if (request.Inputs.TryGetValue(pillar.Id, out var value))
            {
                weights += pillar.Weight;
                sum += pillar.Weight * value;
            }
        }
        double score = weights > 0 ? sum / weights : 0;
        var pillars = new List<PillarResult>(Pillars.Length);
        var contributions = new Dictionary<string, double>(Pillars.Length);
        var missing = new List<string>();
        string? bottleneck = null;
        double widestGap = -1;
        foreach (var pillar in Pillars)
        {
            bool given = request.Inputs.TryGetValue(pillar.Id, out var value);
            double effective = given ? pillar.Weight / weights : 0;
            double contribution = given ? effective * value : 0;
            contributions[pillar.Id] = contribution;
            if (!given)
            {
                missing.Add(pillar.Id);
            }
            else if (effective * (100 - value) > widestGap)
            {
                widestGap = effective * (100 - value);
                bottleneck = pillar.Id;
            }
            double childWeights = pillar.Children.Sum(c => c.Weight);
            pillars.Add(new PillarResult(pillar.Id, pillar.Name, given ? value : null, given ? value : null, pillar.Weight, effective, contribution,
                given ? 1 : 0, [given ? "given" : "missing"],
                [.. pillar.Children.Select(c => new SubPillarResult(c.Id, c.Name, c.Weight / childWeights, 0, 0, 0, ["superseded"]))]));
        }
        int tier = Array.FindIndex(Tiers, t => score >= t.Min);
        string? nextTier = tier > 0 ? Tiers[tier - 1].Label : null;
        double? pointsToNextTier = tier > 0 && bottleneck is not null
            ? (Tiers[tier - 1].Min - score) / (Pillars.First(p => p.Id == bottleneck).Weight / weights)
            : null;
        return new ScoreResponse(request.Country, request.Year ?? 2024, Methodology, score, Tiers[tier].Label, weights / Pillars.Sum(p => p.Weight),
            missing, pillars, contributions, bottleneck, nextTier, pointsToNextTier, false, []);
    }
}

internal sealed record Pillar(string Id, string Name, double Weight, (string Id, string Name, double Weight)[] Children);

internal sealed record MethodologyRef(string Id, string Version, string Hash);

internal sealed record SubPillarResult(string Id, string Name, double Weight, double EffectiveWeight, double Contribution, double Coverage, string[] Flags);

internal sealed record PillarResult(string Id, string Name, double? Value, double? Normalized, double Weight, double EffectiveWeight, double Contribution,
    double Coverage, string[] Flags, SubPillarResult[] Children);

internal sealed record ScoreResponse(string Country, int Year, MethodologyRef Methodology, double Score, string Tier, double Coverage, List<string> Missing,
    List<PillarResult> Pillars, Dictionary<string, double> Contributions, string? Bottleneck, string? NextTier, double? PointsToNextTier,
    bool Rescaled, string[] Notes);
