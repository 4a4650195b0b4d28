using System.Diagnostics;

namespace ReadinessApi.Infrastructure.Errors;

public static class ProblemExtensions
{
    /// <summary>Every error is RFC 9457 problem details carrying the trace id an operator can search for.</summary>
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = TraceId(ctx.HttpContext);
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            // The framework types the statuses it knows (RFC 9110's sections) before this runs; these are the ones it leaves untyped.
            ctx.ProblemDetails.Type ??= ctx.ProblemDetails.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                _ => null,
            };
        });
        // After the framework's writer: it answers whatever that one declines for want of a JSON Accept.
        builder.Services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusProblems.WriteAsync);
        return app;
    }

    /// <summary>The W3C trace id of the request (the one a <c>traceparent</c> header carried in), else the connection's id.</summary>
    public static string TraceId(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
