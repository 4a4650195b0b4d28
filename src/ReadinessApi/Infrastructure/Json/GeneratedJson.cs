using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ReadinessApi.Infrastructure.Json;

/// <summary>
/// A 200 answer written synchronously into the response's pipe by a dedicated writer, for the hottest
/// operations (a score answer is 2.5 KB of about 80 numbers). Not <c>TypedResults.Ok</c>: that serializes
/// asynchronously through the serializer's per-property metadata machinery. Not System.Text.Json's
/// source-generated fast path either (which this replaced): it writes doubles only in their shortest
/// round-trip form, and any custom converter, the one that applies <see cref="ReadableNumber"/>'s rule
/// included, switches it off. <c>GeneratedJsonTests</c> checks, answer by answer, that the bytes equal what
/// the configured serializer writes, so a writer and its contract cannot drift. Declares the same OpenAPI
/// metadata as <c>Ok&lt;T&gt;</c>.
/// </summary>
public sealed class GeneratedJson<T>(T value, Action<Utf8JsonWriter, T> write) : IResult, IEndpointMetadataProvider
{
    public T Value => value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        WriteTo(response.BodyWriter, httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }

    /// <summary>Writes the value with the configured serializer's escaping, indentation and depth.</summary>
    public void WriteTo(IBufferWriter<byte> output, JsonSerializerOptions configured)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = configured.Encoder,
            Indented = configured.WriteIndented,
            MaxDepth = configured.MaxDepth,
        });
        write(writer, value);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
