namespace ReadinessApi.Scoring;

/// <summary>A problem with one input value, named by node id.</summary>
public readonly record struct InputError(string NodeId, string Message);

/// <summary>
/// Turns node-id → value inputs into the node-indexed span the scorer reads, checking everything the
/// contract promises to reject: unknown nodes, non-finite values, values off a node's scale, and a node
/// given together with one of its descendants (ambiguous: which one counts?).
/// </summary>
public static class InputBinder
{
    /// <summary>Fills <paramref name="destination"/> (NaN where no value) and returns the problems found.</summary>
    public static List<InputError>? Bind(Methodology m, IEnumerable<KeyValuePair<string, double>> inputs, Span<double> destination)
    {
        destination.Fill(double.NaN);
        List<InputError>? errors = null;
        foreach (var (id, x) in inputs)
        {
            if (!m.TryGetIndex(id, out int i) || i == 0)
            {
                (errors ??= []).Add(new(id, $"'{id}' is not an input node of methodology '{m.Id}'."));
                continue;
            }
            if (CheckValue(m, i, x) is { } message)
            {
                (errors ??= []).Add(new(id, message));
                continue;
            }
            destination[i] = x;
        }
        CheckAmbiguity(m, destination, ref errors);
        return errors;
    }

    /// <summary>Null when <paramref name="x"/> is acceptable for node <paramref name="index"/>; else why not.</summary>
    public static string? CheckValue(Methodology m, int index, double x)
    {
        if (!double.IsFinite(x))
        {
            return "Must be a finite number (NaN and Infinity are not values).";
        }
        var scale = m.Nodes[index].InputScale;
        return x < scale.Min || x > scale.Max
            ? $"{x} is outside the scale of '{m.Nodes[index].Id}' [{scale.Min}, {scale.Max}]."
            : null;
    }

    /// <summary>Reports every given node that has a given ancestor.</summary>
    public static void CheckAmbiguity(Methodology m, ReadOnlySpan<double> values, ref List<InputError>? errors)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }
            for (int p = m.Parent[i]; p > 0; p = m.Parent[p])
            {
                if (!double.IsNaN(values[p]))
                {
                    (errors ??= []).Add(new(m.Nodes[i].Id,
                        $"Both '{m.Nodes[p].Id}' and its descendant '{m.Nodes[i].Id}' were given; send one or the other."));
                    break;
                }
            }
        }
    }
}
