using FluentValidation;
using Microsoft.Extensions.Options;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Sensitivity;

/// <summary>
/// What can be wrong with a sensitivity request on its own: the bounds (draws against the configured
/// maximum, noise, rules), cohort-or-items, and every item's country and inputs against the methodology.
/// Unknown methodologies and cohorts are 404s, answered by the handler.
/// </summary>
public sealed class SensitivityRequestValidator : AbstractValidator<SensitivityRequest>
{
    public SensitivityRequestValidator(MethodologyCatalog catalog, IOptions<SensitivityOptions> options)
    {
        var limits = options.Value;
        RuleFor(r => r.Draws).InclusiveBetween(1, limits.MaxDraws)
            .WithMessage(r => $"draws must lie in [1, {limits.MaxDraws}] (the configured maximum); got {r.Draws}.");
        RuleFor(r => r.WeightNoise).InclusiveBetween(0, 1)
            .WithMessage("weightNoise must lie in [0, 1], so that no weight turns negative.");
        RuleForEach(r => r.Aggregations)
            .Must(a => SensitivityEndpoints.ParseAggregation(a) is not null)
            .WithMessage(a => $"Unknown aggregation rule; use {string.Join(", ", SensitivityEndpoints.AggregationNames)}.");
        RuleFor(r => r.Aggregations)
            .Must(a => a is null || a.Distinct(StringComparer.Ordinal).Count() == a.Count)
            .WithMessage("aggregations lists a rule twice.");
        RuleFor(r => r)
            .Must(r => (r.Cohort is null) != (r.Items is null))
            .OverridePropertyName("cohort")
            .WithMessage("Give either cohort (a reference cohort id) or items (inline countries), not both and not neither.");
        RuleFor(r => r.Items!.Count).InclusiveBetween(1, limits.MaxItems).When(r => r.Items is not null)
            .OverridePropertyName("items")
            .WithMessage($"items must hold between 1 and {limits.MaxItems} countries.");
        // Checked before the child rules, which would otherwise be handed a null item (a 500, not a 400).
        RuleForEach(r => r.Items).NotNull().WithMessage("An item cannot be null: give a country and its inputs.")
            .ChildRules(item =>
        {
            item.RuleFor(i => i.Country).NotEmpty().WithMessage("country is required.")
                .Must(IsoCountries.IsKnown).When(i => !string.IsNullOrEmpty(i.Country), ApplyConditionTo.CurrentValidator)
                .WithMessage(i => $"'{i.Country}' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. RUS).");
            item.RuleFor(i => i.Inputs).NotEmpty().WithMessage("inputs must hold at least one node value.");
        });
        RuleFor(r => r).Custom((request, context) =>
        {
            if (request.Items is not { } items)
            {
                return;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i]?.Country is { } country && !seen.Add(country))
                {
                    context.AddFailure($"items[{i}].country", $"'{country}' appears more than once in items.");
                }
            }
            if (!catalog.TryGet(request.Methodology ?? MethodologyCatalog.DefaultId, out var m))
            {
                return;
            }
            var values = new double[m.Count];
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i]?.Inputs is not { Count: > 0 } inputs)
                {
                    continue;
                }
                foreach (var error in InputBinder.Bind(m, inputs, values) ?? [])
                {
                    context.AddFailure($"items[{i}].inputs.{error.NodeId}", error.Message);
                }
            }
        });
    }
}
