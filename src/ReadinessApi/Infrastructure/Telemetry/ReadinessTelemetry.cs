using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using ReadinessApi.Scoring;
using StackExchange.Redis;

namespace ReadinessApi.Infrastructure.Telemetry;

/// <summary>
/// The service's own telemetry: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <c>ReadinessApi</c>, and every instrument the features record to. Features inject this singleton and
/// call the <c>Start*</c> / <c>*Completed</c> pairs, so span names, attribute names and metric tags stay in
/// one place (and in step with the Grafana dashboard that queries them).
/// </summary>
/// <remarks>
/// Metric tags carry only bounded values (methodology ids from the catalog, fixed outcome words, formats);
/// anything a client can make up (country codes, cohort ids it sends, free text) goes on spans only.
/// Spans are started through the static <see cref="ActivitySource"/>. When nothing samples them (no OTLP
/// exporter configured) <c>Start*</c> returns null or a propagation-only activity whose
/// <see cref="Activity.IsAllDataRequested"/> is false; every call here accepts both and then sets no tags.
/// </remarks>
public sealed class ReadinessTelemetry
{
    public const string ActivitySourceName = "ReadinessApi";
    public const string MeterName = "ReadinessApi";

    // Scoring one country takes microseconds; the default OTel buckets (0–10 000) would put every
    // measurement in the first bucket. Batch and analysis durations get the request-scale boundaries
    // through views (TelemetryExtensions.RequestDurationBuckets), shared with the HTTP server histogram.
    private static readonly double[] ScoreBuckets =
        [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1];

    public static ActivitySource ActivitySource { get; } =
        new(ActivitySourceName, typeof(ReadinessTelemetry).Assembly.GetName().Version?.ToString());

    private readonly StackExchangeRedisInstrumentation? _redis;
    private long _activeRequests;

