using System.Runtime.CompilerServices;
using System.Text.Json;
using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>
/// What the batch loop needs of a methodology, laid out once: node lookup by span (no string per value),
/// input scales as arrays, the raw weights <see cref="Scorer.Evaluate"/> takes, the pillars and their
/// pre-encoded names. Built once per methodology and kept beside it.
/// </summary>
internal sealed class BatchPlan
{
    private static readonly ConditionalWeakTable<Methodology, BatchPlan> Plans = [];

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _nodes;

    private BatchPlan(Methodology m)
    {
        Methodology = m;
        int n = m.Count;
        Weights = new double[n];
        Min = new double[n];
        Max = new double[n];
        var ids = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var node = m.Nodes[i];
            Weights[i] = node.Weight;
            Min[i] = node.InputScale.Min;
            Max[i] = node.InputScale.Max;
            if (i > 0)
            {
                ids[node.Id] = i;
            }
        }
        _nodes = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Pillars = [.. m.Pillars];
        PillarIds = [.. Pillars.Select(p => m.Nodes[p].Id)];
        PillarIsLeaf = [.. Pillars.Select(p => m.Nodes[p].IsLeaf)];
        PillarNames = [.. PillarIds.Select(id => JsonEncodedText.Encode(id))];
        Tiers = [.. m.Document.Tiers.Select(t => t.Label)];
        TierNames = [.. Tiers.Select(t => JsonEncodedText.Encode(t))];
        InputIds = string.Join(", ", m.Nodes.Skip(1).Select(x => x.Id));
    }

    public static BatchPlan For(Methodology m) => Plans.GetValue(m, static x => new BatchPlan(x));

    public Methodology Methodology { get; }
    public int NodeCount => Methodology.Count;
    /// <summary>Raw sibling-relative weights by node, as <see cref="Scorer.Evaluate"/> takes them.</summary>
    public double[] Weights { get; }
    /// <summary>Each node's input scale (leaves: their own; inner nodes: 0–100).</summary>
    public double[] Min { get; }
    public double[] Max { get; }
    public int[] Pillars { get; }
    public string[] PillarIds { get; }
    public bool[] PillarIsLeaf { get; }
    public JsonEncodedText[] PillarNames { get; }
    public string[] Tiers { get; }
    public JsonEncodedText[] TierNames { get; }
    /// <summary>The input node ids, for messages that list what is accepted.</summary>
    public string InputIds { get; }

    /// <summary>The index of an input node (any node but the root).</summary>
    public bool TryGetNode(ReadOnlySpan<char> id, out int index) => _nodes.TryGetValue(id, out index);

    /// <summary>True when <paramref name="x"/> is finite and on node <paramref name="i"/>'s scale (the fast path of <see cref="InputBinder.CheckValue"/>).</summary>
    public bool InScale(int i, double x) => x >= Min[i] && x <= Max[i];
}
