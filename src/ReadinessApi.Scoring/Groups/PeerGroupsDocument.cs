namespace ReadinessApi.Scoring.Groups;

/// <summary>
/// The serialised form of a peer-group file: the embedded <c>Groups/groups.json</c> (facts the project
/// states itself) and files a deployment provides, such as <c>groups.worldbank.json</c> written by the
/// importer into the cohorts directory.
/// </summary>
public sealed record PeerGroupsDocument
{
    /// <summary>What the file is, for people reading it.</summary>
    public string? Title { get; init; }
    /// <summary>Licence and attribution of the file as a whole, where its data carry one.</summary>
    public string? License { get; init; }
    public string? Attribution { get; init; }
    /// <summary>When an importer fetched the data (absent for hand-stated facts).</summary>
    public DateOnly? Retrieved { get; init; }
    public required IReadOnlyList<PeerGroup> Groups { get; init; }
}
