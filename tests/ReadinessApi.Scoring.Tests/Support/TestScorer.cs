namespace ReadinessApi.Scoring.Tests.Support;

/// <summary>The service's path in one call: bind node-id inputs (which must be valid), then score.</summary>
public static class TestScorer
{
    public static ScoreResult Score(Methodology m, params (string Id, double Value)[] inputs) =>
        Score(m, inputs.Select(x => KeyValuePair.Create(x.Id, x.Value)), cohort: null);

    public static ScoreResult Score(Methodology m, IEnumerable<KeyValuePair<string, double>> inputs, CohortScale? cohort = null)
    {
        var bound = new double[m.Count];
        var errors = InputBinder.Bind(m, inputs, bound);
        Assert.True(errors is null, errors is null ? "" : string.Join("; ", errors.Select(e => $"{e.NodeId}: {e.Message}")));
        return Scorer.Score(m, bound, cohort);
    }

    /// <summary>The explanation of the node named <paramref name="id"/>.</summary>
    public static NodeScore Node(this ScoreResult result, string id)
    {
        Assert.True(result.Methodology.TryGetIndex(id, out int i), $"no node '{id}'");
        return result.Nodes[i];
    }

    public static IReadOnlyList<InputError> BindErrors(Methodology m, params (string Id, double Value)[] inputs)
    {
        var errors = InputBinder.Bind(m, inputs.Select(x => KeyValuePair.Create(x.Id, x.Value)), new double[m.Count]);
        return errors ?? [];
    }
}
