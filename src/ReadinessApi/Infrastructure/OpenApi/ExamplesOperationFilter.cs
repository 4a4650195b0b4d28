using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ReadinessApi.Infrastructure.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// Writes each endpoint's <see cref="OperationExample"/>s into the document: the request body and parameter
/// values under the example's name, and the answer under the same name in the response of its status. Every
/// answer is computed by running the service's own code (the endpoint's result, the validator, the exception
/// handler) against a request for the operation's path, so what the document shows is what the service sends,
/// byte for byte but for the trace id. Operations that bind a JSON body also get the answers to a malformed
/// body, an unknown field and a non-JSON content type, computed the same way.
/// </summary>
internal sealed partial class ExamplesOperationFilter(IServiceProvider services) : IOperationFilter
{
    /// <summary>The trace id shown in documented problems (the W3C Trace Context specification's example id).</summary>
    public const string ExampleTraceId = "0af7651916cd43dd8448eb211c80319c";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var examples = metadata.OfType<OperationExample>().ToList();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (JsonBodyType(operation, context) is { } bodyType && !metadata.OfType<NoJsonBodyExamples>().Any())
        {
            examples.AddRange(JsonBodyExamples(bodyType, examples.FirstOrDefault(e => e.Request is not null)?.Request, json));
        }
        if (AccessExamples.Applies(context.ApiDescription.RelativePath))
        {
            var template = examples.FirstOrDefault(e => e.Status < 300);
            examples.AddRange(AccessExamples.For(template?.Parameters ?? template?.Raw?.Parameters,
                services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Enabled,
                services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled));
        }
        // Successful answers first: Swagger UI preselects the first request example, and "Try it out" should succeed.
        foreach (var example in examples.OrderBy(e => e.Status >= 400))
        {
            var answer = Run(example, context.ApiDescription.HttpMethod ?? "GET", context.ApiDescription.RelativePath, json);
            if (answer.Status != example.Status)
            {
                throw new InvalidOperationException(
                    $"The example '{example.Name}' of {operation.OperationId} is documented as {example.Status} but the service answers {answer.Status}: {answer.Body}");
            }
            if (example.Request is not null)
            {
                var media = RequestMedia(operation, example.RequestMediaType)
                    ?? throw new InvalidOperationException($"The example '{example.Name}' of {operation.OperationId} has a request body, but the operation takes no {example.RequestMediaType} body.");
                media.Examples ??= new Dictionary<string, IOpenApiExample>();
                media.Examples[example.Name] = new OpenApiExample
                {
                    Summary = example.Summary,
                    Value = example.Request is string text && !IsJson(example.RequestMediaType)
                        ? JsonValue.Create(text)
                        : JsonSerializer.SerializeToNode(example.Request, example.Request.GetType(), json),
                };
                media.Example = null;
            }
            foreach (var (name, value) in example.Parameters ?? new Dictionary<string, string>())
            {
                var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name)
                    ?? throw new InvalidOperationException($"The example '{example.Name}' of {operation.OperationId} names no parameter '{name}'.");
                parameter.Examples ??= new Dictionary<string, IOpenApiExample>();
                parameter.Examples[example.Name] = new OpenApiExample { Summary = example.Summary, Value = ParameterValue(parameter, value) };
                parameter.Example = null;
            }
            var responseMedia = ResponseMedia(operation, context, answer.Status, answer.ContentType);
            responseMedia.Examples ??= new Dictionary<string, IOpenApiExample>();
            var documented = new OpenApiExample { Summary = example.Summary, Value = answer.Body };
            if (example.Raw is { } raw)
            {
                documented.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                documented.Extensions["x-request"] = new JsonNodeExtension(RawRequestNode(raw));
            }
            if (example.Settings is { } settings)
            {
                documented.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                documented.Extensions["x-service"] = new JsonNodeExtension(new JsonObject(settings.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))));
            }
            if (example.NotSent is { } reason)
            {
                documented.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                documented.Extensions["x-not-sent"] = new JsonNodeExtension(JsonValue.Create(reason));
            }
            responseMedia.Examples[example.Name] = documented;
            responseMedia.Example = null;
        }
    }

    /// <summary>The answers to what a JSON body can get wrong before the handler sees it, from the pipeline's own binding and exception handler.</summary>
    private static IEnumerable<OperationExample> JsonBodyExamples(Type bodyType, object? sample, JsonSerializerOptions json)
    {
        var valid = sample is null ? new JsonObject() : JsonSerializer.SerializeToNode(sample, sample.GetType(), json)!.AsObject();
        var text = valid.ToJsonString();
        var malformed = text.Length > 2 ? text[..^1] + ",}" : "{,}";
        yield return BindingFailure("malformedJson", "Malformed JSON: the body is not valid JSON", bodyType, malformed, json);
        var unknown = valid.DeepClone().AsObject();
        unknown["unexpected"] = true;
        yield return BindingFailure("unknownField", "An unknown field: the contract is strict, nothing is silently ignored", bodyType, unknown.ToJsonString(), json);
        // Over Limits:MaxBodyBytes (its least allowed value here, so that the example stays short): Kestrel throws
        // while the body is read, and the exception handler answers, as for any binding failure.
        const int smallestLimit = 1024;
        var tooLarge = valid.DeepClone().AsObject();
        tooLarge["padding"] = new string(' ', smallestLimit);
        yield return new OperationExample("bodyTooLarge", "A body over the service's size limit (Limits:MaxBodyBytes)", StatusCodes.Status413PayloadTooLarge, null, null,
            _ => new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge))
        {
            Raw = new RawRequest("application/json", tooLarge.ToJsonString()),
            Settings = new Dictionary<string, string> { ["Limits__MaxBodyBytes"] = smallestLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        yield return new OperationExample("unsupportedMediaType", "A body that is not JSON", StatusCodes.Status415UnsupportedMediaType, null, null,
            _ => new BareStatus(StatusCodes.Status415UnsupportedMediaType))
        {
            Raw = new RawRequest("text/plain", "country=RUS"),
        };
    }

    /// <summary>Binds the body as minimal APIs do (the service's JSON options), and wraps the failure as their binding does.</summary>
    private static OperationExample BindingFailure(string name, string summary, Type bodyType, string body, JsonSerializerOptions json) =>
        new(name, summary, StatusCodes.Status400BadRequest, null, null, _ =>
        {
            try
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
                JsonSerializer.DeserializeAsync(stream, bodyType, json).AsTask().GetAwaiter().GetResult();
            }
            catch (JsonException e)
            {
                return new BadHttpRequestException($"Failed to read parameter \"{bodyType.Name}\" from the request body as JSON.", StatusCodes.Status400BadRequest, e);
            }
            throw new InvalidOperationException($"The '{name}' example body binds as {bodyType.Name}: {body}");
        })
        {
            Raw = new RawRequest("application/json", body),
        };

    private static JsonObject RawRequestNode(RawRequest raw)
    {
        var node = new JsonObject();
        if (raw.ContentType is not null)
        {
            node["contentType"] = raw.ContentType;
        }
        if (raw.Body is not null)
        {
            node["body"] = raw.Body;
        }
        if (raw.Headers is { Count: > 0 } headers)
        {
            node["headers"] = new JsonObject(headers.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }
        if (raw.Parameters is { Count: > 0 } parameters)
        {
            node["parameters"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }
        if (raw.Repeat > 1)
        {
            node["repeat"] = raw.Repeat;
        }
        return node;
    }

    /// <summary>application/json and the +json types (problem+json); NDJSON is text, one JSON value per line.</summary>
    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private sealed record Answer(int Status, string ContentType, JsonNode? Body);

    private Answer Run(OperationExample example, string method, string? template, JsonSerializerOptions json)
    {
        using var scope = services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, TraceIdentifier = ExampleTraceId };
        var parameters = example.Parameters ?? example.Raw?.Parameters ?? new Dictionary<string, string>();
        var routeNames = RouteParameter().Matches(template ?? "").Select(m => m.Groups[1].Value).ToHashSet();
        http.Request.Method = method;
        http.Request.Path = RequestPath(template, parameters);
        http.Request.QueryString = QueryString.Create(parameters.Where(p => !routeNames.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        var (contentType, text) = example.Raw is { } raw
            ? (raw.ContentType, raw.Body)
            : example.Request is { } request
                ? (example.RequestMediaType, request is string s && !IsJson(example.RequestMediaType)
                    ? s
                    : JsonSerializer.Serialize(request, request.GetType(), json))
                : (null, null);
        foreach (var (header, headerValue) in example.Raw?.Headers ?? new Dictionary<string, string>())
        {
            http.Request.Headers[header] = headerValue;
        }
        if (text is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = contentType;
        }
        using var body = new MemoryStream();
        http.Response.Body = body;
        // Problems carry the current activity's trace id; the document shows a fixed one.
        var activity = Activity.Current;
        Activity.Current = null;
        try
        {
            Execute(example, example.Answer(http), http).GetAwaiter().GetResult();
            http.Response.BodyWriter.FlushAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            Activity.Current = activity;
        }
        var responseType = (http.Response.ContentType ?? "application/json").Split(';')[0].Trim();
        var answerText = Encoding.UTF8.GetString(body.ToArray());
        var value = IsJson(responseType) ? JsonNode.Parse(answerText) : JsonValue.Create(answerText);
        return new Answer(http.Response.StatusCode, responseType, value);
    }

    private static async Task Execute(OperationExample example, object? answer, HttpContext http)
    {
        if (answer is Task task)
        {
            await task;
            answer = task.GetType().GetProperty("Result")?.GetValue(task);
        }
        switch (answer)
        {
            case IResult result:
                await result.ExecuteAsync(http);
                break;
            case Exception exception:
                foreach (var handler in http.RequestServices.GetServices<IExceptionHandler>())
                {
                    if (await handler.TryHandleAsync(http, exception, CancellationToken.None))
                    {
                        return;
                    }
                }
                throw new InvalidOperationException($"No exception handler answered the example '{example.Name}'.", exception);
            case BareStatus bare:
                var pipeline = new ApplicationBuilder(http.RequestServices);
                // The service's own status-code answers (Infrastructure/Errors), so the example is what a client gets.
                pipeline.UseStatusCodePages(Errors.StatusProblems.WriteAsync);
                pipeline.Run(context =>
                {
                    context.Response.StatusCode = bare.StatusCode;
                    return Task.CompletedTask;
                });
                await pipeline.Build()(http);
                break;
            default:
                await TypedResults.Json(answer, statusCode: example.Status).ExecuteAsync(http);
                break;
        }
    }

    private static Type? JsonBodyType(OpenApiOperation operation, OperationFilterContext context) =>
        RequestMedia(operation, "application/json") is null
            ? null
            : context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;

    private static OpenApiMediaType? RequestMedia(OpenApiOperation operation, string contentType) =>
        operation.RequestBody?.Content is { } content && content.TryGetValue(contentType, out var media) ? media : null;

    /// <summary>The media type of the documented response, added (as a problem response, when it is one) if the endpoint did not declare it.</summary>
    private static OpenApiMediaType ResponseMedia(OpenApiOperation operation, OperationFilterContext context, int status, string contentType)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(key, out var declared))
        {
            declared = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(status) };
            operation.Responses[key] = declared;
        }
        var response = declared as OpenApiResponse
            ?? throw new InvalidOperationException($"The {key} response of {operation.OperationId} is a reference; document its examples on the component.");
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!response.Content.TryGetValue(contentType, out var media))
        {
            var schemaType = contentType == "application/problem+json"
                ? status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)
                : typeof(string);
            media = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(schemaType, context.SchemaRepository) };
            response.Content[contentType] = media;
        }
        return media;
    }

    /// <summary>
    /// The request path the example is sent to: the route with the example's parameter values in place (a
    /// value the example lacks stays a placeholder; the examples check then names the missing parameter example).
    /// </summary>
    private static string RequestPath(string? template, IReadOnlyDictionary<string, string>? parameters)
    {
        var path = RouteParameter().Replace(template ?? "", m =>
            parameters is not null && parameters.TryGetValue(m.Groups[1].Value, out var value)
                ? Uri.EscapeDataString(value)
                : "{" + m.Groups[1].Value + "}");
        return "/" + path.Trim('/');
    }

    private static JsonNode? ParameterValue(OpenApiParameter parameter, string value) =>
        parameter.Schema?.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
            && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);

    [GeneratedRegex(@"\{\*{0,2}([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
