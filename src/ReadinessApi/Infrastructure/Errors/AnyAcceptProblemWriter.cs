using Microsoft.Extensions.Options;

namespace ReadinessApi.Infrastructure.Errors;

/// <summary>
/// Writes the problem documents the framework's writer declines because the request's <c>Accept</c> names no
/// JSON type (<c>text/csv</c>, <c>image/svg+xml</c>, ...). Without it such a client gets a bare status or a
/// document without <c>traceId</c> and <c>instance</c>; an error is still an error, and RFC 9457 is how this
/// service states one, so it is answered as <c>application/problem+json</c> with the same customisation.
/// Registered after the framework's writer, which keeps everything it can write.
/// </summary>
internal sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        // The framework's defaults (type and title for the status), applied as its own writer applies them.
        _ = TypedResults.Problem(problem);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions,
            "application/problem+json", context.HttpContext.RequestAborted));
    }
}