    public ReadinessTelemetry(IMeterFactory meterFactory, StackExchangeRedisInstrumentation? redis = null)
    {
        _redis = redis;
        // The factory owns the Meter and disposes it with the container.
        var meter = meterFactory.Create(MeterName);
        ScoresComputed = meter.CreateCounter<long>("readiness.scores.computed", "{score}",
            "Scores requested, by methodology and outcome (scored, insufficient_coverage, unknown_methodology, error).");
        ScoreDuration = meter.CreateHistogram("readiness.score.duration", "s",
            "Time the engine took to score one country (binding, aggregation, explanation; not HTTP).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoreBuckets });
        CacheHits = meter.CreateCounter<long>("readiness.cache.hits", "{lookup}", "Cache lookups answered from the cache (this instance's memory or Redis), by kind.");
        CacheMisses = meter.CreateCounter<long>("readiness.cache.misses", "{lookup}", "Cache lookups that found nothing, computed the value and stored it, by kind.");
        CacheBypasses = meter.CreateCounter<long>("readiness.cache.bypasses", "{lookup}", "Lookups answered without the shared cache (Redis down or failing, or not cacheable), by kind.");
        CacheErrors = meter.CreateCounter<long>("readiness.cache.errors", "{error}", "Redis failures, each treated as a miss, by kind and operation (get, set).");
        BatchRows = meter.CreateCounter<long>("readiness.batch.rows", "{row}", "Batch rows processed, by methodology, format and outcome (scored, error).");
        BatchErrors = meter.CreateCounter<long>("readiness.batch.errors", "{row}", "Batch rows answered with an error, by methodology and format.");
        BatchDuration = meter.CreateHistogram<double>("readiness.batch.duration", "s", "Time one batch request took, reading to last row written.");
        SensitivityDraws = meter.CreateCounter<long>("readiness.sensitivity.draws", "{draw}", "Monte Carlo draws computed by uncertainty analyses, by methodology.");
        SensitivityDuration = meter.CreateHistogram<double>("readiness.sensitivity.duration", "s", "Time one uncertainty analysis took (computed, not served from cache).");
        // Observed at collection: two interlocked operations per request, nothing recorded per request.
        meter.CreateObservableUpDownCounter("readiness.requests.active", () => Volatile.Read(ref _activeRequests), "{request}",
            "Requests being processed now, leaving out /metrics scrapes and health probes.");
    }

    public Counter<long> ScoresComputed { get; }
    public Histogram<double> ScoreDuration { get; }
    public Counter<long> CacheHits { get; }
    public Counter<long> CacheMisses { get; }
    public Counter<long> CacheBypasses { get; }
    public Counter<long> CacheErrors { get; }
    public Counter<long> BatchRows { get; }
    public Counter<long> BatchErrors { get; }
    public Histogram<double> BatchDuration { get; }
    public Counter<long> SensitivityDraws { get; }
    public Histogram<double> SensitivityDuration { get; }

    // ---- HTTP ------------------------------------------------------------------------------------

    /// <summary>A user's request began (see <see cref="TelemetryExtensions.UseTelemetry"/>); pair with <see cref="RequestEnded"/>.</summary>
    public void RequestStarted() => Interlocked.Increment(ref _activeRequests);

    public void RequestEnded() => Interlocked.Decrement(ref _activeRequests);

    // ---- Scoring -------------------------------------------------------------------------------

    /// <summary>Starts the <c>readiness.score</c> span around one engine call.</summary>
    public static Activity? StartScore(Methodology methodology, string? country = null, string? cohort = null)
    {
        var activity = ActivitySource.StartActivity(TelemetryNames.ScoreSpan);
        if (activity is { IsAllDataRequested: true })
        {
            SetMethodology(activity, methodology);
            activity.SetTag(TelemetryNames.Country, country);
            activity.SetTag(TelemetryNames.Cohort, cohort);
        }
        return activity;
    }

    /// <summary>
    /// Counts one score request and, when the engine ran, its duration. <paramref name="methodologyId"/>
    /// must come from the catalog (pass null for an unknown one: a client-chosen id must not become a
    /// metric label).
    /// </summary>
    public void ScoreCompleted(Activity? activity, string? methodologyId, string outcome, TimeSpan? elapsed = null)
    {
        var tags = new TagList
        {
            { TelemetryNames.MethodologyId, methodologyId ?? TelemetryNames.Unknown },
            { TelemetryNames.Outcome, outcome },
        };
        ScoresComputed.Add(1, tags);
        if (elapsed is { } duration)
        {
            ScoreDuration.Record(duration.TotalSeconds, tags);
        }
        SetTag(activity, TelemetryNames.Outcome, outcome);
    }

    // ---- Cache ---------------------------------------------------------------------------------

    /// <summary>Starts <c>readiness.cache.get</c>; end it with one of <see cref="CacheHit"/>, <see cref="CacheMiss"/>, <see cref="CacheError"/>.</summary>
    public static Activity? StartCacheGet(string kind) => StartCache(TelemetryNames.CacheGetSpan, kind);

    /// <summary>Starts <c>readiness.cache.set</c> (storing a computed value).</summary>
    public static Activity? StartCacheSet(string kind) => StartCache(TelemetryNames.CacheSetSpan, kind);

    public void CacheHit(Activity? activity, string kind) => CacheOutcome(CacheHits, activity, kind, TelemetryNames.Hit);

    public void CacheMiss(Activity? activity, string kind) => CacheOutcome(CacheMisses, activity, kind, TelemetryNames.Miss);

    /// <summary>The operation did not use the cache (no span needed: tag the request's span if there is one).</summary>
    public void CacheBypass(Activity? activity, string kind) => CacheOutcome(CacheBypasses, activity, kind, TelemetryNames.Bypass);

    /// <summary>A Redis failure (treated as a miss by the caller): counted, and recorded on the span as an error.</summary>
    public void CacheError(Activity? activity, string kind, string operation, Exception exception)
    {
        CacheErrors.Add(1, new TagList { { TelemetryNames.CacheKind, kind }, { TelemetryNames.CacheOperation, operation } });
        SetTag(activity, TelemetryNames.CacheOutcome, TelemetryNames.Error);
        RecordException(activity, exception);
    }

    /// <summary>
    /// Traces the commands of a Redis connection (spans named after the command, children of the span
    /// current when it was sent). Call once, when the connection is made; dispose the result to stop.
    /// </summary>
    public IDisposable? TraceRedis(IConnectionMultiplexer connection) => _redis?.AddConnection(connection);

    // ---- Batch ---------------------------------------------------------------------------------

    /// <summary>Starts the <c>readiness.batch</c> span around one batch request.</summary>
    public static Activity? StartBatch(Methodology methodology, string format, string rank, string? cohort = null)
    {
        var activity = ActivitySource.StartActivity(TelemetryNames.BatchSpan);
        if (activity is { IsAllDataRequested: true })
        {
            SetMethodology(activity, methodology);
            activity.SetTag(TelemetryNames.BatchFormat, format);
            activity.SetTag(TelemetryNames.BatchRank, rank);
            activity.SetTag(TelemetryNames.Cohort, cohort);
        }
        return activity;
    }

    /// <summary>
    /// Counts rows as they stream (call per row or per chunk, so the rows/s panel moves during a long
    /// batch rather than jumping at its end). <paramref name="errors"/> of the <paramref name="rows"/> failed.
    /// </summary>
    public void BatchRowsProcessed(string methodologyId, string format, long rows, long errors = 0)
    {
        if (rows - errors > 0)
        {
            BatchRows.Add(rows - errors, new TagList
            {
                { TelemetryNames.MethodologyId, methodologyId }, { TelemetryNames.BatchFormat, format }, { TelemetryNames.Outcome, TelemetryNames.Scored },
            });
        }
        if (errors > 0)
        {
            var tags = new TagList { { TelemetryNames.MethodologyId, methodologyId }, { TelemetryNames.BatchFormat, format } };
            BatchErrors.Add(errors, tags);
            tags.Add(TelemetryNames.Outcome, TelemetryNames.Error);
            BatchRows.Add(errors, tags);
        }
    }

    /// <summary>Records the batch's duration and totals on its span (rows were counted by <see cref="BatchRowsProcessed"/>).</summary>
    public void BatchCompleted(Activity? activity, string methodologyId, string format, long rows, long errors, TimeSpan elapsed)
    {
        BatchDuration.Record(elapsed.TotalSeconds, new TagList { { TelemetryNames.MethodologyId, methodologyId }, { TelemetryNames.BatchFormat, format } });
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryNames.BatchRows, rows);
            activity.SetTag(TelemetryNames.BatchErrors, errors);
        }
    }

    // ---- Sensitivity ---------------------------------------------------------------------------

    /// <summary>Starts the <c>readiness.sensitivity</c> span around one uncertainty analysis.</summary>
    public static Activity? StartSensitivity(Methodology methodology, int draws, string? cohort = null, int? countries = null)
    {
        var activity = ActivitySource.StartActivity(TelemetryNames.SensitivitySpan);
        if (activity is { IsAllDataRequested: true })
        {
            SetMethodology(activity, methodology);
            activity.SetTag(TelemetryNames.SensitivityDraws, draws);
            activity.SetTag(TelemetryNames.Cohort, cohort);
            activity.SetTag(TelemetryNames.SensitivityCountries, countries);
        }
        return activity;
    }

    /// <summary>Counts the draws computed and the analysis's duration (call only when it was computed, not served from cache).</summary>
    public void SensitivityCompleted(Activity? activity, string methodologyId, long draws, TimeSpan elapsed)
    {
        var tags = new TagList { { TelemetryNames.MethodologyId, methodologyId } };
        SensitivityDraws.Add(draws, tags);
        SensitivityDuration.Record(elapsed.TotalSeconds, tags);
        SetTag(activity, TelemetryNames.Outcome, TelemetryNames.Computed);
    }

    // ---- Errors --------------------------------------------------------------------------------

    /// <summary>Marks the span failed with the exception's type (the OTel <c>error.type</c>) and an exception event.</summary>
    public static void RecordException(Activity? activity, Exception exception)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
        activity.AddException(exception);
    }

    private static Activity? StartCache(string name, string kind)
    {
        var activity = ActivitySource.StartActivity(name);
        SetTag(activity, TelemetryNames.CacheKind, kind);
        return activity;
    }

    private static void CacheOutcome(Counter<long> counter, Activity? activity, string kind, string outcome)
    {
        counter.Add(1, new KeyValuePair<string, object?>(TelemetryNames.CacheKind, kind));
        SetTag(activity, TelemetryNames.CacheOutcome, outcome);
    }

    private static void SetTag(Activity? activity, string key, string value)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(key, value);
        }
    }

    private static void SetMethodology(Activity activity, Methodology methodology)
    {
        activity.SetTag(TelemetryNames.MethodologyId, methodology.Id);
        activity.SetTag(TelemetryNames.MethodologyVersion, methodology.Version);
        activity.SetTag(TelemetryNames.MethodologyHash, methodology.Hash);
    }
}
