using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Cohorts;

/// <summary>Endpoint metadata: the operation answers in every <see cref="RankingFormats"/> format, chosen by its <c>format</c> query or <c>Accept</c>.</summary>
/// <param name="Descriptions">What the answer is in each media type other than JSON (whose schema the endpoint declares).</param>
public sealed record RankingFormatsMetadata(IReadOnlyDictionary<string, string> Descriptions);

/// <summary>
/// Documents the formats: <c>format</c> as an enum of the operation's <see cref="RankingFormats"/> names, and the 200 answer in
/// each media type beside the JSON (ApiExplorer keeps one content type per status). Text formats are strings,
/// so a generated client hands the CSV and the SVG to its caller as text.
/// </summary>
internal sealed class RankingFormatsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var formats = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RankingFormatsMetadata>().LastOrDefault();
        if (formats is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
        {
            return;
        }
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        foreach (var (mediaType, description) in formats.Descriptions)
        {
            response.Content[mediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description },
            };
        }
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "format") is { } format)
        {
            format.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                // JSON, the declared schema, and the formats this operation adds beside it: a ranking offers CSV, an audit does not.
                Enum = [.. RankingFormats.All.Where(f => f.MediaType == RankingFormats.Json || formats.Descriptions.ContainsKey(f.MediaType))
                    .Select(f => (JsonNode)JsonValue.Create(f.Name))],
            };
        }
    }
}
