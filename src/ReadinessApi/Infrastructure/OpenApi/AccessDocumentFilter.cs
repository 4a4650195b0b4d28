using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ReadinessApi.Infrastructure.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// Access to /v1 as this deployment is configured (Infrastructure/Security): with API keys on, the X-Api-Key
/// scheme and a requirement on every /v1 operation; with them off (the default, and the committed document),
/// neither, so Swagger UI shows no lock and no Authorize button, and generated clients ask for no key. Also
/// the headers of the 401 and 429 answers.
/// </summary>
internal sealed class AccessDocumentFilter(IOptions<ApiKeyOptions> keys) : IDocumentFilter
{
    public const string SchemeName = "ApiKey";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (keys.Value.Enabled)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "Every /v1 operation needs a key of this deployment; a key may be limited to some operations (403 otherwise).",
            };
        }
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!AccessExamples.Applies(path.TrimStart('/')))
            {
                continue;
            }
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                // Without keys the empty list says so explicitly: linters (Redocly's security-defined) then know
                // that the operation is public by design rather than undocumented.
                operation.Security = keys.Value.Enabled
                    ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }]
                    : [];
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
