namespace ReadinessApi.Scoring;

/// <summary>
/// What the engine says when a row has too little data: which nodes had none, and the message. One
/// statement for a single score's 422, a batch row's error and a cohort member's reason for having no rank.
/// </summary>
public static class CoverageReport
{
    /// <summary>
    /// The highest nodes without any data: a whole pillar, or single sub-pillars of a pillar that has some.
    /// A node under a given ancestor was never needed, so it is not missing.
    /// </summary>
    public static List<string> Missing(Methodology m, ReadOnlySpan<NodeFlags> flags)
    {
        var missing = new List<string>();
        for (int i = 1; i < m.Count; i++)
        {
            if ((flags[i] & NodeFlags.Missing) != 0 && (flags[m.Parent[i]] & NodeFlags.Missing) == 0 && !UnderGiven(m, flags, i))
            {
                missing.Add(m.Nodes[i].Id);
            }
        }
        return missing;
    }

    /// <summary>Why a row with <paramref name="coverage"/> has no score, and what to add.</summary>
    public static string Message(Methodology m, double coverage, IReadOnlyList<string>? missing) =>
        $"The inputs cover {coverage * 100:0.#}% of '{m.Id}' (by weight), below the minimum {m.MinCoverage * 100:0.#}% needed at every level."
        + (missing is { Count: > 0 } ? $" Add values for: {string.Join(", ", missing)}." : "");

    private static bool UnderGiven(Methodology m, ReadOnlySpan<NodeFlags> flags, int node)
    {
        for (int p = m.Parent[node]; p > 0; p = m.Parent[p])
        {
            if ((flags[p] & NodeFlags.Given) != 0)
            {
                return true;
            }
        }
        return false;
    }
}
