using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ReadinessApi.Infrastructure.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// Access to /v1 as configured by Infrastructure/Security: an optional API key (X-Api-Key; off by
/// default, so no key is also a valid choice), and the headers of the 401 and 429 answers.
/// </summary>
internal sealed class AccessDocumentFilter : IDocumentFilter
{
    public const string SchemeName = "ApiKey";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "Needed only where the deployment enables API keys (`ApiKeys:Enabled`); a key may be limited to some operations (403 otherwise).",
        };
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!AccessExamples.Applies(path.TrimStart('/')))
            {
                continue;
            }
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement(),
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] },
                ];
                if (operation.Responses?.TryGetValue("401", out var unauthorized) == true && unauthorized is OpenApiResponse r401)
                {
                    r401.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    r401.Headers["WWW-Authenticate"] = new OpenApiHeader
                    {
                        Description = "How to authenticate: the API key header.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Example = JsonValue.Create($"{SchemeName} header=\"{ApiKeyAuthenticationHandler.HeaderName}\"") },
                    };
                }
                if (operation.Responses?.TryGetValue("429", out var limited) == true && limited is OpenApiResponse r429)
                {
                    r429.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    r429.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before the budget allows another request.",
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                    };
                }
            }
        }
    }
}
