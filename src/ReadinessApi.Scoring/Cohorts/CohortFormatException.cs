namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// A cohort file that cannot be loaded, with the place an operator must look: file, line and column
/// (1-based; the column is the CSV field's position, or the JSON byte on that line).
/// </summary>
public sealed class CohortFormatException(string file, int line, int column, string reason)
    : Exception($"{file}:{line}:{column}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Reason { get; } = reason;
}
