// Shared by the floor (baseline/) and the peer (peer/, linked): the same request shape bound the same way.
/// <summary>The service's request shape (country, year, methodology, inputs, cohort, group).</summary>
internal sealed record ScoreRequest(
    string Country,
    Dictionary<string, double> Inputs,
    int? Year = null,
    string? Methodology = null,
    string? Cohort = null,
    string? Group = null);
