namespace ReadinessApi.Scoring;

/// <summary>One node of a compiled methodology tree. Nodes are numbered in pre-order, so the root is 0
/// and every child has a larger index than its parent: scoring walks the indices backwards.</summary>
public sealed class MethodologyNode
{
    internal MethodologyNode(int index, int parent, int depth, NodeDocument document, double normalizedWeight, int[] children)
    {
        Index = index;
        Parent = parent;
        Depth = depth;
        Document = document;
        NormalizedWeight = normalizedWeight;
        Children = children;
    }

    public int Index { get; }
    /// <summary>Index of the parent, −1 for the root.</summary>
    public int Parent { get; }
    public int Depth { get; }
    public NodeDocument Document { get; }
    public string Id => Document.Id;
    public string Name => Document.Name;
    /// <summary>The weight as written, relative to the siblings.</summary>
    public double Weight => Document.Weight;
    /// <summary>The weight divided by the sum of the siblings' weights (1 for the root).</summary>
    public double NormalizedWeight { get; }
    public IReadOnlyList<int> Children { get; }
    public bool IsLeaf => Children.Count == 0;
    public Aggregation Aggregation => Document.Aggregation ?? Aggregation.Arithmetic;
    public Goalposts Normalisation => Document.Normalisation ?? Methodology.DefaultGoalposts;
    /// <summary>The range a client's value must lie in: the leaf's input scale, or 0–100 for an inner node.</summary>
    public ValueRange InputScale => IsLeaf ? Document.InputScale ?? Methodology.HundredRange : Methodology.HundredRange;
}
