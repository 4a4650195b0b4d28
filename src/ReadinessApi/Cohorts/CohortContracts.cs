using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>A reference cohort: where its data came from, the methodology it was made for, how many members, and its content hash.</summary>
/// <param name="Id">The cohort id (its file name).</param>
/// <param name="Title">From the cohort's metadata file.</param>
/// <param name="Source">Where the data came from (attribution).</param>
/// <param name="License">The terms the data is used under.</param>
/// <param name="Methodology">The methodology whose inputs the columns are; rankings default to it.</param>
/// <param name="Size">Number of members.</param>
/// <param name="Hash">SHA-256 of the cohort's canonical rows: changes whenever a value, name or member does.</param>
/// <param name="Inputs">The node ids the cohort has values for.</param>
public sealed record CohortSummary(
    string Id,
    string? Title,
    string? Source,
    string? License,
    string? Methodology,
    int Size,
    string Hash,
    IReadOnlyList<string> Inputs)
{
    public static CohortSummary Of(Cohort c) =>
        new(c.Id, c.Metadata.Title, c.Metadata.Source, c.Metadata.License, c.Metadata.Methodology, c.Size, c.Hash, c.Columns);
}

/// <summary>A cohort with its members and their inputs.</summary>
/// <param name="Members">Each member's ISO 3166-1 alpha-3 code, name and input values by node id (missing values are absent).</param>
public sealed record CohortResponse(
    string Id,
    string? Title,
    string? Source,
    string? License,
    string? Methodology,
    int Size,
    string Hash,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<CohortMember> Members)
{
    public static CohortResponse Of(Cohort c) =>
        new(c.Id, c.Metadata.Title, c.Metadata.Source, c.Metadata.License, c.Metadata.Methodology, c.Size, c.Hash, c.Columns, c.Members);
}

/// <summary>One line of a cohort ranking. Members that could not be scored come last, without rank or score, with the reason.</summary>
/// <param name="Rank">1 = best; ties share the best rank (1, 2, 2, 4). Absent for an unranked member.</param>
/// <param name="Country">ISO 3166-1 alpha-3 code.</param>
/// <param name="Name">Display name from the cohort file.</param>
/// <param name="Score">On the methodology's published scale, rescaled over the cohort where the methodology asks.</param>
/// <param name="Tier">The methodology's tier for the score, where it defines tiers.</param>
/// <param name="Coverage">Share (0–1) of the methodology's weight the member has data for.</param>
/// <param name="Percentile">Share (0–1) of the ranked members scored strictly below.</param>
/// <param name="Unranked">Why the member has no rank (e.g. coverage below the methodology's minimum).</param>
public sealed record RankingEntry(
    int? Rank,
    string Country,
    string Name,
    double? Score,
    string? Tier,
    double Coverage,
    double? Percentile,
    string? Unranked)
{
    public static RankingEntry Of(RankedMember m) =>
        new(m.Rank, m.Country, m.Name, m.Score, m.Tier, m.Coverage, m.Percentile, m.Unranked);
}
