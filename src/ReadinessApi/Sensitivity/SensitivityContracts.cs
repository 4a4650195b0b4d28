using System.ComponentModel;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;

namespace ReadinessApi.Sensitivity;

/// <summary>A Monte Carlo uncertainty analysis of a ranking: a reference cohort, or inline items.</summary>
/// <param name="Methodology">Methodology id; defaults to <c>readiness-v1</c>.</param>
/// <param name="Cohort">A reference cohort to analyse (give this or <c>items</c>).</param>
/// <param name="Items">Countries and their inputs to analyse (give this or <c>cohort</c>).</param>
/// <param name="Draws">Monte Carlo draws; default 1000, at most the configured maximum (10,000 by default).</param>
/// <param name="WeightNoise">Noise factor n in [0, 1]: each draw multiplies every weight by (1 + n·(2U − 1)); default 0.25.</param>
/// <param name="Aggregations">Root (pillar-level) rules, one drawn uniformly per draw: arithmetic, geometric, harmonic, minimum. Default: the methodology's own.</param>
/// <param name="Seed">The same seed and request give byte-identical output; default 0.</param>
/// <param name="Group">With <c>cohort</c>: analyse only the cohort's members in this peer group, ranked among themselves (<c>GET /v1/groups</c> lists them).</param>
/// <param name="Analysis"><c>uncertainty</c> (default): rank intervals over Monte Carlo draws. <c>variance</c>: which assumption drives the rank uncertainty, as first-order and total Sobol indices (Saltelli design, N = <c>draws</c> base samples, N·(d + 2) runs for d factors).</param>
/// <param name="Factors">Variance only: the uncertain assumptions, by name: a node id (its weight, perturbed within ±<c>weightNoise</c>), <c>aggregation</c> (the root rule, from <c>aggregations</c>), <c>normalisation</c> (goalposts or min–max over the cohort), <c>missingData</c> (re-weighting or the cohort mean). Default: every pillar's weight, aggregation when <c>aggregations</c> lists two rules or more, normalisation and missingData.</param>
/// <param name="Country">Variance only: a second output, this country's rank (ISO alpha-3; one of the countries analysed).</param>
public sealed record SensitivityRequest(
    string? Methodology = null,
    string? Cohort = null,
    List<SensitivityItem>? Items = null,
    int? Draws = null,
    double? WeightNoise = null,
    List<string>? Aggregations = null,
    long? Seed = null,
    string? Group = null,
    string? Analysis = null,
    List<string>? Factors = null,
    string? Country = null);

/// <summary>One country to analyse.</summary>
/// <param name="Country">ISO 3166-1 alpha-3 code, upper case; unique within the request.</param>
/// <param name="Inputs">Node id → value, as for <c>POST /v1/scores</c>.</param>
public sealed record SensitivityItem(string Country, Dictionary<string, double> Inputs) : ICountryInputs
{
    private BoundInputs? _bound;

    public BoundInputs BoundTo(Methodology m) => BoundInputs.Once(ref _bound, m, Inputs);
}

/// <summary>How stable each country's rank is when the methodology's assumptions vary.</summary>
/// <param name="Cohort">The cohort analysed; null for inline items.</param>
/// <param name="Draws">Draws made.</param>
/// <param name="WeightNoise">The noise factor used.</param>
/// <param name="Aggregations">The root rules drawn from.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="MeanRankShift">R_S: mean over countries and draws of |nominal rank − draw rank|.</param>
/// <param name="Ranked">Countries with a nominal score (the others are listed as unranked).</param>
/// <param name="Countries">Ranked countries by nominal rank (then country), then unranked ones in request order.</param>
/// <param name="Notes">How the numbers were made.</param>
/// <param name="Group">The peer group the cohort was restricted to, if any.</param>
/// <param name="Analysis"><c>uncertainty</c> or <c>variance</c>. For variance, <c>draws</c> is N, <c>meanRankShift</c> the mean over all runs, and <c>countries</c> is empty: the answer is in <c>variance</c>.</param>
/// <param name="Variance">The Sobol indices, for <c>analysis: variance</c>.</param>
[ImmutableObject(true)]
public sealed record SensitivityResponse(
    MethodologyReference Methodology,
    string? Cohort,
    int Draws,
    double WeightNoise,
    IReadOnlyList<string> Aggregations,
    long Seed,
    double MeanRankShift,
    int Ranked,
    IReadOnlyList<CountrySensitivity> Countries,
    IReadOnlyList<string> Notes,
    string? Group = null,
    string Analysis = "uncertainty",
    VarianceSensitivity? Variance = null);

