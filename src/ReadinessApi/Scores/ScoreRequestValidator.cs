using FluentValidation;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Scores;

/// <summary>
/// Everything about a score request that can be wrong on its own: the country code, the year, and the
/// inputs against the methodology's tree. An unknown methodology is a 404, answered by the handler.
/// </summary>
public sealed class ScoreRequestValidator : AbstractValidator<ScoreRequest>
{
    private readonly MethodologyCatalog _catalog;

    public ScoreRequestValidator(MethodologyCatalog catalog)
    {
        _catalog = catalog;
        RuleFor(r => r.Country).NotEmpty().WithMessage("country is required.")
            // The condition applies to this check only: by default When() also silences NotEmpty(), and "" was scored.
            .Must(IsoCountries.IsKnown).When(r => !string.IsNullOrEmpty(r.Country), ApplyConditionTo.CurrentValidator)
            .WithMessage(r => $"'{r.Country}' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. RUS).");
        RuleFor(r => r.Year).InclusiveBetween(1900, 2100);
        RuleFor(r => r.Inputs).NotEmpty().WithMessage("inputs must hold at least one node value.");
        RuleFor(r => r).Custom((request, context) =>
        {
            if (request.Inputs is not { Count: > 0 } || !catalog.TryGet(request.Methodology ?? MethodologyCatalog.DefaultId, out var m))
            {
                return;
            }
            Span<double> values = stackalloc double[m.Count];
            foreach (var error in InputBinder.Bind(m, request.Inputs, values) ?? [])
            {
                context.AddFailure($"inputs.{error.NodeId}", error.Message);
            }
        });
    }
}
