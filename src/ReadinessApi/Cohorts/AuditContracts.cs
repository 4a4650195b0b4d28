using System.ComponentModel;
using ReadinessApi.Scores;
using ReadinessApi.Scoring.Audit;

namespace ReadinessApi.Cohorts;

/// <summary>A cohort's statistical audit under one methodology: coherence, importance against weight, and flags.</summary>
/// <param name="Cohort">The cohort audited.</param>
/// <param name="Group">The peer group the cohort was restricted to, if any.</param>
/// <param name="Members">The countries audited: every figure is over these, less the ones it lists as missing.</param>
/// <param name="Indicators">Per node the cohort gives values for: count, coverage, mean, standard deviation, minimum, maximum, skewness, kurtosis and the JRC outlier flag, over the raw inputs.</param>
/// <param name="Nodes">Per inner node (the index first): Cronbach's alpha of its children; each child's Pearson and Spearman correlation with the node, with the index and with each sibling.</param>
/// <param name="Importance">Per pillar and sub-pillar: nominal effective weight share beside its measured share of the index's variance (first-order effect, r² too); flagged beyond a factor of 2.</param>
/// <param name="Flags">Negative or weak (r &lt; 0.3) correlation with the parent, redundant siblings (|r| &gt; 0.92), outliers, importance against weight.</param>
/// <param name="Correlations">Pearson correlations between the index and every node with data (the heatmap of <c>format=svg</c>).</param>
/// <param name="Notes">How the numbers were made: definitions, thresholds, pairwise missing values.</param>
[ImmutableObject(true)]
public sealed record AuditResponse(
    MethodologyReference Methodology,
    string Cohort,
    string? Group,
    IReadOnlyList<string> Members,
    IReadOnlyList<IndicatorAudit> Indicators,
    IReadOnlyList<NodeAudit> Nodes,
    IReadOnlyList<ImportanceAudit> Importance,
    IReadOnlyList<AuditFlag> Flags,
    CorrelationMatrix Correlations,
    IReadOnlyList<string> Notes);
