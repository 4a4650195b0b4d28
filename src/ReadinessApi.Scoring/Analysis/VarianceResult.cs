namespace ReadinessApi.Scoring.Analysis;

/// <summary>One uncertain assumption of a variance-based sensitivity analysis.</summary>
/// <param name="Name">The factor's name: a node id for its weight, or aggregation, normalisation, missingData.</param>
/// <param name="Kind">weight, aggregation, normalisation or missingData.</param>
/// <param name="Alternatives">What the factor ranges over, in words.</param>
public sealed record VarianceFactor(string Name, string Kind, string Alternatives);

/// <summary>Sobol indices of every factor for one output.</summary>
/// <param name="Output">What was measured: <c>meanRankShift</c>, or <c>rank:&lt;country&gt;</c>.</param>
/// <param name="Variance">The output's variance over the runs (0: nothing moved it, and every index is 0).</param>
/// <param name="Indices">Per factor, in the order of <see cref="VarianceResult.Factors"/>.</param>
public sealed record SobolTarget(string Output, double Mean, double Variance, IReadOnlyList<SobolIndex> Indices);

/// <summary>The outcome of <see cref="VarianceAnalysis.Run"/>.</summary>
/// <param name="Members">Indices of the rows that took part: those with a nominal score.</param>
/// <param name="NominalRanks">Each member's rank under the methodology as published (goalposts, re-weighting, its weights and rule).</param>
/// <param name="Runs">Model evaluations: N·(d + 2).</param>
/// <param name="Country">The per-country target's result, when one was asked for.</param>
public sealed record VarianceResult(IReadOnlyList<VarianceFactor> Factors, IReadOnlyList<int> Members, IReadOnlyList<int> NominalRanks, int Runs,
    SobolTarget MeanRankShift, SobolTarget? Country);
