using ReadinessApi.Scoring;

namespace ReadinessApi.Infrastructure.Validation;

/// <summary>
/// A request's node-id → value inputs bound to a methodology's nodes (<see cref="InputBinder"/>), once per
/// request: the validator reports <see cref="Errors"/>, the handler scores <see cref="Values"/>.
/// </summary>
public sealed class BoundInputs
{
    private readonly object? _inputs;

    private BoundInputs(object? inputs, Methodology methodology, double[] values, IReadOnlyList<InputError> errors)
    {
        _inputs = inputs;
        Methodology = methodology;
        Values = values;
        Errors = errors;
    }

    public Methodology Methodology { get; }
    /// <summary>Node-indexed values, NaN where none was given.</summary>
    public double[] Values { get; }
    public IReadOnlyList<InputError> Errors { get; }

    /// <summary>
    /// The inputs bound to <paramref name="m"/>, binding them only when <paramref name="slot"/> holds no binding
    /// of these inputs to it yet (a record copied <c>with</c> other inputs carries the old slot along).
    /// </summary>
    public static BoundInputs Once(ref BoundInputs? slot, Methodology m, IEnumerable<KeyValuePair<string, double>>? inputs)
    {
        if (slot is { } bound && ReferenceEquals(bound.Methodology, m) && ReferenceEquals(bound._inputs, inputs))
        {
            return bound;
        }
        var values = new double[m.Count];
        var errors = inputs is null ? null : InputBinder.Bind(m, inputs, values);
        if (inputs is null)
        {
            values.AsSpan().Fill(double.NaN);
        }
        return slot = new BoundInputs(inputs, m, values, errors ?? []);
    }
}

/// <summary>A country with inputs to score: a single score, a what-if's baseline, a sensitivity item.</summary>
public interface ICountryInputs
{
    string Country { get; }
    Dictionary<string, double> Inputs { get; }
    /// <summary>The year the inputs describe, where the contract has one.</summary>
    int? Year => null;
    /// <summary>The inputs bound to <paramref name="m"/>, once per request (<see cref="BoundInputs.Once"/>).</summary>
    BoundInputs BoundTo(Methodology m);
}
