namespace ReadinessApi.Batch;

/// <summary>
/// Why one item of a batch was not scored: a problem object (RFC 9457 shape) carried in that item's own
/// result, with the item's index, its line for line-based formats, and field → messages, where a field is
/// a JSON path or a CSV <c>line:column</c>. The other items are scored regardless.
/// </summary>
internal sealed class BatchRowError
{
    public const string InvalidTitle = "The item could not be scored.";
    public const string CoverageTitle = "Coverage below the methodology's minimum.";

    public int Status { get; set; } = StatusCodes.Status400BadRequest;
    public string Title { get; set; } = InvalidTitle;
    public int Index { get; init; }
    /// <summary>1-based line where the item starts (CSV, NDJSON); 0 when the format has no lines.</summary>
    public int Line { get; init; }
    public List<KeyValuePair<string, string>> Fields { get; } = [];
    public double? Coverage { get; set; }
    public double? MinCoverage { get; set; }

    public void Add(string field, string message) => Fields.Add(new(field, message));

    /// <summary>Field → messages, fields in the order first reported.</summary>
    public IEnumerable<(string Field, IEnumerable<string> Messages)> Grouped() =>
        Fields.GroupBy(f => f.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Select(f => f.Value)));

    /// <summary>One line of text for a CSV cell: "field: message field: message" (each message ends with a full stop).</summary>
    public string ToText() => string.Join(" ", Fields.Select(f => $"{f.Key}: {f.Value}"));
}
