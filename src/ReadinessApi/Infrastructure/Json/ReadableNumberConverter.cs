using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ReadinessApi.Infrastructure.Json;

/// <summary>
/// Writes every double the configured serializer writes by <see cref="ReadableNumber"/>'s rule; reads them
/// exactly as the built-in converter does, so requests keep their full precision.
/// </summary>
public sealed class ReadableNumberConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonMetadataServices.DoubleConverter.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        ReadableNumber.Write(writer, value);

    public override double ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonMetadataServices.DoubleConverter.ReadAsPropertyName(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        JsonMetadataServices.DoubleConverter.WriteAsPropertyName(writer, value, options);
}
