namespace ReadinessApi.Infrastructure.Telemetry;

/// <summary>
/// Span names, attribute/tag keys and outcome words. Ours are <c>readiness.*</c>; where OpenTelemetry's
/// semantic conventions name a thing (<c>error.type</c>) that name is used. In Prometheus the dots become
/// underscores (<c>readiness.methodology.id</c> → <c>readiness_methodology_id</c>).
/// </summary>
public static class TelemetryNames
{
    // Spans
    public const string ScoreSpan = "readiness.score";
    public const string CacheGetSpan = "readiness.cache.get";
    public const string CacheSetSpan = "readiness.cache.set";
    public const string BatchSpan = "readiness.batch";
    public const string SensitivitySpan = "readiness.sensitivity";

    // Attributes and metric tags
    public const string MethodologyId = "readiness.methodology.id";
    public const string MethodologyVersion = "readiness.methodology.version";
    public const string MethodologyHash = "readiness.methodology.hash";
    public const string Country = "readiness.country";
    public const string Cohort = "readiness.cohort";
    public const string Outcome = "readiness.outcome";
    public const string CacheKind = "readiness.cache.kind";
    public const string CacheOutcome = "readiness.cache.outcome";
    public const string CacheOperation = "readiness.cache.operation";
    public const string BatchFormat = "readiness.batch.format";
    public const string BatchRank = "readiness.batch.rank";
    public const string BatchRows = "readiness.batch.rows";
    public const string BatchErrors = "readiness.batch.errors";
    public const string SensitivityDraws = "readiness.sensitivity.draws";
    public const string SensitivityCountries = "readiness.sensitivity.countries";
    public const string ErrorType = "error.type";

    // Outcome words (readiness.outcome, readiness.cache.outcome)
    public const string Scored = "scored";
    public const string InsufficientCoverage = "insufficient_coverage";
    public const string UnknownMethodology = "unknown_methodology";
    public const string Computed = "computed";
    public const string Error = "error";
    public const string Hit = "hit";
    public const string Miss = "miss";
    public const string Bypass = "bypass";

    /// <summary>The label value for a methodology id that is not in the catalog.</summary>
    public const string Unknown = "unknown";
}
