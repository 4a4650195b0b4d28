using ReadinessApi.Scoring;

namespace ReadinessApi.Methodologies;

/// <summary>A methodology in the list: enough to pick one and to recognise its exact version.</summary>
public sealed record MethodologySummary(string Id, string Version, string Title, string Hash, string? Description)
{
    public static MethodologySummary Of(Methodology m) => new(m.Id, m.Version, m.Title, m.Hash, m.Document.Description);
}

/// <summary>The whole methodology document (tree, weights, rules, goalposts, tiers) and its hash.</summary>
public sealed record MethodologyResponse(string Hash, MethodologyDocument Methodology);
