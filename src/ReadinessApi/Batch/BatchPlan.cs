using System.Runtime.CompilerServices;
using System.Text.Json;
using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>
/// What the batch readers and writers need of a methodology, laid out once: node lookup by span (no string
/// per value), the pillars and tiers and their pre-encoded names. Built once per methodology and kept
/// beside it. Scoring itself is the engine's (<see cref="RowScorer"/>).
/// </summary>
internal sealed class BatchPlan
{
    private static readonly ConditionalWeakTable<Methodology, BatchPlan> Plans = [];

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _nodes;

    private BatchPlan(Methodology m)
    {
        Methodology = m;
        var ids = new Dictionary<string, int>(m.Count, StringComparer.Ordinal);
        for (int i = 1; i < m.Count; i++)
        {
            ids[m.Nodes[i].Id] = i;
        }
        _nodes = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Pillars = [.. m.Pillars];
        PillarIds = [.. Pillars.Select(p => m.Nodes[p].Id)];
        PillarNames = [.. PillarIds.Select(id => JsonEncodedText.Encode(id))];
        Tiers = [.. m.Document.Tiers.Select(t => t.Label)];
        TierNames = [.. Tiers.Select(t => JsonEncodedText.Encode(t))];
        InputIds = string.Join(", ", m.Nodes.Skip(1).Select(x => x.Id));
    }

    public static BatchPlan For(Methodology m) => Plans.GetValue(m, static x => new BatchPlan(x));

    public Methodology Methodology { get; }
    public int NodeCount => Methodology.Count;
    public int[] Pillars { get; }
    public string[] PillarIds { get; }
    public JsonEncodedText[] PillarNames { get; }
    public string[] Tiers { get; }
    public JsonEncodedText[] TierNames { get; }
    /// <summary>The input node ids, for messages that list what is accepted.</summary>
    public string InputIds { get; }

    /// <summary>The index of an input node (any node but the root).</summary>
    public bool TryGetNode(ReadOnlySpan<char> id, out int index) => _nodes.TryGetValue(id, out index);
}
