namespace ReadinessApi.Scoring.Cohorts;

/// <summary>One country of a cohort: its ISO 3166-1 alpha-3 code, display name, and input values by node id (only those it has).</summary>
public sealed record CohortMember(string Country, string Name, IReadOnlyDictionary<string, double> Inputs);
