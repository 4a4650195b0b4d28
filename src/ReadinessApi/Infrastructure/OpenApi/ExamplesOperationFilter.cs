using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ReadinessApi.Infrastructure.Json;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>Writes each endpoint's <see cref="OperationExamples"/> into the document, serialised exactly as the service serialises.</summary>
internal sealed class ExamplesOperationFilter : IOperationFilter
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var examples = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OperationExamples>().LastOrDefault();
        if (examples is null)
        {
            return;
        }
        if (examples.Request is { } request && operation.RequestBody?.Content is { } requestContent
            && requestContent.TryGetValue("application/json", out var requestMedia))
        {
            requestMedia.Example = JsonSerializer.SerializeToNode(request, request.GetType(), Json);
        }
        if (examples.Response?.Invoke() is { } response && operation.Responses is { } responses
            && responses.TryGetValue("200", out var ok) && ok.Content is { } okContent
            && okContent.TryGetValue("application/json", out var okMedia))
        {
            okMedia.Example = JsonSerializer.SerializeToNode(response, response.GetType(), Json);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonExtensions.Configure(options);
        return options;
    }
}
