namespace ReadinessApi.Scoring.Tests.Uncertainty;

/// <summary>
/// Made-up cohorts in the shape of the published indices (a few leaders, a long tail), bound through
/// <see cref="InputBinder"/> as the service binds them. No third-party data.
/// </summary>
public static class SyntheticCohort
{
    /// <param name="missingShare">Chance that a leaf has no value.</param>
    /// <param name="pillarShare">Chance that a country gives its first pillar's value directly instead of its leaves.</param>
    public static List<double[]> Create(Methodology m, int countries, int seed, double missingShare = 0, double pillarShare = 0)
    {
        var random = new Random(seed);
        var rows = new List<double[]>(countries);
        var leaves = m.Nodes.Where(x => x.IsLeaf).ToArray();
        var firstPillar = m.Nodes[m.Pillars[0]];
        for (int c = 0; c < countries; c++)
        {
            // A country-level strength, so indicators correlate as they do in real indices.
            double strength = Math.Pow(random.NextDouble(), 2.5);
            var inputs = new Dictionary<string, double>();
            bool pillarGiven = !firstPillar.IsLeaf && random.NextDouble() < pillarShare;
            if (pillarGiven)
            {
                inputs[firstPillar.Id] = Math.Round(100 * strength, 2);
            }
            foreach (var leaf in leaves)
            {
                if ((pillarGiven && m.IsAncestor(firstPillar.Index, leaf.Index)) || random.NextDouble() < missingShare)
                {
                    continue;
                }
                var scale = leaf.InputScale;
                double t = Math.Clamp((0.7 * strength) + (0.3 * random.NextDouble()), 0, 1);
                inputs[leaf.Id] = Math.Round(scale.Min + (t * (scale.Max - scale.Min)), 2);
            }
            var row = new double[m.Count];
            var errors = InputBinder.Bind(m, inputs, row);
            if (errors is not null)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
            }
            rows.Add(row);
        }
        return rows;
    }
}
