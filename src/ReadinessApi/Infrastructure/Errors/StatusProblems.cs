using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Infrastructure.Errors;

/// <summary>
/// The problem for an error status the framework set without a body (routing's 415, a body over the limit)
/// or threw (a missing body): one place that says what was wrong, whichever of the two found it.
/// </summary>
internal static class StatusProblems
{
    public static ProblemDetails For(HttpContext context, int status) => status switch
    {
        StatusCodes.Status400BadRequest when ReadsJsonBody(context) => ValidationProblems.Create(
            new Dictionary<string, string[]> { ["$"] = ["A JSON request body is required (Content-Type: application/json)."] },
            "The request had no body, or the JSON value null."),
        StatusCodes.Status413PayloadTooLarge => new ProblemDetails
        {
            Status = status,
            Title = "The request body is too large.",
            Detail = "Send a smaller body; the limits are in the README.",
        },
        StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
        {
            Status = status,
            Title = "Unsupported media type.",
            Detail = $"This operation reads a JSON body: send it with Content-Type: application/json ({Described(context.Request.ContentType)}).",
        },
        _ => new ProblemDetails { Status = status },
    };

    /// <summary>Writes <see cref="For"/> as the status-code pages' answer.</summary>
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = For(http, http.Response.StatusCode) }).AsTask();
    }

    /// <summary>Operations that bind a JSON body declare the media types they accept; the others (batch among them) read their own.</summary>
    /// (The exception handler clears the endpoint before it runs, and keeps it in its feature.)
    private static bool ReadsJsonBody(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
        && accepts.ContentTypes.Contains("application/json", StringComparer.OrdinalIgnoreCase);

    private static string Described(string? contentType) => contentType switch
    {
        null or "" => "this request had no Content-Type",
        { Length: > 100 } => $"this request's was '{contentType[..100]}…'",
        _ => $"this request's was '{contentType}'",
    };
}
