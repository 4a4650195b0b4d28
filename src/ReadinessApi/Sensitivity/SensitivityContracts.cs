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
public sealed record SensitivityRequest(
    string? Methodology = null,
    string? Cohort = null,
    List<SensitivityItem>? Items = null,
    int? Draws = null,
    double? WeightNoise = null,
    List<string>? Aggregations = null,
    long? Seed = null,
    string? Group = null);

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
    string? Group = null);

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
