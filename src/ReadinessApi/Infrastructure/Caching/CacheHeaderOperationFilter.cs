using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>Endpoint metadata: the operation answers through the result cache and sets <c>X-Cache</c>.</summary>
public sealed record CachedOperationMetadata;

/// <summary>Documents the <c>X-Cache</c> header on the 200 response of every cached operation.</summary>
internal sealed class CacheHeaderOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CachedOperationMetadata>().Any()
            || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
        {
            return;
        }
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[CacheOutcomeExtensions.HeaderName] = new OpenApiHeader
        {
            Description = "What the cache did: `hit` (served from the cache), `miss` (computed, then cached) or `bypass` (Redis unavailable: computed, or served from this instance's memory, without Redis).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("hit"), JsonValue.Create("miss"), JsonValue.Create("bypass")],
            },
        };
    }
}

public static class CachedOperationExtensions
{
    /// <summary>Marks an endpoint as cached, so the document shows its <c>X-Cache</c> header.</summary>
    public static RouteHandlerBuilder WithCacheHeader(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new CachedOperationMetadata());
}
