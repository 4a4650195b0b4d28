namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// A cohort's members bound to one methodology (see <see cref="Cohort.Bind"/>): row <c>i</c> is member
/// <c>i</c>'s node-indexed inputs (NaN: no value), <see cref="Problems"/> <c>i</c> why it has none it can use.
/// </summary>
public sealed record BoundCohort(Cohort Cohort, Methodology Methodology, IReadOnlyList<double[]> Rows, IReadOnlyList<string?> Problems)
{
    /// <summary>ISO alpha-3 codes aligned with <see cref="Rows"/>.</summary>
    public IEnumerable<string> Countries => Cohort.Members.Select(m => m.Country);
}
