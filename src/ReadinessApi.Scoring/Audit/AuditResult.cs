namespace ReadinessApi.Scoring.Audit;

/// <summary>A cohort's statistical audit under one methodology (see <see cref="IndexAudit"/>).</summary>
/// <param name="Members">The countries audited, in cohort order: every figure is over these, less the ones it lists as missing.</param>
/// <param name="Indicators">Per node the cohort gives values for (its leaves, or inner nodes given directly): the raw inputs' distribution.</param>
/// <param name="Nodes">Per inner node (the index first): Cronbach's alpha of its children and each child's correlations.</param>
/// <param name="Importance">Per pillar and sub-pillar: nominal weight share beside measured share of the index's variance.</param>
/// <param name="Flags">Everything the rules flagged, in tree order.</param>
/// <param name="Correlations">Pearson correlations between every node with data (the index first), for the heatmap.</param>
public sealed record AuditResult(
    IReadOnlyList<string> Members,
    IReadOnlyList<IndicatorAudit> Indicators,
    IReadOnlyList<NodeAudit> Nodes,
    IReadOnlyList<ImportanceAudit> Importance,
    IReadOnlyList<AuditFlag> Flags,
    CorrelationMatrix Correlations);

/// <param name="Coverage">Count over the members audited.</param>
/// <param name="Kurtosis">Excess kurtosis G2 (0 for a normal distribution).</param>
/// <param name="Outlier">|skewness| &gt; 2 and kurtosis &gt; 3.5 (the JRC rule, as COINr applies it).</param>
/// <param name="Missing">Members without a value.</param>
public sealed record IndicatorAudit(string Node, int Count, double Coverage, double? Mean, double? StandardDeviation,
    double? Minimum, double? Maximum, double? Skewness, double? Kurtosis, bool Outlier, IReadOnlyList<string> Missing);

/// <summary>Pearson's r and Spearman's rho of two variables over the members that have both.</summary>
/// <param name="Count">Members with both values.</param>
/// <param name="Missing">Members lacking either value.</param>
public sealed record PairCorrelation(double? Pearson, double? Spearman, int Count, IReadOnlyList<string> Missing);

/// <param name="CronbachAlpha">Of the children's normalised values, variances and covariances pairwise; null with one child or too little data.</param>
public sealed record NodeAudit(string Node, double? CronbachAlpha, IReadOnlyList<ChildAudit> Children);

/// <param name="WithParent">With the node's value.</param>
/// <param name="WithIndex">With the index (the root's value).</param>
public sealed record ChildAudit(string Node, PairCorrelation WithParent, PairCorrelation WithIndex, IReadOnlyList<SiblingCorrelation> WithSiblings);

public sealed record SiblingCorrelation(string Sibling, PairCorrelation Correlation);

/// <param name="Level">pillar or subPillar.</param>
/// <param name="WeightShare">Nominal effective weight: the product of the normalised weights down the tree.</param>
/// <param name="AvailableWeightShare">The same, renormalised over the level's nodes that have data (a node no member has drops out, as the scorer re-weights it away).</param>
/// <param name="FirstOrderEffect">Correlation ratio η² of the index on the node (local-linear smoother): its first-order share of the index's variance.</param>
/// <param name="PearsonSquared">r² of the index and the node, for comparison.</param>
/// <param name="ImportanceShare">η² over the sum of η² of the level's nodes with data.</param>
/// <param name="Ratio">ImportanceShare / AvailableWeightShare; flagged beyond a factor of 2 either way.</param>
public sealed record ImportanceAudit(string Node, string Level, double WeightShare, double? AvailableWeightShare,
    double? FirstOrderEffect, double? PearsonSquared, double? ImportanceShare, double? Ratio, bool Flagged, int Count, IReadOnlyList<string> Missing);

/// <param name="Kind">outlier, negativeWithParent, weakWithParent, redundant, importanceAboveWeight, importanceBelowWeight.</param>
/// <param name="Other">The parent or sibling the flag concerns, where there is one.</param>
public sealed record AuditFlag(string Kind, string Node, string? Other, double Value, string Message);

/// <param name="Nodes">Row and column order: the index, then nodes with data in tree order.</param>
/// <param name="Pearson">Pairwise r; null where fewer than 3 members have both values or one has no spread.</param>
public sealed record CorrelationMatrix(IReadOnlyList<string> Nodes, IReadOnlyList<IReadOnlyList<double?>> Pearson);
