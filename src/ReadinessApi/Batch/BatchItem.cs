namespace ReadinessApi.Batch;

/// <summary>
/// One input item as a reader leaves it for the scorer: node-indexed values (NaN = no value), the country
/// as a dense id, the year, and any problems found. A single instance is refilled for every row, so the
/// read–score–write loop allocates nothing per row unless the row is bad.
/// </summary>
internal sealed class BatchItem(int nodeCount)
{
    public int Index { get; private set; }
    /// <summary>1-based line where the item starts (CSV, NDJSON); 0 for JSON.</summary>
    public int Line { get; private set; }
    /// <summary>Dense id of a known country code (<see cref="Scoring.Countries.CountryIndex"/>); 0 when none.</summary>
    public ushort CountryId { get; set; }
    /// <summary>The country as sent, kept only when it is not a known code, to echo it in the error result.</summary>
    public string? CountryText { get; set; }
    /// <summary>0 when none was given.</summary>
    public short Year { get; set; }
    public double[] Values { get; } = CreateValues(nodeCount);
    public int ValueCount { get; set; }
    public BatchRowError? Error { get; private set; }

    /// <summary>Starts item <paramref name="index"/>; <paramref name="clearValues"/> for readers that do not set every value themselves.</summary>
    public void Reset(int index, int line, bool clearValues)
    {
        Index = index;
        Line = line;
        CountryId = 0;
        CountryText = null;
        Year = 0;
        ValueCount = 0;
        Error = null;
        if (clearValues)
        {
            Values.AsSpan().Fill(double.NaN);
        }
    }

    public void AddError(string field, string message) =>
        (Error ??= new BatchRowError { Index = Index, Line = Line }).Add(field, message);

    /// <summary>The error result of an item whose inputs were valid but too thin to score.</summary>
    public BatchRowError CoverageError(double coverage, double minCoverage)
    {
        Error = new BatchRowError
        {
            Index = Index,
            Line = Line,
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = BatchRowError.CoverageTitle,
            Coverage = coverage,
            MinCoverage = minCoverage,
        };
        return Error;
    }

    /// <summary>Keeps a rejected country's text for the result, cut to a sane length.</summary>
    public void KeepCountryText(ReadOnlySpan<char> text) =>
        CountryText = text.Length <= MaxEcho ? text.ToString() : string.Concat(text[..MaxEcho], "…");

    /// <summary>How much of a rejected value a message or an echo repeats.</summary>
    public const int MaxEcho = 64;

    private static double[] CreateValues(int n)
    {
        var values = new double[n];
        values.AsSpan().Fill(double.NaN);
        return values;
    }
}
