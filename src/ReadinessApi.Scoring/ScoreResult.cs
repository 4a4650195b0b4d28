namespace ReadinessApi.Scoring;

/// <summary>A score and its whole explanation. <see cref="Nodes"/> is indexed like <see cref="Methodology.Nodes"/>.</summary>
public sealed class ScoreResult
{
    internal ScoreResult(Methodology methodology, NodeScore[] nodes)
    {
        Methodology = methodology;
        Nodes = nodes;
    }

    public Methodology Methodology { get; }
    public NodeScore[] Nodes { get; }
    /// <summary>The aggregated 0–100 value before any cohort rescale; NaN when coverage was too low.</summary>
    public double RawScore { get; internal set; } = double.NaN;
    /// <summary>On the methodology's published scale, rescaled over the cohort when one was given; null when not computed.</summary>
    public double? Score { get; internal set; }
    /// <summary>True when the methodology asks for a cohort rescale and one was applied.</summary>
    public bool Rescaled { get; internal set; }
    public double Coverage => Nodes[0].Coverage;
    /// <summary>The highest nodes without any data (<see cref="CoverageReport.Missing"/>).</summary>
    public IReadOnlyList<string> Missing { get; internal set; } = [];
    /// <summary>Index into the methodology's tiers, −1 when none applies.</summary>
    public int TierIndex { get; internal set; } = -1;
    public string? Tier => TierIndex >= 0 ? Methodology.Document.Tiers[TierIndex].Label : null;
    /// <summary>The pillar (node index) whose one-point improvement raises the score most; −1 when none can.</summary>
    public int Bottleneck { get; internal set; } = -1;
    public string? NextTier { get; internal set; }
    /// <summary>Points (on the bottleneck pillar's 0–100 scale) that pillar must gain to reach <see cref="NextTier"/>; null when it cannot alone.</summary>
    public double? PointsToNextTier { get; internal set; }
}
