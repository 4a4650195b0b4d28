using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Import.Cohorts;

/// <summary>
/// The checks the service would make when it loads the cohort, made before anything is written: every
/// column a node of the methodology (no node beside its own ancestor), every country a known ISO alpha-3
/// code and listed once, every value finite and within its node's input scale.
/// </summary>
public static class CohortValidator
{
    public static void Validate(CohortTable cohort, Methodology methodology)
    {
        var problems = new List<string>();
        var indices = new int[cohort.Nodes.Count];
        for (int i = 0; i < cohort.Nodes.Count; i++)
        {
            if (!methodology.TryGetIndex(cohort.Nodes[i], out indices[i]))
            {
                problems.Add($"column '{cohort.Nodes[i]}' is not a node of {methodology.Id}");
                indices[i] = -1;
            }
        }
        for (int i = 0; i < indices.Length; i++)
        {
            for (int j = 0; j < indices.Length; j++)
            {
                if (indices[i] >= 0 && indices[j] >= 0 && methodology.IsAncestor(indices[i], indices[j]))
                {
                    problems.Add($"columns '{cohort.Nodes[i]}' and its descendant '{cohort.Nodes[j]}' are both given");
                }
            }
        }
        if (cohort.Rows.Count == 0)
        {
            problems.Add("the cohort has no rows");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in cohort.Rows)
        {
            if (!IsoCountries.IsKnown(row.Country))
            {
                problems.Add($"'{row.Country}' is not an ISO 3166-1 alpha-3 code");
            }
            if (!seen.Add(row.Country))
            {
                problems.Add($"{row.Country} appears more than once");
            }
            for (int i = 0; i < indices.Length; i++)
            {
                if (indices[i] < 0 || row.Values[i] is not { } v)
                {
                    continue;
                }
                var scale = methodology.Nodes[indices[i]].InputScale;
                if (!double.IsFinite(v) || v < scale.Min || v > scale.Max)
                {
                    problems.Add($"{row.Country}.{cohort.Nodes[i]} = {v} is outside [{scale.Min}, {scale.Max}]");
                }
            }
        }
        if (problems.Count > 0)
        {
            string list = string.Join("; ", problems.Take(10)) + (problems.Count > 10 ? $"; and {problems.Count - 10} more" : "");
            throw new ImportException(ImportFailure.Validation, $"cohort '{cohort.Id}' fails validation, nothing was written: {list}.");
        }
    }
}
