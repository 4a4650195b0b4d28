using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// Nullability as it is on the wire. The service never writes a JSON null (it omits the field), so in
/// schemas that only answers use, a nullable field is documented as optional and non-null. Schemas that
/// requests use keep their nulls: a client may send <c>"year": null</c>. A nullable field whose type is
/// another schema is written as <c>anyOf [null, $ref]</c> rather than the generator's <c>type: null</c>
/// beside <c>allOf</c>, which no value satisfies.
/// </summary>
internal sealed class NullabilityDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }
        var requestSide = new HashSet<string>();
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Collect(media.Schema, schemas, requestSide);
            }
            foreach (var parameter in operation.Parameters ?? [])
            {
                Collect(parameter.Schema, schemas, requestSide);
            }
        }
        foreach (var (name, component) in schemas)
        {
            if (component is not OpenApiSchema schema || schema.Properties is null)
            {
                continue;
            }
            foreach (var (propertyName, property) in schema.Properties)
            {
                if (property is not OpenApiSchema p || p.Type is not { } type || !type.HasFlag(JsonSchemaType.Null))
                {
                    continue;
                }
                var composed = p.AllOf is { Count: > 0 };
                if (requestSide.Contains(name))
                {
                    if (composed && type == JsonSchemaType.Null)
                    {
                        p.AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, .. p.AllOf!];
                        p.AllOf = null;
                        p.Type = null;
                    }
                    continue;
                }
                p.Type = type == JsonSchemaType.Null && composed ? null : type & ~JsonSchemaType.Null;
                schema.Required?.Remove(propertyName);
            }
        }
    }

    private static void Collect(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<string> seen)
    {
        if (schema is null)
        {
            return;
        }
        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            if (id is null || !seen.Add(id) || !components.TryGetValue(id, out var target))
            {
                return;
            }
            schema = target;
        }
        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []))
        {
            Collect(child, components, seen);
        }
        Collect(schema.Items, components, seen);
        Collect(schema.AdditionalProperties, components, seen);
    }
}
