using Microsoft.OpenApi;

namespace ReadinessApi.Infrastructure.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "ReadinessApi",
                Version = "v1",
                Description = "Scores countries' AI readiness from pillar inputs (innovation, implementation, investment, compute access) under versioned methodologies, explains every number (contributions, coverage, bottleneck, tier), ranks against reference cohorts and asks how stable a rank is. Errors are RFC 9457 problem details carrying a traceId. Every number in an answer (JSON, NDJSON, CSV) is rounded to 12 significant digits and written in its shortest form (38.5, not 38.50000000000001); the service computes in full precision, and contributions sum to the score within 1e-9.",
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://spdx.org/licenses/MIT.html") },
            });
            // Relative: the service's own origin, wherever it is deployed (Swagger UI's "Try it out" then calls the
            // host that served the page); a generated client is handed its deployment's base URL.
            o.AddServer(new OpenApiServer
            {
                Url = "/",
                Description = "The host serving this document. Locally, `dotnet run --project src/ReadinessApi` listens on http://localhost:5080.",
            });
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.UseAllOfToExtendReferenceSchemas();
            var xml = Path.Combine(AppContext.BaseDirectory, "ReadinessApi.xml");
            o.IncludeXmlComments(xml);
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "ReadinessApi.Scoring.xml"));
            o.SchemaFilter<ContractSchemaFilter>();
            o.SchemaFilter<ProblemSchemaFilter>();
            o.OperationFilter<ExamplesOperationFilter>();
            o.DocumentFilter<NullabilityDocumentFilter>();
            o.DocumentFilter<TagsDocumentFilter>();
            o.DocumentFilter<AccessDocumentFilter>();
        });
        return builder;
    }

    /// <summary>
    /// The document at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>; both middlewares
    /// sit in a branch only <c>/swagger</c> paths enter, so no other request pays for their path matching.
    /// </summary>
    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            swagger.UseSwagger(o => o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1);
            swagger.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "ReadinessApi v1");
                o.RoutePrefix = "swagger";
                o.DocumentTitle = "ReadinessApi";
            });
        });
        return app;
    }
}
