using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace ReadinessApi.Infrastructure.Json;

public static class JsonExtensions
{
    /// <summary>
    /// Strict JSON: unknown fields, duplicate keys, numbers in strings and NaN/Infinity are rejected
    /// rather than guessed at, because a silently ignored misspelt input changes a score.
    /// </summary>
    public static IHostApplicationBuilder AddJson(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => Configure(o.SerializerOptions));
        // Binding failures are thrown so that one handler can turn them into problem details naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 32;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new ReadableNumberConverter());
    }
}
