using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>One sentence per resource, shown by Swagger UI above its operations and by generators in their docs.</summary>
internal sealed class TagsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Scores"] = "Score countries: one at a time with a full explanation, many at once for data teams, and what-if comparisons.",
        ["Methodologies"] = "The versioned methodologies scores are computed under: their trees, weights, rules, goalposts and tiers.",
        ["Cohorts"] = "Reference cohorts (published country tables) to rank against, and their rankings as JSON, CSV or an SVG chart.",
        ["Sensitivity"] = "How stable a ranking is when the methodology's weights and aggregation rules vary.",
        ["Groups"] = "Peer groups (BRICS, G7, G20, OECD, EU, World Bank regions and income groups) to rank within.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
