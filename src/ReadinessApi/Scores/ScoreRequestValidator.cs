using FluentValidation;
using FluentValidation.Results;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Scores;

/// <summary>
/// Everything about a score request that can be wrong on its own: the country code, the year, and the
/// inputs against the methodology's tree (<see cref="CountryInputsValidator"/>). An unknown methodology is
/// a 404, answered by the handler through <see cref="ReferenceResolver"/>.
/// </summary>
public sealed class ScoreRequestValidator : AbstractValidator<ScoreRequest>
{
    private readonly ReferenceResolver _references;

    public ScoreRequestValidator(CountryInputsValidator countryInputs, ReferenceResolver references)
    {
        _references = references;
        Include(countryInputs);
    }

    protected override bool PreValidate(ValidationContext<ScoreRequest> context, ValidationResult result)
    {
        CountryInputsValidator.UseMethodology(context, _references.MethodologyOf(context.InstanceToValidate.Methodology));
        return true;
    }
}
