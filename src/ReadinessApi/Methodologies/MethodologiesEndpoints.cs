using Microsoft.AspNetCore.Http.HttpResults;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;

namespace ReadinessApi.Methodologies;

public static class MethodologiesEndpoints
{
    public static IEndpointRouteBuilder MapMethodologies(this IEndpointRouteBuilder app)
    {
        // Paths in full: a group root mapped as "" or "/" is reported as "/v1/methodologies/" in the http.route metric label.
        var group = app.MapGroup("/v1").WithTags("Methodologies");

        group.MapGet("/methodologies", ListMethodologies)
            .WithName("ListMethodologies")
            .WithSummary("List the methodologies")
            .WithDescription("Every methodology the service scores under, with the version and content hash that each score names.")
            .WithExamples(null, () => MethodologyCatalog.Embedded.All.Select(MethodologySummary.Of).ToList());

        group.MapGet("/methodologies/{id}", GetMethodology)
            .WithName("GetMethodology")
            .WithSummary("Read one methodology")
            .WithDescription("The whole tree: nodes, weights, aggregation rules, goalposts, input scales, coverage rule, rescale, tiers and sources, with the SHA-256 hash of its canonical form.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample("readinessV1", "The default methodology", StatusCodes.Status200OK,
                http => GetMethodology("readiness-v1", http.RequestServices.GetRequiredService<MethodologyCatalog>()),
                parameters: new Dictionary<string, string> { ["id"] = "readiness-v1" })
            .WithExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                http => GetMethodology("no-such-methodology", http.RequestServices.GetRequiredService<MethodologyCatalog>()),
                parameters: new Dictionary<string, string> { ["id"] = "no-such-methodology" });
        return app;
    }

    public static Ok<List<MethodologySummary>> ListMethodologies(MethodologyCatalog catalog) =>
        TypedResults.Ok(catalog.All.Select(MethodologySummary.Of).ToList());

    /// <param name="id">Methodology id, e.g. <c>readiness-v1</c>.</param>
    public static Results<Ok<MethodologyResponse>, ProblemHttpResult> GetMethodology(string id, MethodologyCatalog catalog) =>
        catalog.TryGet(id, out var m) ? TypedResults.Ok(Describe(m)) : Problems.UnknownMethodology(catalog, id);

    private static MethodologyResponse Describe(Methodology m) => new(m.Hash, m.Document);
}
