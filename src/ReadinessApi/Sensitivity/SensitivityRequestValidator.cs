using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Sensitivity;

/// <summary>
/// What can be wrong with a sensitivity request on its own: the bounds (draws against the configured
/// maximum, noise, rules), cohort-or-items, and every item's country and inputs against the methodology.
/// Unknown methodologies and cohorts are 404s, answered by the handler.
/// </summary>
public sealed class SensitivityRequestValidator : AbstractValidator<SensitivityRequest>
{
    private readonly ReferenceResolver _references;

    public SensitivityRequestValidator(CountryInputsValidator countryInputs, ReferenceResolver references, IOptions<SensitivityOptions> options)
    {
        _references = references;
        var limits = options.Value;
        RuleFor(r => r.Draws).InclusiveBetween(ContractLimits.MinDraws, limits.MaxDraws)
            .WithMessage(r => $"draws must lie in [{ContractLimits.MinDraws}, {limits.MaxDraws}] (the configured maximum); got {r.Draws}.");
        RuleFor(r => r.WeightNoise).InclusiveBetween(ContractLimits.MinWeightNoise, ContractLimits.MaxWeightNoise)
            .WithMessage($"weightNoise must lie in [{ContractLimits.MinWeightNoise}, {ContractLimits.MaxWeightNoise}], so that no weight turns negative.");
        RuleForEach(r => r.Aggregations)
            .Must(a => SensitivityEndpoints.ParseAggregation(a) is not null)
            .WithMessage(a => $"Unknown aggregation rule; use {string.Join(", ", SensitivityEndpoints.AggregationNames)}.");
        RuleFor(r => r.Aggregations)
            .Must(a => a is null || a.Distinct(StringComparer.Ordinal).Count() == a.Count)
            .WithMessage("aggregations lists a rule twice.");
        RuleFor(r => r.Analysis)
            .Must(a => a is null or SensitivityVariance.Uncertainty or SensitivityVariance.Name)
            .WithMessage(r => $"Unknown analysis '{r.Analysis}'; use {SensitivityVariance.Uncertainty} (the default) or {SensitivityVariance.Name}.");
        RuleFor(r => r.Factors).Null().When(r => r.Analysis != SensitivityVariance.Name)
            .WithMessage("factors applies to analysis variance only.");
        RuleFor(r => r.Country).Null().When(r => r.Analysis != SensitivityVariance.Name)
            .WithMessage("country applies to analysis variance only.");
        RuleFor(r => r.Country).Must(Scoring.Countries.IsoCountries.IsKnown!).When(r => r.Country is not null && r.Analysis == SensitivityVariance.Name)
            .WithMessage(r => $"'{r.Country}' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. RUS).");
        RuleForEach(r => r.Factors).NotEmpty().When(r => r.Analysis == SensitivityVariance.Name)
            .WithMessage("A factor must be named: a node id, aggregation, normalisation or missingData.");
        RuleFor(r => r.Factors!.Count).GreaterThan(0).When(r => r.Factors is not null)
            .OverridePropertyName("factors")
            .WithMessage("factors, when given, must name at least one factor.");
        RuleFor(r => r)
            .Must(r => (r.Cohort is null) != (r.Items is null))
            .OverridePropertyName("cohort")
            .WithMessage("Give either cohort (a reference cohort id) or items (inline countries), not both and not neither.");
        RuleFor(r => r.Items!.Count).InclusiveBetween(1, limits.MaxItems).When(r => r.Items is not null)
            .OverridePropertyName("items")
            .WithMessage($"items must hold between 1 and {limits.MaxItems} countries.");
        // Null items are refused before the child rules see them (a null item was a 500, not a 400).
        RuleForEach(r => r.Items).NotNull().WithMessage("An item cannot be null.").SetValidator(countryInputs);
        RuleFor(r => r.Items).Custom((items, context) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < (items?.Count ?? 0); i++)
            {
                if (items![i]?.Country is { } country && !seen.Add(country))
                {
                    context.AddFailure($"items[{i}].country", $"'{country}' appears more than once in items.");
                }
            }
        });
    }

    protected override bool PreValidate(ValidationContext<SensitivityRequest> context, ValidationResult result)
    {
        CountryInputsValidator.UseMethodology(context, _references.MethodologyOf(context.InstanceToValidate.Methodology));
        return true;
    }
}
