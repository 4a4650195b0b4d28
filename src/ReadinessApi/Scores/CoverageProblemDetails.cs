using Microsoft.AspNetCore.Mvc;

namespace ReadinessApi.Scores;

/// <summary>
/// The 422 problem when the inputs cover less of the methodology than its minimum: how much they cover,
/// what is needed, and what to add (the shape ScoresEndpoints.InsufficientCoverage writes).
/// </summary>
public sealed class CoverageProblemDetails : ProblemDetails
{
    /// <summary>Share (0–1) of the methodology's weight that had data.</summary>
    public required double Coverage { get; init; }

    /// <summary>The methodology's minimum share (0–1), at every level of its tree.</summary>
    public required double MinCoverage { get; init; }

    /// <summary>The highest nodes that had no data: add values for them.</summary>
    public required IReadOnlyList<string> Missing { get; init; }
}
