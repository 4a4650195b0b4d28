using ReadinessApi.Scoring;
using ReadinessApi.Sensitivity;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The reference cohorts for what-if comparisons and uncertainty analysis: a registry cohort bound to the
/// methodology asked for. A cohort without any of that methodology's inputs is not offered for it.
/// </summary>
public sealed class RegistryCohortRows(CohortRegistry registry) : ICohortRows
{
    public bool TryGet(string id, Methodology methodology, out CohortRowSet rows)
    {
        rows = null!;
        if (!registry.TryGet(id, out var cohort) || !cohort.Carries(methodology))
        {
            return false;
        }
        var bound = cohort.Bind(methodology);
        rows = new CohortRowSet(cohort.Id, cohort.Hash, [.. bound.Countries], bound.Rows);
        return true;
    }
}
