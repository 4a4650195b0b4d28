using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Analysis;

namespace ReadinessApi.Sensitivity;

/// <summary>
/// <c>"analysis": "variance"</c> on <c>POST /v1/sensitivity</c>: the request's settings for
/// <see cref="VarianceAnalysis"/>, what is wrong with them (as fields), the response, and the cache key.
/// </summary>
public static class SensitivityVariance
{
    public const string Name = "variance";
    public const string Uncertainty = "uncertainty";
    private const string PayloadVersion = "1";

    public static VarianceSettings Settings(SensitivityRequest request, Methodology m, SensitivityOptions limits) => new()
    {
        BaseSamples = request.Draws ?? Math.Min(limits.DefaultDraws, limits.MaxDraws),
        WeightNoise = request.WeightNoise ?? Scoring.Uncertainty.UncertaintySettings.DefaultWeightNoise,
        Aggregations = request.Aggregations is { Count: > 0 } names ? [.. names.Select(n => SensitivityEndpoints.ParseAggregation(n)!)] : [],
        Factors = request.Factors ?? [],
        Resamples = limits.BootstrapResamples,
        Seed = request.Seed ?? 0,
    };

    /// <summary>What the validator cannot know without the methodology and the rows: null when the analysis can run.</summary>
    public static Dictionary<string, string[]>? Problems(Methodology m, CohortRowSet rows, VarianceSettings settings, string? country,
        SensitivityOptions limits, string rowsField)
    {
        // The engine names its own settings; the request's field for the base samples is draws.
        if (settings.BaseSamples < 2)
        {
            return new() { ["draws"] = ["draws must be at least 2 for analysis variance (each draw is a base sample of the Saltelli design)."] };
        }
        if (VarianceAnalysis.Problem(m, settings) is { } problem)
        {
            return new() { [problem.Field] = [problem.Message] };
        }
        int factors = settings.Factors.Count > 0 ? settings.Factors.Count : VarianceAnalysis.DefaultFactors(m, settings).Count;
        long runs = (long)settings.BaseSamples * (factors + 2);
        if (runs > limits.MaxVarianceRuns)
        {
            return new()
            {
                ["draws"] = [$"draws × (factors + 2) = {settings.BaseSamples} × {factors + 2} = {runs} runs, beyond the configured maximum of {limits.MaxVarianceRuns}: ask for at most {limits.MaxVarianceRuns / (factors + 2)} draws or fewer factors."],
            };
        }
        var scored = rows.Rows.Select(r => Scorer.Score(m, r).Score is not null).ToArray();
        if (scored.Count(s => s) < 2)
        {
            return new() { [rowsField] = ["Fewer than two of the countries analysed have a score under this methodology: there is no ranking to analyse."] };
        }
        if (country is not null)
        {
            int k = rows.Countries.ToList().IndexOf(country);
            if (k < 0)
            {
                return new() { ["country"] = [$"'{country}' is not among the countries analysed."] };
            }
            if (!scored[k])
            {
                return new() { ["country"] = [$"'{country}' has no score under '{m.Id}' (coverage below its minimum), so no rank to analyse."] };
            }
        }
        return null;
    }

    /// <summary>The analysis and its response: pure, so the cache may share it between identical requests.</summary>
    public static SensitivityResponse Analyse(Methodology m, CohortRowSet rows, string? cohort, VarianceSettings settings, string? country,
        CancellationToken cancellationToken, string? group = null)
    {
        int? target = country is null ? null : rows.Countries.ToList().IndexOf(country);
        var result = VarianceAnalysis.Run(m, rows.Rows, settings, target, cancellationToken);
        var names = result.Factors.Select(f => f.Name).ToArray();
        var variance = new VarianceSensitivity(settings.BaseSamples, result.Runs, settings.Resamples, result.Factors,
            Output(result.MeanRankShift, names, null, null),
            result.Country is { } c ? Output(c, names, country, result.NominalRanks[result.Members.ToList().IndexOf(target!.Value)]) : null);
        var notes = new List<string>
        {
            $"Saltelli design: N = {settings.BaseSamples} rows of two independent uniform matrices A and B, and for each of the {names.Length} factors A with that factor's column from B: {result.Runs} evaluations of the whole cohort. Seeded: the same request gives the same answer on any number of cores.",
            "First-order index S_i = mean(y_B·(y_AB(i) − y_A))/V (Saltelli et al. 2010), total index S_Ti = mean((y_A − y_AB(i))²)/(2V) (Jansen 1999), V the variance of the A and B outputs pooled, outputs centred on their mean. S_i ≤ S_Ti up to estimator noise; a factor that changes nothing has S_Ti = 0 exactly. Intervals: bootstrap percentile 2.5–97.5 over the N rows.",
            "Outputs: the mean absolute rank shift against the nominal ranking over the members ranked in each run (COINr's target), and, with country, that country's rank (below every ranked member in a run where it has no score). Ranks are competition ranks (1 = best, ties at 1e-9 share the best rank).",
            "Nominal: the methodology as published (its goalposts, re-weighting over missing data, its weights and root rule). Factors are independent; a weight factor is uniform within ±weightNoise of its weight, then renormalised among its siblings; a discrete factor takes each alternative with equal probability.",
        };
        int unranked = rows.Rows.Count - result.Members.Count;
        if (unranked > 0)
        {
            notes.Add($"{unranked} of the {rows.Rows.Count} countries have no nominal score (coverage below the methodology's minimum) and take no part.");
        }
        if (group is not null)
        {
            notes.Add($"Only the cohort's members in peer group '{group}' were analysed: ranks, min–max bounds and cohort means are among them.");
        }
        return new SensitivityResponse(MethodologyReference.Of(m), cohort, settings.BaseSamples, settings.WeightNoise,
            [.. settings.Aggregations.Select(RootRules.Name)], settings.Seed, result.MeanRankShift.Mean, result.Members.Count, [],
            notes, group, Name, variance);
    }

    private static SobolOutput Output(SobolTarget target, string[] factors, string? country, int? nominalRank) =>
        new(target.Output, country, nominalRank, target.Mean, target.Variance,
            [.. target.Indices.Select((x, i) => new FactorIndices(factors[i], x.First, x.FirstLow, x.FirstHigh, x.Total, x.TotalLow, x.TotalHigh))]);

    /// <summary>Everything a variance result depends on, under the sensitivity kind with its own prefix.</summary>
    public static CacheKey CacheKey(Methodology m, CohortRowSet rows, string? cohort, string? group, VarianceSettings settings, string? country) =>
        SensitivityEndpoints.AnalysedIn(Infrastructure.Caching.CacheKey.For("sensitivity").Add(Name).Add(PayloadVersion), m, rows, cohort, group)
            .Add(settings.BaseSamples)
            .Add(settings.WeightNoise)
            .Add(settings.Aggregations.Select(RootRules.Name))
            .Add(settings.Factors)
            .Add(country ?? "-")
            .Add(settings.Resamples)
            .Add(settings.Seed);
}
