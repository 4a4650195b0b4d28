using ReadinessApi.Scoring;
using ReadinessApi.Sensitivity;

namespace ReadinessApi.Cohorts;

/// <summary>The loaded reference cohorts, bound to a methodology, for what-if comparisons and sensitivity analysis.</summary>
internal sealed class RegistryCohortRows(CohortRegistry registry) : ICohortRows
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
