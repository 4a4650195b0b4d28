using System.Collections.ObjectModel;
using System.Text.Json;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Scores;

/// <summary>Maps the engine's node-indexed result onto the response contract (NaN becomes null).</summary>
public static class ScoreExplainer
{
    /// <summary>
    /// A score placed in a cohort, as a single score and a what-if answer it: <paramref name="ranked"/> is the
    /// placement that gives rank and percentile (within <paramref name="group"/> when one is named, else the
    /// same as <paramref name="placement"/>); <c>cohortSize</c> counts the whole cohort, <c>groupSize</c> the group.
    /// </summary>
    public static ScoreResponse Placed(ScoreResponse response, string cohort, CohortPlacement placement, CohortPlacement ranked, PeerGroup? group) =>
        response with
        {
            Cohort = cohort,
            Rank = ranked.Rank,
            CohortSize = placement.Size,
            Percentile = ranked.Percentile,
            Group = group?.Id,
            GroupSize = group is null ? null : ranked.Size,
        };

    public static ScoreResponse ToResponse(ScoreResult result, string country, int? year)
    {
        var m = result.Methodology;
        var notes = new List<string>();
        if (m.Rescale != RescaleRule.None && !result.Rescaled)
        {
            notes.Add($"Methodology '{m.Id}' rescales scores over a cohort ({Name(m.Rescale)}); no cohort was given, so this is the unrescaled score. Name a cohort to get the rescaled one.");
        }
        var contributions = new Dictionary<string, double>(m.Pillars.Count);
        foreach (int p in m.Pillars)
        {
            if (result.Nodes[p].HasValue)
            {
                contributions[m.Nodes[p].Id] = result.Nodes[p].Contribution;
            }
        }
        return new ScoreResponse(
            country,
            year,
            MethodologyReference.Of(m),
            result.Score ?? double.NaN,
            result.Tier,
            result.Coverage,
            Missing(result),
            Nodes(result, m.Pillars),
            contributions,
            result.Bottleneck >= 0 ? m.Nodes[result.Bottleneck].Id : null,
            result.NextTier,
            result.PointsToNextTier,
            result.Rescaled,
            notes);
    }

    /// <summary>The highest nodes with no data at all: a whole pillar, or single sub-pillars of a pillar that has some.</summary>
    public static IReadOnlyList<string> Missing(ScoreResult result)
    {
        var m = result.Methodology;
        var missing = new List<string>();
        for (int i = 1; i < m.Count; i++)
        {
            if ((result.Nodes[i].Flags & NodeFlags.Missing) != 0 && (result.Nodes[m.Nodes[i].Parent].Flags & NodeFlags.Missing) == 0)
            {
                missing.Add(m.Nodes[i].Id);
            }
        }
        return missing;
    }

    private static NodeExplanation Node(ScoreResult result, int index)
    {
        var node = result.Methodology.Nodes[index];
        var s = result.Nodes[index];
        return new NodeExplanation(
            node.Id,
            node.Name,
            Finite(s.Value),
            Finite(s.Normalized),
            s.Weight,
            s.EffectiveWeight,
            s.Contribution,
            s.Coverage,
            Flags(s.Flags),
            node.IsLeaf ? null : Nodes(result, node.Children));
    }

    private static NodeExplanation[] Nodes(ScoreResult result, IReadOnlyList<int> indexes)
    {
        var nodes = new NodeExplanation[indexes.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Node(result, indexes[i]);
        }
        return nodes;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    // Every combination of the flags as its list, made once: a response names them for each of its nodes,
    // and building the list per node (Enum.GetValues, LINQ) was most of what a score response allocated.
    private static readonly NodeFlags[] SingleFlags = [.. Enum.GetValues<NodeFlags>().Where(f => f != NodeFlags.None)];
    private static readonly IReadOnlyList<NodeFlags>[] FlagLists = [.. Enumerable.Range(0, 1 << SingleFlags.Length).Select(i => FlagList((NodeFlags)i))];

    private static IReadOnlyList<NodeFlags> Flags(NodeFlags flags) =>
        (uint)flags < (uint)FlagLists.Length ? FlagLists[(int)flags] : FlagList(flags);

    private static ReadOnlyCollection<NodeFlags> FlagList(NodeFlags flags) =>
        Array.AsReadOnly(SingleFlags.Where(f => flags.HasFlag(f)).ToArray());

    /// <summary>A rescale rule by its JSON name, the one methodology documents use (from the enum's own attributes).</summary>
    public static string Name(RescaleRule rule) => RescaleNames[(int)rule];

    private static readonly string[] RescaleNames = [.. Enum.GetValues<RescaleRule>().Select(r => JsonSerializer.Serialize(r).Trim('"'))];
}
