namespace ReadinessApi.Scoring.Groups;

/// <summary>
/// A named set of economies to rank within (BRICS, G7, a World Bank region, ...). Membership is a dated
/// fact: <see cref="AsOf"/> says when it held and <see cref="Source"/> where it is stated.
/// </summary>
/// <param name="Id">Lower-case kebab-case, unique across all loaded group files (e.g. <c>brics</c>, <c>wb-region-eas</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind">What sort of group: <c>membership</c> (a club or treaty), <c>wbRegion</c>, <c>wbIncome</c>.</param>
/// <param name="Members">ISO 3166-1 alpha-3 codes, sorted, no duplicates.</param>
/// <param name="AsOf">The date the membership is stated for.</param>
/// <param name="Source">Where the membership is stated (addresses, or the publisher and its endpoint).</param>
public sealed record PeerGroup(
    string Id,
    string Name,
    string Kind,
    IReadOnlyList<string> Members,
    DateOnly AsOf,
    string Source)
{
    /// <summary>What the membership covers and leaves out (e.g. "the EU and the African Union take part as bodies").</summary>
    public string? Description { get; init; }

    /// <summary>Licence of the data the group was built from, where it is not a plain fact.</summary>
    public string? License { get; init; }

    public bool Contains(string country) => Members.Contains(country, StringComparer.Ordinal);
}
