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
        // The service hands over a Dictionary: walk it with its struct enumerator, because the boxed one
        // behind the interface would be a score's only allocation besides its result.
        if (inputs is Dictionary<string, double> dictionary)
        {
            foreach (var (id, x) in dictionary)
            {
                Bind(m, id, x, destination, ref errors);
            }
        }
        else
        {
            foreach (var (id, x) in inputs)
            {
                Bind(m, id, x, destination, ref errors);
            }
        }
        CheckAmbiguity(m, destination, ref errors);
        return errors;
    }

    private static void Bind(Methodology m, string id, double x, Span<double> destination, ref List<InputError>? errors)
    {
        if (!m.TryGetIndex(id, out int i) || i == 0)
        {
            (errors ??= []).Add(new(id, $"'{id}' is not an input node of methodology '{m.Id}'."));
            return;
        }
        if (CheckValue(m, i, x) is { } message)
        {
            (errors ??= []).Add(new(id, message));
            return;
        }
        destination[i] = x;
    }

    /// <summary>Null when <paramref name="x"/> is acceptable for node <paramref name="index"/>; else why not.</summary>
    public static string? CheckValue(Methodology m, int index, double x)
    {
        if (!double.IsFinite(x))
        {
            return "Must be a finite number (NaN and Infinity are not values).";
        }
        double min = m.InputMin[index], max = m.InputMax[index];
        return x < min || x > max
            ? $"{x} is outside the scale of '{m.Nodes[index].Id}' [{min}, {max}]."
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
