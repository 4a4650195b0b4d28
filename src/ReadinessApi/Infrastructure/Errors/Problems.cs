using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scoring;

namespace ReadinessApi.Infrastructure.Errors;

/// <summary>
/// The problem answers every endpoint shares, so one fault has one status and one wording wherever it is
/// met: a field that is wrong is a 400 naming it, a thing named that does not exist is a 404 that says
/// what does.
/// </summary>
public static class Problems
{
    /// <summary>A 400 naming one field: a JSON path from the body's root, a query parameter, or a CSV position.</summary>
    public static ProblemHttpResult Invalid(string field, string message, string? detail = null) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, detail);

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(ValidationProblems.Create(errors, detail));

    public static ProblemHttpResult UnknownMethodology(MethodologyCatalog catalog, string id) =>
        NotFound("methodology", id, [.. catalog.All.Select(m => m.Id)], "GET /v1/methodologies");

    /// <summary>A 404 for a methodology or cohort the service does not have; <paramref name="known"/> says what it has.</summary>
    public static ProblemHttpResult NotFound(string kind, string id, IReadOnlyCollection<string> known, string list) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = $"Unknown {kind}.",
            Detail = known.Count == 0
                ? $"There is no {kind} '{id}': this deployment has none. {list} lists them."
                : $"There is no {kind} '{id}'. This deployment has: {string.Join(", ", known)} ({list} lists them).",
        });
}
