using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Infrastructure.Telemetry;

namespace ReadinessApi.Infrastructure.Errors;

/// <summary>
/// Turns what reaches the pipeline as an exception into problem details: request-binding failures
/// (malformed JSON, wrong types, unknown fields, bodies over the limit) become 4xx answers that name the
/// JSON path; anything else is a 500 without exception text outside Development.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IHostEnvironment environment,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to read an answer.
            return true;
        }
        ProblemDetails problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(context, bad),
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = environment.IsDevelopment() ? exception.ToString() : null,
            },
        };
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception);
            // Handled here, the exception would otherwise leave no trace on the request's span.
            ReadinessTelemetry.RecordException(Activity.Current, exception);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var errors = MissingRequired(json) is { Count: > 0 } missing
                ? missing.ToDictionary(name => name, _ => new[] { "Required." })
                : new Dictionary<string, string[]> { [JsonPath(json)] = [Describe(json)] };
            return Validation.ValidationProblems.Create(errors, "The request body is not valid JSON for this operation.");
        }
        // A missing body, a body over the limit, a Content-Type that is not JSON: the same answers as when
        // the framework reports these by status code alone.
        return StatusProblems.For(context, bad.StatusCode) is { Title: not null } known
            ? known
            : new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read." };
    }

    /// <summary>The field the reader stopped at, as a JSON path without the leading <c>$.</c> (clients key forms by it).</summary>
    private static string JsonPath(JsonException json) => json.Path switch
    {
        null or "$" => "$",
        var p when p.StartsWith("$.", StringComparison.Ordinal) => p[2..],
        var p => p,
    };

    /// <summary>System.Text.Json names absent required members only in its message: "... including: 'country', 'inputs'."</summary>
    private static List<string> MissingRequired(JsonException json)
    {
        const string marker = "missing required properties including:";
        int at = json.Message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }
        var prefix = JsonPath(json) is "$" ? "" : JsonPath(json) + ".";
        return [.. json.Message[(at + marker.Length)..].Split(',')
            .Select(part => part.Trim().Trim('.').Trim('\''))
            .Where(name => name.Length > 0)
            .Select(name => prefix + name)];
    }

    private static string Describe(JsonException json)
    {
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown field: it is not part of this operation's contract." + where;
        }
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return "Duplicate field: each field may appear once." + where;
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "A required field is missing." + where;
        }
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "The JSON is nested too deeply." + where;
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "Wrong type: this field needs a different kind of JSON value (numbers are plain JSON numbers; NaN and Infinity are not numbers)." + where;
        }
        return "Malformed JSON." + where;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while processing a request")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
