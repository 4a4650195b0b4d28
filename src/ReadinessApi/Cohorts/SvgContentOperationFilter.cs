using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Cohorts;

/// <summary>Endpoint metadata: the 200 answer is also available as an SVG chart.</summary>
public sealed record SvgAlternativeMetadata(string Description);

/// <summary>Adds <c>image/svg+xml</c> beside the JSON of a 200 response (ApiExplorer keeps one content type per status).</summary>
internal sealed class SvgContentOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var svg = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<SvgAlternativeMetadata>().LastOrDefault();
        if (svg is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
        {
            return;
        }
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[CohortsEndpoints.SvgMediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = svg.Description },
        };
    }
}
