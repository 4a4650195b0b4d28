using System.Text.Json.Serialization;

namespace ReadinessApi.Scoring;

[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<NodeFlags>))]
public enum NodeFlags
{
    [JsonStringEnumMemberName("none")] None = 0,
    /// <summary>The client gave this node's value directly.</summary>
    [JsonStringEnumMemberName("given")] Given = 1,
    /// <summary>No value: a leaf without input, or an inner node none of whose children has data.</summary>
    [JsonStringEnumMemberName("missing")] Missing = 2,
    /// <summary>The raw value lay outside the goalposts and was clamped to 0 or 100.</summary>
    [JsonStringEnumMemberName("clamped")] Clamped = 4,
    /// <summary>Some data, but less than the methodology's minCoverage: the node has no value.</summary>
    [JsonStringEnumMemberName("belowCoverage")] BelowCoverage = 8,
    /// <summary>Under a node whose value was given: not computed.</summary>
    [JsonStringEnumMemberName("superseded")] Superseded = 16,
}

/// <summary>The explanation of one node. Values are NaN where the node has none.</summary>
public struct NodeScore
{
    /// <summary>The client's raw value for a given leaf; the aggregated (0–100) value for an inner node.</summary>
    public double Value;
    /// <summary>On 0–100 after goalposts (leaves) or aggregation (inner nodes).</summary>
    public double Normalized;
    /// <summary>The methodology's weight, normalised among all siblings.</summary>
    public double Weight;
    /// <summary>Product of the weights on the path to the root, renormalised over the siblings that had data.</summary>
    public double EffectiveWeight;
    /// <summary>This node's share of the score; the children's contributions sum to their parent's.</summary>
    public double Contribution;
    /// <summary>Share (0–1) of this node's weight that had data.</summary>
    public double Coverage;
    public NodeFlags Flags;

    public readonly bool HasValue => !double.IsNaN(Normalized);
}
