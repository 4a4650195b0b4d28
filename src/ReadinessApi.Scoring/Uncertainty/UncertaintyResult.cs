namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>The outcome of <see cref="UncertaintyAnalysis.Run"/>.</summary>
public sealed class UncertaintyResult
{
    internal UncertaintyResult(IReadOnlyList<CountryUncertainty> countries, double meanRankShift, int draws, int ranked)
    {
        Countries = countries;
        MeanRankShift = meanRankShift;
        Draws = draws;
        Ranked = ranked;
    }

    /// <summary>One entry per input row, in input order (unranked rows included).</summary>
    public IReadOnlyList<CountryUncertainty> Countries { get; }

    /// <summary>R_S: the mean over countries and draws of |nominal rank − draw rank| (0 when nothing was ranked).</summary>
    public double MeanRankShift { get; }

    public int Draws { get; }

    /// <summary>How many rows had a nominal score and so took part in the ranking.</summary>
    public int Ranked { get; }
}