/// <summary>Which assumption drives the rank uncertainty: first-order and total Sobol indices per factor.</summary>
/// <param name="BaseSamples">N, the rows of each of the design's matrices A and B.</param>
/// <param name="Runs">Cohort evaluations made: N·(d + 2).</param>
/// <param name="Resamples">Bootstrap resamples behind each 95% interval.</param>
/// <param name="Factors">The uncertain assumptions and what each ranges over.</param>
/// <param name="MeanRankShift">Indices for the mean absolute rank shift against the nominal ranking (COINr's target).</param>
/// <param name="CountryRank">Indices for one country's rank, when <c>country</c> was given.</param>
[ImmutableObject(true)]
public sealed record VarianceSensitivity(
    int BaseSamples,
    int Runs,
    int Resamples,
    IReadOnlyList<Scoring.Analysis.VarianceFactor> Factors,
    SobolOutput MeanRankShift,
    SobolOutput? CountryRank = null);

/// <summary>The Sobol indices of one output.</summary>
/// <param name="Output"><c>meanRankShift</c> or <c>rank</c>.</param>
/// <param name="Country">For <c>rank</c>: whose.</param>
/// <param name="NominalRank">For <c>rank</c>: the country's rank under the methodology as published.</param>
/// <param name="Mean">The output's mean over the runs.</param>
/// <param name="Variance">The output's variance (A and B runs pooled); 0 means no factor moved it, and every index is 0.</param>
/// <param name="Indices">One entry per factor, in the order of <c>factors</c>.</param>
[ImmutableObject(true)]
public sealed record SobolOutput(string Output, string? Country, int? NominalRank, double Mean, double Variance, IReadOnlyList<FactorIndices> Indices);

/// <summary>One factor's indices, each with its bootstrap 95% interval.</summary>
/// <param name="First">First-order index S_i (Saltelli 2010): the share of the output's variance the factor explains alone.</param>
/// <param name="Total">Total index S_Ti (Jansen): the share it takes part in, alone or with other factors; S_i ≤ S_Ti up to estimator noise.</param>
[ImmutableObject(true)]
public sealed record FactorIndices(string Factor, double First, double FirstLow, double FirstHigh, double Total, double TotalLow, double TotalHigh);

/// <summary>One country's rank interval and score interval over the draws.</summary>
/// <param name="Rank">Nominal rank (the methodology as published); 1 = best, ties share the best rank.</param>
/// <param name="MedianRank">Median rank over the draws (nearest-rank 50th percentile).</param>
/// <param name="P5Rank">5th percentile rank (nearest-rank): the better end of the interval.</param>
/// <param name="P95Rank">95th percentile rank (nearest-rank): the worse end of the interval.</param>
/// <param name="Score">Nominal score on the published scale.</param>
/// <param name="ScoreLow">Lowest score over the draws.</param>
/// <param name="ScoreHigh">Highest score over the draws.</param>
/// <param name="RankedDraws">Draws in which the country had a score.</param>
/// <param name="Coverage">Share (0–1) of the methodology's weight the country had data for.</param>
/// <param name="Unranked">Why the country has no rank, when it has none.</param>
[ImmutableObject(true)]
public sealed record CountrySensitivity(
    string Country,
    int? Rank,
    int? MedianRank,
    int? P5Rank,
    int? P95Rank,
    double? Score,
    double? ScoreLow,
    double? ScoreHigh,
    int RankedDraws,
    double Coverage,
    string? Unranked = null);
