using ReadinessApi.Scores;

namespace ReadinessApi.Batch;

// The JSON shapes of POST /v1/scores/batch, for the OpenAPI document and for clients. The service streams
// them with its own writers (BatchReader, JsonBatchWriter); a test holds the two to the same shape.

/// <summary>A batch in JSON: <c>{"items": [...]}</c>. NDJSON sends one item per line; CSV a header <c>country[,year],&lt;node ids...&gt;</c> and one row per item.</summary>
public sealed record BatchRequest(IReadOnlyList<BatchItemRequest> Items);

/// <summary>One item: a country's inputs, as for a single score.</summary>
/// <param name="Country">ISO 3166-1 alpha-3 code, upper case.</param>
/// <param name="Year">The year the inputs describe (echoed back; optional).</param>
/// <param name="Inputs">Node id → value, for any nodes of the methodology's tree (never a node and its descendant).</param>
public sealed record BatchItemRequest(string Country, int? Year, IReadOnlyDictionary<string, double> Inputs);

/// <summary>A scored batch in JSON. NDJSON carries the results alone, one per line; CSV one row per result.</summary>
/// <param name="Rank"><c>none</c> or <c>batch</c>, as asked.</param>
/// <param name="Cohort">The reference cohort ranked against, when one was named.</param>
/// <param name="Notes">What the reader should know about how these numbers were made.</param>
/// <param name="Results">One per input item, in input order.</param>
/// <param name="Summary">Counts over the batch.</param>
public sealed record BatchResponse(
    MethodologyReference Methodology,
    string Rank,
    IReadOnlyList<BatchResult> Results,
    BatchSummary Summary,
    string? Cohort = null,
    IReadOnlyList<string>? Notes = null);

/// <summary>The result for one item: its score, or the error that kept it from being scored.</summary>
/// <param name="Index">0-based position of the item in the input.</param>
/// <param name="Country">The country as sent.</param>
/// <param name="Score">On the methodology's published scale; with <c>rank=batch</c> rescaled over the batch when the methodology rescales over its cohort.</param>
/// <param name="Tier">The tier the score falls in.</param>
/// <param name="Rank">With <c>rank=batch</c> or a cohort: 1 = best, ties share the best rank.</param>
/// <param name="Percentile">With <c>rank=batch</c> or a cohort: share (0–1) scored strictly below.</param>
/// <param name="Coverage">Share (0–1) of the methodology's weight that had data.</param>
/// <param name="Pillars">Pillar id → value (as <c>pillars[].value</c> of a single score), for the pillars with data.</param>
/// <param name="Error">Why this item was not scored; the other items are scored regardless.</param>
public sealed record BatchResult(
    int Index,
    string? Country = null,
    int? Year = null,
    double? Score = null,
    string? Tier = null,
    int? Rank = null,
    double? Percentile = null,
    double? Coverage = null,
    IReadOnlyDictionary<string, double>? Pillars = null,
    BatchItemProblem? Error = null);

/// <summary>A problem (RFC 9457 shape) with one item.</summary>
/// <param name="Status">400 for invalid input, 422 for coverage below the methodology's minimum.</param>
/// <param name="Index">0-based position of the item in the input.</param>
/// <param name="Line">1-based line where the item starts (CSV and NDJSON).</param>
/// <param name="Errors">Field → messages; a field is a JSON path (<c>items[3].inputs.talent</c>; in NDJSON relative to the line), or a CSV <c>line:column</c>; <c>inputs</c> for the item's inputs as a whole.</param>
/// <param name="Coverage">With status 422: the share of the weight that had data.</param>
/// <param name="MinCoverage">With status 422: the methodology's minimum.</param>
public sealed record BatchItemProblem(
    string Title,
    int Status,
    int Index,
    IReadOnlyDictionary<string, string[]> Errors,
    int? Line = null,
    double? Coverage = null,
    double? MinCoverage = null);

/// <param name="Rows">Items read.</param>
/// <param name="Errors">Items not scored.</param>
/// <param name="Ranked">Items ranked (with <c>rank=batch</c> or a cohort).</param>
public sealed record BatchSummary(int Rows, int Errors, int? Ranked = null);
