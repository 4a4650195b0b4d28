using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Security;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Sensitivity;

public static class SensitivityEndpoints
{
    public const string CacheHeader = "X-Cache";
    private const string CacheKind = "sensitivity";

    /// <summary>The root rules a request may name.</summary>
    public static IReadOnlyList<string> AggregationNames => RootRules.Names;

    public static IHostApplicationBuilder AddSensitivity(this IHostApplicationBuilder builder)
    {
        builder.Services.BindSettings<SensitivityOptions>(SensitivityOptions.SectionName);
        return builder;
    }

    public static IEndpointRouteBuilder MapSensitivity(this IEndpointRouteBuilder app)
    {
        // Paths in full: a group root mapped as "" or "/" is reported as "/v1/sensitivity/" in the http.route metric label.
        var group = app.MapGroup("/v1").WithTags("Sensitivity");

        group.MapPost("/sensitivity", RunSensitivityAsync)
            .WithName("RunSensitivity")
            .WithSummary("How stable are the ranks? Monte Carlo over the methodology's assumptions")
            .WithDescription("Scores a cohort (or inline items) under many perturbed methodologies: each draw multiplies every weight by (1 + n·(2U − 1)) and optionally draws the pillar-level aggregation rule from a list. Returns per country the nominal rank, the median, 5th and 95th percentile ranks (nearest-rank) and the score interval, and the cohort's mean absolute rank shift R_S. With `group` (and `cohort`), only the cohort's members in that peer group are analysed, ranked among themselves. Deterministic for a seed: the same request gives byte-identical output on any machine. With `analysis: variance` it says which assumption drives the rank uncertainty instead: each named factor (a node's weight within ±weightNoise, the root rule from `aggregations`, the normalisation: goalposts or min–max over the cohort, the missing-data treatment: re-weighting or the cohort mean) gets first-order and total Sobol indices (Saltelli design with N = `draws`, Saltelli 2010 and Jansen estimators, bootstrap 95% intervals) for the mean absolute rank shift and, with `country`, that country's rank; `format=svg` charts them. Results are cached in memory and Redis (`X-Cache`: hit, miss, or bypass while Redis is unavailable); identical concurrent requests compute once.")
            .WithValidation<SensitivityRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(SensitivityExamples.Request, SensitivityExamples.Response)
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Example(SensitivityExamples.UnknownMethodology.Methodology, SensitivityExamples.UnknownMethodology.Cohort, SensitivityExamples.UnknownMethodology.Group, NamedIn.Body), SensitivityExamples.UnknownMethodology)
            .WithExample("unknownCohort", "A cohort this deployment does not have", StatusCodes.Status404NotFound,
                _ => ReferenceResolver.Example(SensitivityExamples.UnknownCohort.Methodology, SensitivityExamples.UnknownCohort.Cohort, SensitivityExamples.UnknownCohort.Group, NamedIn.Body), SensitivityExamples.UnknownCohort)
            .WithExample("unknownGroup", "A peer group the service does not know", StatusCodes.Status400BadRequest,
                _ => ReferenceResolver.Example(SensitivityExamples.UnknownGroup.Methodology, SensitivityExamples.UnknownGroup.Cohort, SensitivityExamples.UnknownGroup.Group, NamedIn.Body), SensitivityExamples.UnknownGroup)
            .WithExample("variance", "Which assumption drives the rank uncertainty: Sobol indices per factor, for the mean rank shift and GBR's rank", StatusCodes.Status200OK,
                _ => SensitivityExamples.VarianceResponse(), SensitivityExamples.Variance)
            .WithExample("varianceChart", "The same Sobol indices as an SVG bar chart", StatusCodes.Status200OK,
                _ => TypedResults.Text(SobolChart.Render(SensitivityExamples.VarianceResponse()), Cohorts.RankingFormats.Svg), SensitivityExamples.Variance,
                parameters: new Dictionary<string, string> { ["format"] = "svg" })
            .WithExample("unknownFactor", "A factor the methodology does not have", StatusCodes.Status400BadRequest,
                _ => VarianceProblem(SensitivityExamples.UnknownFactor), SensitivityExamples.UnknownFactor)
            .WithMetadata(new Cohorts.RankingFormatsMetadata(new Dictionary<string, string> { [Cohorts.RankingFormats.Svg] = "With `format=svg` and `analysis: variance`: a bar chart of each factor's first-order and total Sobol index with their 95% intervals, one panel per output." }))
            .WithRequestTimeout(SecurityExtensions.HeavyTimeoutPolicy)
            .WithCacheHeader();
        return app;
    }

    /// <param name="format"><c>json</c> (default) or <c>svg</c>: for <c>analysis: variance</c>, a bar chart of the Sobol indices with their intervals.</param>
    public static async Task<Results<Ok<SensitivityResponse>, ContentHttpResult, ProblemHttpResult>> RunSensitivityAsync(
        SensitivityRequest request, string? format, ReferenceResolver references, ResultCache cache,
        IOptions<SensitivityOptions> options, ReadinessTelemetry telemetry, HttpContext context, CancellationToken cancellationToken)
    {
        if (format is not (null or "json") && (format != "svg" || request.Analysis != SensitivityVariance.Name))
        {
            return Problems.Invalid("format", format == "svg"
                ? "format svg charts the Sobol indices of analysis variance; the uncertainty analysis answers in JSON."
                : $"'{format}' is not a format of this operation: use json or svg.");
        }
        if (references.Resolve(request.Methodology, request.Cohort, request.Group, NamedIn.Body, out var target) is { } problem)
        {
            return problem;
        }
        var m = target.Methodology;
        var group = target.Group;
        CohortRowSet rows;
        if (target.Cohort is { } cohort)
        {
            rows = CohortRowSet.Of(cohort, m);
            if (group is not null)
            {
                rows = rows.Within(group.Id, target.InGroup!);
                if (rows.Rows.Count == 0)
                {
                    return Problems.Invalid("group", $"None of cohort '{cohort.Id}''s members is in group '{group.Id}': nothing to analyse.");
                }
            }
        }
        else
        {
            rows = BindItems(m, request.Items!);
        }

        var limits = options.Value;
        if (request.Analysis == SensitivityVariance.Name)
        {
            return await RunVarianceAsync(request, format == "svg", m, rows, group?.Id, cache, limits, telemetry, context, cancellationToken);
        }
        var rules = request.Aggregations is { Count: > 0 } names
            ? names.Select(n => ParseAggregation(n)!).ToArray()
            : [m.Root.Aggregation];
        var settings = new UncertaintySettings
        {
            Draws = request.Draws ?? Math.Min(limits.DefaultDraws, limits.MaxDraws),
            WeightNoise = request.WeightNoise ?? UncertaintySettings.DefaultWeightNoise,
            Aggregations = rules,
            Seed = request.Seed ?? 0,
        };
        var key = CacheKey(m, rows, request.Cohort, group?.Id, settings);
        using var activity = ReadinessTelemetry.StartSensitivity(m, settings.Draws, request.Cohort, rows.Rows.Count);
        try
        {
            var (response, outcome) = await GetOrComputeAsync(cache, key, limits.CacheDuration, token =>
            {
                long started = Stopwatch.GetTimestamp();
                var computed = Analyse(m, rows, request.Cohort, settings, token, group?.Id);
                telemetry.SensitivityCompleted(activity, m.Id, settings.Draws, Stopwatch.GetElapsedTime(started));
                return computed;
            }, cancellationToken);
            // The result cache counts hits, misses and bypasses; the analysis span says which this was.
            activity?.SetTag(TelemetryNames.CacheOutcome, outcome.ToHeaderValue());
            context.Response.SetCacheHeader(outcome);
            return TypedResults.Ok(response);
        }
        catch (Exception ex)
        {
            ReadinessTelemetry.RecordException(activity, ex);
            throw;
        }
    }

    private static async Task<Results<Ok<SensitivityResponse>, ContentHttpResult, ProblemHttpResult>> RunVarianceAsync(
        SensitivityRequest request, bool svg, Methodology m, CohortRowSet rows, string? group, ResultCache cache, SensitivityOptions limits,
        ReadinessTelemetry telemetry, HttpContext context, CancellationToken cancellationToken)
    {
        var settings = SensitivityVariance.Settings(request, m, limits);
        if (SensitivityVariance.Problems(m, rows, settings, request.Country, limits, request.Cohort is null ? "items" : "cohort") is { } problems)
        {
            return TypedResults.Problem(ValidationProblems.Create(problems));
        }
        var key = SensitivityVariance.CacheKey(m, rows, request.Cohort, group, settings, request.Country);
        using var activity = ReadinessTelemetry.StartSensitivity(m, settings.BaseSamples, request.Cohort, rows.Rows.Count);
        try
        {
            var (response, outcome) = await GetOrComputeAsync(cache, key, limits.CacheDuration, token =>
            {
                long started = Stopwatch.GetTimestamp();
                var computed = SensitivityVariance.Analyse(m, rows, request.Cohort, settings, request.Country, token, group);
                telemetry.SensitivityCompleted(activity, m.Id, computed.Variance!.Runs, Stopwatch.GetElapsedTime(started));
                return computed;
            }, cancellationToken);
            activity?.SetTag(TelemetryNames.CacheOutcome, outcome.ToHeaderValue());
            context.Response.SetCacheHeader(outcome);
            return svg ? TypedResults.Text(SobolChart.Render(response), Cohorts.RankingFormats.Svg) : TypedResults.Ok(response);
        }
        catch (Exception ex)
        {
            ReadinessTelemetry.RecordException(activity, ex);
            throw;
        }
    }

    /// <summary>The 400 a variance request with a bad factor gets (for the documented example).</summary>
    private static ProblemHttpResult VarianceProblem(SensitivityRequest request)
    {
        var m = MethodologyCatalog.Embedded[request.Methodology!];
        var (field, message) = Scoring.Analysis.VarianceAnalysis.Problem(m, SensitivityVariance.Settings(request, m, new SensitivityOptions()))!.Value;
        return TypedResults.Problem(ValidationProblems.Create(new Dictionary<string, string[]> { [field] = [message] }));
    }

    /// <summary>The analysis and its response: pure, so the cache may share it between identical requests.</summary>
    public static SensitivityResponse Analyse(Methodology m, CohortRowSet rows, string? cohort, UncertaintySettings settings,
        CancellationToken cancellationToken, string? group = null)
    {
        var result = UncertaintyAnalysis.Run(m, rows.Rows, settings, cancellationToken);
        var countries = new List<CountrySensitivity>(rows.Rows.Count);
        foreach (int r in Enumerable.Range(0, rows.Rows.Count)
            .OrderBy(r => result.Countries[r].Rank ?? int.MaxValue)
            .ThenBy(r => result.Countries[r].IsRanked ? rows.Countries[r] : "", StringComparer.Ordinal))
        {
            var c = result.Countries[r];
            countries.Add(new CountrySensitivity(rows.Countries[r], c.Rank, c.MedianRank, c.P5Rank, c.P95Rank,
                c.Score, c.ScoreLow, c.ScoreHigh, c.RankedDraws, c.Coverage,
                c.IsRanked ? null : $"{CoverageReport.Message(m, c.Coverage, null)} Below the methodology's minimum there is no nominal score, so no rank."));
        }
        var notes = new List<string>
        {
            "Ranks are competition ranks (1 = best, ties at 1e-9 share the best rank). Percentile ranks are nearest-rank: the smallest rank r such that at least ⌈p·N/100⌉ of the N draws rank the country r or better.",
            "Weights are perturbed at every level of the tree and renormalised among siblings; the aggregation rule is drawn at the root (the pillar level) only.",
        };
        if (group is not null)
        {
            notes.Add($"Only the cohort's members in peer group '{group}' were analysed: ranks are among them.");
        }
        if (m.Rescale != RescaleRule.None)
        {
            notes.Add(group is null
                ? $"Scores are rescaled over the cohort in every draw ({ScoreExplainer.Name(m.Rescale)}); ranks do not depend on the rescale, score intervals do."
                : $"Scores are rescaled over the analysed members (the cohort's members in peer group '{group}'), not the whole cohort, in every draw ({ScoreExplainer.Name(m.Rescale)}); ranks do not depend on the rescale, score intervals do.");
        }
        if (countries.Any(c => c.RankedDraws < settings.Draws && c.Rank is not null))
        {
            notes.Add("Some countries lack a score in some draws: a perturbed weight pushed one of their nodes below the methodology's minimum coverage. Their percentiles are over the draws in which they had a score (rankedDraws).");
        }
        return new SensitivityResponse(MethodologyReference.Of(m), cohort, settings.Draws, settings.WeightNoise,
            [.. settings.Aggregations.Select(RootRules.Name)], settings.Seed, result.MeanRankShift, result.Ranked, countries, notes, group);
    }

    /// <summary>
    /// The one place this endpoint touches the cache: the result cache (memory in front of Redis)
    /// coalesces concurrent calls for one key (the first computes, the others wait for its result) and
    /// cancels the shared computation only when every caller has gone. A call that waited on another's
    /// computation counts as a hit; with Redis unavailable the outcome is a bypass.
    /// </summary>
    public static async Task<CacheResult<T>> GetOrComputeAsync<T>(ResultCache cache, CacheKey key, TimeSpan duration,
        Func<CancellationToken, T> compute, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(key, duration, token => ValueTask.FromResult(compute(token)), cancellationToken);

    /// <summary>
    /// <c>readiness:v1:sensitivity:&lt;sha-256&gt;</c> (the scheme of <see cref="Infrastructure.Caching.CacheKey"/>)
    /// over everything the result depends on: the methodology hash, the cohort's content hash or the items'
    /// countries and bound values, and the settings.
    /// </summary>
    public static CacheKey CacheKey(Methodology m, CohortRowSet rows, string? cohort, string? group, UncertaintySettings settings) =>
        AnalysedIn(Infrastructure.Caching.CacheKey.For(CacheKind), m, rows, cohort, group)
            .Add(settings.Draws)
            .Add(settings.WeightNoise)
            .Add(settings.Aggregations.Select(RootRules.Name))
            .Add(settings.Seed);

    /// <summary>What both analyses were run on, in their keys: the methodology, the cohort and group (or inline items), the rows' content.</summary>
    public static CacheKey AnalysedIn(CacheKey key, Methodology m, CohortRowSet rows, string? cohort, string? group) =>
        key.Add(m.Hash)
            .Add(cohort is null ? "items" : "cohort:" + cohort + (group is null ? "" : ":group:" + group))
            .Add(rows.Hash);

    /// <summary>Binds validated items (the validator has rejected bad ones); the hash covers countries and values in order.</summary>
    public static CohortRowSet BindItems(Methodology m, IReadOnlyList<SensitivityItem> items)
    {
        var rows = new double[items.Count][];
        var countries = new string[items.Count];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < items.Count; i++)
        {
            rows[i] = items[i].BoundTo(m).Values;
            countries[i] = items[i].Country;
            hash.AppendData(Encoding.UTF8.GetBytes(countries[i]));
            foreach (double x in rows[i])
            {
                hash.AppendData(BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(x)));
            }
        }
        return new CohortRowSet("items", Convert.ToHexStringLower(hash.GetHashAndReset()), countries, rows);
    }

    public static Aggregation? ParseAggregation(string? name) => RootRules.Parse(name);
}
