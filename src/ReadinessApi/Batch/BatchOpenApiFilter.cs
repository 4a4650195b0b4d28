using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Batch;

/// <summary>
/// Documents what the generic pipeline cannot see of the batch operation: NDJSON and CSV bodies are text
/// (with their own examples, produced by the service itself), and <c>rank</c> takes two values.
/// </summary>
internal sealed class BatchOpenApiFilter : IOperationFilter, IDocumentFilter
{
    /// <summary>Endpoint metadata that marks the batch operation.</summary>
    public static readonly object Marker = new BatchOperation();

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<BatchOperation>().Any())
        {
            return;
        }
        // The handler reads the body itself (to stream it), so the body is described here.
        var request = new Dictionary<string, OpenApiMediaType>
        {
            [BatchFormat.Json.MediaType] = new OpenApiMediaType
            {
                Schema = context.SchemaGenerator.GenerateSchema(typeof(BatchRequest), context.SchemaRepository),
            },
        };
        // The named examples of every media type are added from the endpoint's OperationExample metadata.
        foreach (var format in BatchFormat.All.Where(f => f != BatchFormat.Json))
        {
            Text(request, format.MediaType);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The items: JSON {\"items\": [...]}, NDJSON (one item object per line) or CSV (header country[,year],<node ids...>), by Content-Type.",
            Content = request,
        };
        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok) && ok.Content is { } content)
        {
            foreach (var format in BatchFormat.All.Where(f => f != BatchFormat.Json))
            {
                Text(content, format.MediaType);
            }
        }
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { Name: "rank" } rank)
            {
                rank.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [JsonValue.Create("none"), JsonValue.Create("batch")],
                    Default = JsonValue.Create("none"),
                };
            }
        }
    }

    /// <summary>The batch also answers PUT (for <c>curl -T</c>); the contract keeps one operation, the POST.</summary>
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var description in context.ApiDescriptions)
        {
            if (description.HttpMethod == HttpMethods.Put && description.ActionDescriptor.EndpointMetadata.OfType<BatchOperation>().Any()
                && document.Paths.TryGetValue("/" + description.RelativePath, out var path))
            {
                path.Operations?.Remove(HttpMethod.Put);
            }
        }
    }

    private static void Text(IDictionary<string, OpenApiMediaType> content, string mediaType) =>
        content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private sealed class BatchOperation;
}
