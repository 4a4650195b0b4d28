using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Groups;

/// <summary>A peer group to rank within: who belongs, as of when, and where that is stated.</summary>
/// <param name="Id">Lower-case kebab-case id to pass as <c>group</c> (e.g. <c>brics</c>, <c>wb-region-ecs</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind"><c>membership</c> (a club or treaty), <c>wbRegion</c> or <c>wbIncome</c> (World Bank classification).</param>
/// <param name="Members">ISO 3166-1 alpha-3 codes, sorted.</param>
/// <param name="AsOf">The date the membership is stated for.</param>
/// <param name="Source">Where the membership is stated.</param>
/// <param name="Description">What the membership covers and leaves out.</param>
/// <param name="License">Licence of the data the group was built from, where it is not a plain fact.</param>
public sealed record PeerGroupResponse(
    string Id,
    string Name,
    string Kind,
    IReadOnlyList<string> Members,
    DateOnly AsOf,
    string Source,
    string? Description,
    string? License)
{
    public static PeerGroupResponse Of(PeerGroup g) => new(g.Id, g.Name, g.Kind, g.Members, g.AsOf, g.Source, g.Description, g.License);
}
