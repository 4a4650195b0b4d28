using Microsoft.AspNetCore.Mvc;

namespace ReadinessApi.Infrastructure.Validation;

/// <summary>One shape for every 400 that names fields, whichever layer found the problem.</summary>
public static class ValidationProblems
{
    public static HttpValidationProblemDetails Create(IDictionary<string, string[]> errors, string? detail = null) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "One or more fields are invalid.",
        Detail = detail,
    };
}
