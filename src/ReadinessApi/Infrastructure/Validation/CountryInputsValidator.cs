using FluentValidation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Infrastructure.Validation;

/// <summary>
/// The country, year and inputs rules, stated once for every request that scores a country: included by
/// the score validator, set on a what-if's baseline and on every sensitivity item, so their errors carry
/// the JSON path from the body's root (<c>country</c>, <c>baseline.country</c>, <c>items[2].inputs.talent</c>).
/// The inputs are checked against the methodology the parent validator put in <see cref="UseMethodology"/>.
/// </summary>
public sealed class CountryInputsValidator : AbstractValidator<ICountryInputs>
{
    private const string MethodologyKey = "readiness.methodology";

    public CountryInputsValidator()
    {
        RuleFor(x => x.Country).NotEmpty().WithMessage(ContractLimits.CountryRequired)
            // The condition applies to this check only: by default When() also silences NotEmpty(), and "" was scored.
            .Must(IsoCountries.IsKnown).When(x => !string.IsNullOrEmpty(x.Country), ApplyConditionTo.CurrentValidator)
            .WithMessage(x => ContractLimits.NotACountry(x.Country));
        RuleFor(x => x.Year)
            .Must(y => y is not { } year || ContractLimits.IsYear(year))
            .WithMessage(ContractLimits.YearRange);
        RuleFor(x => x.Inputs).NotEmpty().WithMessage(ContractLimits.NoInputs);
        RuleFor(x => x).Custom((item, context) =>
        {
            if (item.Inputs is not { Count: > 0 } || !context.RootContextData.TryGetValue(MethodologyKey, out var value) || value is not Methodology m)
            {
                return;
            }
            // AddFailure prefixes the parent's path (baseline., items[2].).
            foreach (var error in item.BoundTo(m).Errors)
            {
                context.AddFailure($"inputs.{error.NodeId}", error.Message);
            }
        });
    }

    /// <summary>Called by a parent validator before validating: the methodology the inputs are checked against (none when it is unknown: that is a 404).</summary>
    public static void UseMethodology<T>(ValidationContext<T> context, Methodology? m)
    {
        if (m is not null)
        {
            context.RootContextData[MethodologyKey] = m;
        }
    }
}
