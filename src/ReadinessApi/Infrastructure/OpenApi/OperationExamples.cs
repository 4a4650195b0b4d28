using FluentValidation;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// One named example of an operation: what a client sends (a body and/or parameter values) and what the
/// service answers (status and body). The document pairs them by name: the request body's and the
/// parameters' <c>examples</c> and the response's <c>examples</c> share <see cref="Name"/>, so a reader (and
/// scripts/checks/openapi-examples.sh) can send each one and compare the answer.
/// </summary>
/// <param name="Name">camelCase key in the document's <c>examples</c> maps.</param>
/// <param name="Summary">One line shown in Swagger UI's example picker.</param>
/// <param name="Status">The status the service answers with.</param>
/// <param name="Request">The request body (serialised as JSON), or null.</param>
/// <param name="Parameters">Path and query parameter values by name, or null.</param>
/// <param name="Answer">
/// Computes the answer with the service's own code when the document is generated, so the example cannot
/// drift from the service. It is handed the example's request (path, query, headers and body in place, the
/// service's services as RequestServices), so it may simply call the endpoint's handler. It may return a value (written as the service writes JSON with the status above),
/// an <see cref="IResult"/> (executed exactly as an endpoint result: status, content type, body, problem
/// details with their defaults), an <see cref="Exception"/> (handed to the service's exception handlers,
/// as the pipeline does with a binding failure), or a <see cref="BareStatus"/> (run through the service's
/// status-code pages), or a task of any of these.
/// </param>
public sealed record OperationExample(
    string Name,
    string Summary,
    int Status,
    object? Request,
    IReadOnlyDictionary<string, string>? Parameters,
    Func<HttpContext, object?> Answer)
{
    /// <summary>
    /// A body sent as raw text with this content type instead of <see cref="Request"/>, for answers a JSON
    /// value cannot provoke (malformed JSON, an unsupported media type). Written as the example's
    /// <c>x-request</c> extension, not as a request example, so it never shows as something to send.
    /// </summary>
    public RawRequest? Raw { get; init; }

    /// <summary>The media type the request example is shown under; a string <see cref="Request"/> under a non-JSON type (CSV, NDJSON) is shown as written.</summary>
    public string RequestMediaType { get; init; } = "application/json";

    /// <summary>
    /// Configuration of the service that answers this way, where the default one does not (API keys on, a
    /// small rate budget). Written as the example's <c>x-service</c> extension: the examples check starts a
    /// service with these settings to send it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    /// <summary>
    /// Why no request from outside can provoke this answer, and which test does instead. Written as the example's
    /// <c>x-not-sent</c> extension: the examples check lists the example with the reason rather than sending it.
    /// </summary>
    public string? NotSent { get; init; }
}

/// <summary>
/// An answer the endpoint gives as a bare status code (as minimal APIs do for an unsupported content type),
/// which the service's status-code pages middleware turns into a problem.
/// </summary>
public sealed record BareStatus(int StatusCode);

/// <summary>A request sent as written (see <see cref="OperationExample.Raw"/>): an optional raw body, headers and parameter values.</summary>
public sealed record RawRequest(string? ContentType = null, string? Body = null)
{
    /// <summary>Request headers, e.g. an API key.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Path and query values, kept out of the parameters' examples (Swagger UI offers those).</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Send up to this many times until the documented status comes back (a rate budget is spent by the first).</summary>
    public int Repeat { get; init; } = 1;
}

/// <summary>Endpoint metadata: the operation does not get the automatic examples for JSON body failures (it reads its body itself).</summary>
public sealed record NoJsonBodyExamples;

public static class OperationExamplesExtensions
{
    /// <summary>
    /// Documents a request example and its 200 response, named <c>ok</c>. The response is a factory so it can
    /// be computed by the same code that serves requests: the example is then what the service really answers.
    /// </summary>
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request, Func<object?>? response) =>
        response is null ? builder : builder.WithExample(new OperationExample("ok", "A typical request", StatusCodes.Status200OK, request, null, _ => response()));

    /// <summary>Documents one named example (see <see cref="OperationExample"/>); repeat for each outcome worth showing.</summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, OperationExample example) =>
        builder.WithMetadata(example);

    /// <summary>Documents one named example whose answer is computed by <paramref name="answer"/> from the example's request.</summary>
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, string name, string summary, int status,
        Func<HttpContext, object?> answer, object? request = null, IReadOnlyDictionary<string, string>? parameters = null) =>
        builder.WithMetadata(new OperationExample(name, summary, status, request, parameters, answer));

    /// <summary>Documents a 400 example: <paramref name="request"/> run through the endpoint's own validator, as the validation filter does.</summary>
    public static RouteHandlerBuilder WithValidationExample<T>(this RouteHandlerBuilder builder, string name, string summary, T request)
        where T : notnull =>
        builder.WithExample(name, summary, StatusCodes.Status400BadRequest, http => ValidationAnswer(http, name, request), request);

    private static Task<IResult> ValidationAnswer<T>(HttpContext http, string name, T request) =>
        Task.FromResult(ValidationFilter<T>.Validate(http.RequestServices.GetRequiredService<IValidator<T>>(), request)
            ?? throw new InvalidOperationException($"The validation example '{name}' is valid: it documents no 400."));
}
