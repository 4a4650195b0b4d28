using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReadinessApi.Scoring;

/// <summary>
/// A compiled, immutable methodology: the validated tree flattened into arrays for the scoring loop,
/// with a content hash over its canonical JSON so every score can name exactly what produced it.
/// </summary>
public sealed partial class Methodology
{
    internal static readonly Goalposts DefaultGoalposts = new(0, 100);
    internal static readonly ValueRange HundredRange = new(0, 100);
    /// <summary>Shapley values enumerate 2^k coalitions; beyond this many children that stops being cheap.</summary>
    public const int MaxNonArithmeticChildren = 12;

    // Frozen: built once, then read for every input id of every request, where its lookups beat a Dictionary's.
    private readonly FrozenDictionary<string, int> _index;
    // Hot-path copies of the tree, indexed by node (pre-order).
    internal readonly int[] Parent;
    internal readonly int[] ChildStart;
    internal readonly int[] ChildEnd;
    internal readonly int[] ChildList;
    internal readonly double[] Weight;
    internal readonly double[] NormalizedWeight;
    internal readonly double[] ChildWeightSum;
    internal readonly AggregationRule[] Rule;
    internal readonly double[] Exponent;
    internal readonly double[] Lower;
    internal readonly double[] Upper;
    internal readonly bool[] Reverse;
    internal readonly bool[] Log;
    internal readonly double[] LogOffset;
    internal readonly double[] InputMin;
    internal readonly double[] InputMax;

    private Methodology(MethodologyDocument document, List<MethodologyNode> nodes, string hash)
    {
        Document = document;
        Nodes = nodes;
        Hash = hash;
        int n = nodes.Count;
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        Parent = new int[n];
        ChildStart = new int[n];
        ChildEnd = new int[n];
        ChildList = new int[Math.Max(0, n - 1)];
        Weight = new double[n];
        NormalizedWeight = new double[n];
        ChildWeightSum = new double[n];
        Rule = new AggregationRule[n];
        Exponent = new double[n];
        Lower = new double[n];
        Upper = new double[n];
        Reverse = new bool[n];
        Log = new bool[n];
        LogOffset = new double[n];
        InputMin = new double[n];
        InputMax = new double[n];
        int cursor = 0;
        foreach (var node in nodes)
        {
            int i = node.Index;
            index[node.Id] = i;
            Parent[i] = node.Parent;
            Weight[i] = node.Weight;
            NormalizedWeight[i] = node.NormalizedWeight;
            InputMin[i] = node.InputScale.Min;
            InputMax[i] = node.InputScale.Max;
            ChildStart[i] = cursor;
            foreach (var c in node.Children)
            {
                ChildList[cursor++] = c;
                ChildWeightSum[i] += nodes[c].Weight;
            }
            ChildEnd[i] = cursor;
            Rule[i] = node.Aggregation.Rule;
            Exponent[i] = node.Aggregation.Exponent ?? 1.0;
            var g = node.Normalisation;
            Log[i] = g.Log;
            LogOffset[i] = g.LogOffset;
            Lower[i] = g.Log ? Math.Log(g.Lower + g.LogOffset) : g.Lower;
            Upper[i] = g.Log ? Math.Log(g.Upper + g.LogOffset) : g.Upper;
            Reverse[i] = g.Direction < 0;
        }
        _index = index.ToFrozenDictionary(StringComparer.Ordinal);
        Pillars = nodes[0].Children;
        MaxChildren = nodes.Max(x => x.Children.Count);
    }

    /// <summary>The most children any node has: the size of the scoring loop's working buffers.</summary>
    internal int MaxChildren { get; }

    public MethodologyDocument Document { get; }
    public string Id => Document.Id;
    public string Version => Document.Version;
    public string Title => Document.Title;
    /// <summary>Lower-case hex SHA-256 of the canonical JSON form.</summary>
    public string Hash { get; }
    public IReadOnlyList<MethodologyNode> Nodes { get; }
    public MethodologyNode Root => Nodes[0];
    /// <summary>Indices of the root's children: the pillars that explanations and bottlenecks speak of.</summary>
    public IReadOnlyList<int> Pillars { get; }
    public int Count => Nodes.Count;
    public double MinCoverage => Document.MinCoverage;
    public double GeometricFloor => Document.GeometricFloor;
    public RescaleRule Rescale => Document.Rescale;
    /// <summary>Published score = internal 0–100 score × this factor.</summary>
    public double ScaleFactor => Document.Scale.Max / 100.0;

