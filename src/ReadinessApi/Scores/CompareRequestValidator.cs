using FluentValidation;
using FluentValidation.Results;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;

namespace ReadinessApi.Scores;

/// <summary>
/// Everything a comparison can get wrong on its own: the baseline (as for a score), and per scenario its
/// name, its input overrides (unknown nodes, values off scale, a value under a node the baseline gives
/// directly) and its weight overrides (unknown nodes, negative or non-finite weights, all weights of a node's
/// children zero). Errors name the scenario's path and field, and the scenario by name in the message.
/// </summary>
public sealed class CompareRequestValidator : AbstractValidator<CompareRequest>
{
    private readonly ReferenceResolver _references;

    public CompareRequestValidator(CountryInputsValidator countryInputs, ReferenceResolver references)
    {
        _references = references;
        RuleFor(r => r.Baseline).NotNull().WithMessage("baseline is required.").SetValidator(countryInputs);
        RuleFor(r => r.Scenarios).NotEmpty().WithMessage("scenarios must hold at least one scenario.");
        RuleFor(r => r.Scenarios.Count).LessThanOrEqualTo(ContractLimits.MaxScenarios).When(r => r.Scenarios is not null)
            .OverridePropertyName("scenarios").WithMessage($"At most {ContractLimits.MaxScenarios} scenarios per request.");
        RuleFor(r => r).Custom((request, context) =>
        {
            if (request.Scenarios is not { } scenarios)
            {
                return;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            var m = references.MethodologyOf(request.Methodology);
            // The baseline's inputs as bound for the request (their errors are the baseline validator's).
            double[]? baseline = m is not null && request.Baseline?.Inputs is { Count: > 0 } ? request.Baseline.BoundTo(m).Values : null;
            for (int s = 0; s < scenarios.Count; s++)
            {
                var scenario = scenarios[s];
                string path = $"scenarios[{s}]";
                if (scenario is null)
                {
                    context.AddFailure(path, "A scenario cannot be null.");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(scenario.Name))
                {
                    context.AddFailure($"{path}.name", "Every scenario needs a name.");
                }
                else if (!names.Add(scenario.Name))
                {
                    context.AddFailure($"{path}.name", $"Scenario name '{scenario.Name}' is used twice.");
                }
                if (scenario.Inputs is not { Count: > 0 } && scenario.Weights is not { Count: > 0 })
                {
                    context.AddFailure(path, $"Scenario '{scenario.Name}' changes nothing: give inputs, weights or both.");
                }
                if (m is null)
                {
                    continue;
                }
                string label = $"Scenario '{scenario.Name}': ";
                if (scenario.Inputs is { } overrides)
                {
                    CheckInputs(m, baseline, overrides, path, label, context);
                }
                if (scenario.Weights is { } weights)
                {
                    CheckWeights(m, weights, path, label, context);
                }
            }
        });
    }

    protected override bool PreValidate(ValidationContext<CompareRequest> context, ValidationResult result)
    {
        CountryInputsValidator.UseMethodology(context, _references.MethodologyOf(context.InstanceToValidate.Methodology));
        return true;
    }

    private static void CheckInputs(Methodology m, double[]? baseline, Dictionary<string, double> overrides, string path, string label,
        ValidationContext<CompareRequest> context)
    {
        var given = new double[m.Count];
        given.AsSpan().Fill(double.NaN);
        foreach (var (id, x) in overrides)
        {
            if (!m.TryGetIndex(id, out int i) || i == 0)
            {
                context.AddFailure($"{path}.inputs.{id}", $"{label}'{id}' is not an input node of methodology '{m.Id}'.");
                continue;
            }
            if (InputBinder.CheckValue(m, i, x) is { } message)
            {
                context.AddFailure($"{path}.inputs.{id}", label + message);
                continue;
            }
            given[i] = x;
        }
        List<InputError>? errors = null;
        InputBinder.CheckAmbiguity(m, given, ref errors);
        foreach (var error in errors ?? [])
        {
            context.AddFailure($"{path}.inputs.{error.NodeId}", label + error.Message);
        }
        if (baseline is null)
        {
            return;
        }
        for (int i = 1; i < m.Count; i++)
        {
            if (double.IsNaN(given[i]))
            {
                continue;
            }
            for (int p = m.Nodes[i].Parent; p > 0; p = m.Nodes[p].Parent)
            {
                if (!double.IsNaN(baseline[p]) && double.IsNaN(given[p]))
                {
                    context.AddFailure($"{path}.inputs.{m.Nodes[i].Id}",
                        $"{label}the baseline gives '{m.Nodes[p].Id}' directly, so its descendant '{m.Nodes[i].Id}' would not count; override '{m.Nodes[p].Id}' instead.");
                    break;
                }
            }
        }
    }

    private static void CheckWeights(Methodology m, Dictionary<string, double> weights, string path, string label,
        ValidationContext<CompareRequest> context)
    {
        var weight = m.Nodes.Select(n => n.Weight).ToArray();
        foreach (var (id, w) in weights)
        {
            if (!m.TryGetIndex(id, out int i) || i == 0)
            {
                context.AddFailure($"{path}.weights.{id}", $"{label}'{id}' is not a weighted node of methodology '{m.Id}' (the root has no weight).");
            }
            else if (!double.IsFinite(w) || w < 0)
            {
                context.AddFailure($"{path}.weights.{id}", $"{label}the weight of '{id}' must be a finite number ≥ 0; got {w}.");
            }
            else
            {
                weight[i] = w;
            }
        }
        foreach (var node in m.Nodes.Where(n => !n.IsLeaf))
        {
            if (node.Children.Any(c => weights.ContainsKey(m.Nodes[c].Id)) && node.Children.Sum(c => weight[c]) <= 0)
            {
                context.AddFailure($"{path}.weights", $"{label}every child of '{node.Id}' would weigh zero; at least one must be positive.");
            }
        }
    }
}
