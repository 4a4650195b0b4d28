using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// Problem details as the service really writes them (RFC 9457, <c>application/problem+json</c>): type,
/// status, title, instance (the request path) and traceId are always there; detail when known. Each
/// problem type derived from <see cref="ProblemDetails"/> (the validation problem with its field errors, the
/// coverage problem, ...) is documented as <c>allOf</c> the base plus its own fields, so generated clients get
/// one base error type to catch.
/// </summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s || !typeof(ProblemDetails).IsAssignableFrom(context.Type))
        {
            return;
        }
        if (context.Type == typeof(ProblemDetails))
        {
            DescribeBase(s);
            return;
        }
        var own = (s.Properties ?? new Dictionary<string, IOpenApiSchema>())
            .Where(p => !BaseProperties.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value);
        var required = (s.Required ?? new HashSet<string>()).Where(own.ContainsKey).ToHashSet();
        if (context.Type == typeof(HttpValidationProblemDetails) && own.TryGetValue("errors", out var errors) && errors is OpenApiSchema e)
        {
            e.Description = "Each offending field (a JSON path such as `inputs.computeAccess`, `$` for the whole body, or `line:column` in CSV) mapped to what is wrong with it.";
            if (e.AdditionalProperties is OpenApiSchema messages)
            {
                messages.MinItems = 1;
            }
            required.Add("errors");
        }
        var description = s.Description;
        var reference = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        s.Type = null;
        s.Properties = null;
        s.Required = null;
        s.AdditionalProperties = null;
        s.AdditionalPropertiesAllowed = true;
        s.AllOf =
        [
            reference,
            new OpenApiSchema { Type = JsonSchemaType.Object, Properties = own, Required = required },
        ];
        s.Description = description ?? (context.Type == typeof(HttpValidationProblemDetails)
            ? "A 400 problem that names each offending field."
            : null);
    }

    private static readonly HashSet<string> BaseProperties = ["type", "title", "status", "detail", "instance", "traceId", "extensions"];

    private static void DescribeBase(OpenApiSchema s)
    {
        s.Description = "An RFC 9457 problem document (`application/problem+json`). Every error the service answers has this shape; more specific problems add fields.";
        s.Type = JsonSchemaType.Object;
        s.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "A URI reference that identifies the problem type (the HTTP status's RFC section where none is more specific); every problem has one." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short, human-readable summary of the problem type." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request, and what to do about it." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path the problem occurred at." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request (the one a `traceparent` header carried in): quote it when reporting a problem." },
        };
        s.Required = new HashSet<string> { "type", "title", "status", "instance", "traceId" };
        s.AdditionalPropertiesAllowed = true;
        s.AdditionalProperties = null;
        s.Example = null;
    }
}