    /// <summary>
    /// A raw 0–100 aggregate on the published scale: rescaled over <paramref name="cohort"/> when this
    /// methodology rescales and a cohort is given, then times <see cref="ScaleFactor"/>. NaN stays NaN.
    /// </summary>
    public double Publish(double raw, CohortScale? cohort) =>
        (cohort is { } scale && Rescale != RescaleRule.None ? scale.Apply(Rescale, raw) : raw) * ScaleFactor;

    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    public MethodologyNode this[string id] => Nodes[_index[id]];

    /// <summary>True when <paramref name="ancestor"/> lies on the path from <paramref name="node"/> to the root.</summary>
    public bool IsAncestor(int ancestor, int node)
    {
        for (int p = Parent[node]; p >= 0; p = Parent[p])
        {
            if (p == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The tier a published-scale score falls in, and its position in <see cref="MethodologyDocument.Tiers"/> (−1: none).</summary>
    public int TierIndex(double score)
    {
        // Compared at the ranking's resolution (1e-9), for the same reason ties are: a score that is exactly
        // on a threshold can come out an ulp below it ((0.1·10 + 0.2·100)/0.3 = 69.99999999999999).
        double key = Ranking.Key(score);
        var tiers = Document.Tiers;
        for (int t = 0; t < tiers.Count; t++)
        {
            if (key >= tiers[t].Min)
            {
                return t;
            }
        }
        return -1;
    }

    public static Methodology Parse(ReadOnlySpan<byte> utf8Json)
    {
        MethodologyDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<MethodologyDocument>(utf8Json, MethodologyJson.Options);
        }
        catch (JsonException e)
        {
            throw new MethodologyException($"Methodology JSON is malformed at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
        return Compile(doc ?? throw new MethodologyException("Methodology JSON is empty."));
    }

    /// <summary>The canonical form the hash covers: compact JSON, properties in declaration order.</summary>
    public static byte[] Canonicalize(MethodologyDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, MethodologyJson.Options);

    public static Methodology Compile(MethodologyDocument document)
    {
        Validate(document);
        var nodes = new List<MethodologyNode>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Flatten(document.Root, parent: -1, depth: 0, normalizedWeight: 1.0, nodes, ids);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Canonicalize(document)));
        return new Methodology(document, nodes, hash);
    }

    /// <summary>
    /// A methodology with some weights replaced (what-if scenarios, uncertainty draws): a new document,
    /// so a new hash, and a version that says it was derived.
    /// </summary>
    public Methodology WithWeights(IReadOnlyDictionary<string, double> weights)
    {
        foreach (var id in weights.Keys)
        {
            if (!_index.ContainsKey(id) || id == Root.Id)
            {
                throw new MethodologyException($"Unknown node '{id}' in weights.");
            }
        }
        var root = Rewrite(Document.Root, weights);
        return Derive(Document with { Root = root }, "weights");
    }

    /// <summary>A methodology whose node <paramref name="nodeId"/> aggregates by another rule.</summary>
    public Methodology WithAggregation(string nodeId, Aggregation aggregation)
    {
        if (!_index.TryGetValue(nodeId, out int i) || Nodes[i].IsLeaf)
        {
            throw new MethodologyException($"'{nodeId}' is not an inner node of '{Id}'.");
        }
        var root = Rewrite(Document.Root, null, nodeId, aggregation);
        return Derive(Document with { Root = root }, "aggregation");
    }

    private Methodology Derive(MethodologyDocument derived, string what)
    {
        // The derived version names its origin; its hash (over the whole new document) is what identifies it.
        var probe = Compile(derived with { Version = Version });
        return Compile(derived with { Version = $"{Version}+{what}.{probe.Hash[..12]}" });
    }

    private static NodeDocument Rewrite(NodeDocument node, IReadOnlyDictionary<string, double>? weights,
        string? aggregationNode = null, Aggregation? aggregation = null)
    {
        var children = node.Children.Count == 0
            ? node.Children
            : node.Children.Select(c => Rewrite(c, weights, aggregationNode, aggregation)).ToArray();
        return node with
        {
            Weight = weights is not null && weights.TryGetValue(node.Id, out var w) ? w : node.Weight,
            Aggregation = node.Id == aggregationNode ? aggregation : node.Aggregation,
            Children = children,
        };
    }

    private static void Flatten(NodeDocument doc, int parent, int depth, double normalizedWeight,
        List<MethodologyNode> nodes, HashSet<string> ids)
    {
        if (!ids.Add(doc.Id))
        {
            throw new MethodologyException($"Node id '{doc.Id}' appears more than once.");
        }
        int index = nodes.Count;
        var childIndices = new int[doc.Children.Count];
        var node = new MethodologyNode(index, parent, depth, doc, normalizedWeight, childIndices);
        nodes.Add(node);
        double sum = doc.Children.Sum(c => c.Weight);
        for (int c = 0; c < doc.Children.Count; c++)
        {
            childIndices[c] = nodes.Count;
            Flatten(doc.Children[c], index, depth + 1, doc.Children[c].Weight / sum, nodes, ids);
        }
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCaseId();

    private static void Validate(MethodologyDocument d)
    {
        Require(!string.IsNullOrWhiteSpace(d.Id), "id is required.");
        Require(!string.IsNullOrWhiteSpace(d.Version), "version is required.");
        Require(d.MinCoverage is >= 0 and <= 1, "minCoverage must lie in [0, 1].");
        Require(double.IsFinite(d.Scale.Max) && d.Scale.Max > 0, "scale.max must be a positive number.");
        Require(double.IsFinite(d.GeometricFloor) && d.GeometricFloor > 0, "geometricFloor must be a positive number.");
        for (int t = 0; t < d.Tiers.Count; t++)
        {
            Require(!string.IsNullOrWhiteSpace(d.Tiers[t].Label), $"tiers[{t}].label is required.");
            Require(t == 0 || d.Tiers[t].Min < d.Tiers[t - 1].Min, "tiers must be ordered from the highest threshold down.");
        }
        Require(d.Root.Children.Count > 0, "the root must have children.");
        ValidateNode(d.Root, "root");

        static void ValidateNode(NodeDocument n, string path)
        {
            Require(n.Id is not null && CamelCaseId().IsMatch(n.Id), $"{path}: id '{n.Id}' must be camelCase.");
            Require(double.IsFinite(n.Weight) && n.Weight >= 0, $"{n.Id}: weight must be a finite number ≥ 0.");
            if (n.Children.Count == 0)
            {
                Require(n.Aggregation is null, $"{n.Id}: a leaf has no aggregation.");
                var g = n.Normalisation ?? DefaultGoalposts;
                Require(double.IsFinite(g.Lower) && double.IsFinite(g.Upper) && g.Lower < g.Upper,
                    $"{n.Id}: goalposts need lower < upper.");
                Require(g.Direction is 1 or -1, $"{n.Id}: direction must be 1 or -1.");
                Require(!g.Log || g.Lower + g.LogOffset > 0, $"{n.Id}: a log transform needs lower + logOffset > 0.");
                var s = n.InputScale ?? HundredRange;
                Require(double.IsFinite(s.Min) && double.IsFinite(s.Max) && s.Min < s.Max, $"{n.Id}: inputScale needs min < max.");
                return;
            }
            Require(n.Normalisation is null && n.InputScale is null, $"{n.Id}: only leaves have normalisation and inputScale.");
            var a = n.Aggregation ?? Aggregation.Arithmetic;
            if (a.Rule == AggregationRule.GeneralisedMean)
            {
                Require(a.Exponent is { } p && double.IsFinite(p) && p != 0,
                    $"{n.Id}: a generalised mean needs a finite, non-zero exponent (p → 0 is the geometric rule).");
            }
            Require(a.Rule == AggregationRule.Arithmetic || n.Children.Count <= MaxNonArithmeticChildren,
                $"{n.Id}: non-arithmetic aggregation supports at most {MaxNonArithmeticChildren} children.");
            foreach (var c in n.Children)
            {
                ValidateNode(c, $"{path}.{c.Id}");
            }
            // After the children: a negative weight is reported on the child that has it, not as a bad sum here.
            Require(n.Children.Sum(c => c.Weight) > 0, $"{n.Id}: the children's weights sum to zero.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new MethodologyException(message);
        }
    }
}
