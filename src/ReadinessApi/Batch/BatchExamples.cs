using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>
/// The documented examples: the same items in all three formats, and every refusal. Each answer is produced
/// by the endpoint's own handler over the example's request, so the document cannot drift from the service.
/// </summary>
public static class BatchExamples
{
    // First: the initialisers below use it.
    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static BatchRequest Request { get; } = new(
    [
        new("RUS", 2024, new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0 }),
        new("GBR", 2024, new Dictionary<string, double> { ["innovation"] = 40.9, ["implementation"] = 55.2, ["investment"] = 38.1, ["computeAccess"] = 71.0 }),
        new("CHN", 2024, new Dictionary<string, double> { ["research"] = 71.4, ["development"] = 80.0, ["implementation"] = 52.0, ["investment"] = 61.0, ["computeAccess"] = 35.0 }),
        new("XXX", 2024, new Dictionary<string, double> { ["innovation"] = 10.0, ["implementation"] = 10.0, ["investment"] = 10.0, ["computeAccess"] = 10.0 }),
    ]);

    public static string RequestNdjson { get; } = string.Concat(Request.Items.Select(i => JsonSerializer.Serialize(i, Json) + "\n"));

    public static string RequestCsv { get; } = Csv();

    /// <summary>
    /// The documented examples of every outcome, each answered by the endpoint's own handler over the example's
    /// request (the batch response is produced by the same streaming loop that serves requests).
    /// </summary>
    public static RouteHandlerBuilder WithBatchExamples(this RouteHandlerBuilder builder)
    {
        var ranked = new Dictionary<string, string> { ["rank"] = "batch" };
        var tooMany = new BatchOptions { MaxRows = 2 };
        return builder
            .WithExample(new OperationExample("ok", "Four items in JSON, ranked within the batch; one has a country code that is not ISO", StatusCodes.Status200OK,
                Request, ranked, http => Answer(http)))
            .WithExample(new OperationExample("okNdjson", "The same items as NDJSON (one item per line), answered in NDJSON", StatusCodes.Status200OK,
                RequestNdjson, ranked, http => Answer(http)) { RequestMediaType = BatchFormat.Ndjson.MediaType })
            .WithExample(new OperationExample("okCsv", "The same items as CSV (an empty cell is a missing value), answered in CSV", StatusCodes.Status200OK,
                RequestCsv, ranked, http => Answer(http)) { RequestMediaType = BatchFormat.Csv.MediaType })
            .WithExample(new OperationExample("rankTwoWays", "Ranking within the batch and against a cohort at once", StatusCodes.Status400BadRequest,
                Request, new Dictionary<string, string> { ["rank"] = "batch", ["cohort"] = "example-pillars" }, http => Answer(http)))
            .WithExample(new OperationExample("unknownMethodology", "A methodology the service does not have", StatusCodes.Status404NotFound,
                Request, new Dictionary<string, string> { ["methodology"] = "no-such-methodology" }, http => Answer(http)))
            .WithExample(new OperationExample("notAcceptable", "An answer format the operation does not write", StatusCodes.Status406NotAcceptable,
                null, null, http => Answer(http))
            {
                Raw = new RawRequest(BatchFormat.Json.MediaType, JsonSerializer.Serialize(Request, Json)) { Headers = new Dictionary<string, string> { ["Accept"] = "application/xml, application/problem+json" } },
            })
            .WithExample(new OperationExample("tooManyItems", "More items than the deployment allows (Batch:MaxRows, here 2)", StatusCodes.Status413PayloadTooLarge,
                Request, ranked, http => Answer(http, tooMany))
            {
                Settings = new Dictionary<string, string> { ["Batch__MaxRows"] = tooMany.MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            })
            .WithExample(new OperationExample("unsupportedMediaType", "A body in a format the operation does not read", StatusCodes.Status415UnsupportedMediaType,
                null, null, http => Answer(http))
            {
                Raw = new RawRequest("text/plain", "RUS 18.5 33 9 6"),
            });
    }

    /// <summary>What <c>POST /v1/scores/batch</c> answers to the request in <paramref name="http"/> (optionally under other limits).</summary>
    private static Task<Results<EmptyHttpResult, ProblemHttpResult>> Answer(HttpContext http, BatchOptions? limits = null)
    {
        var services = http.RequestServices;
        var query = http.Request.Query;
        return BatchEndpoints.ScoreBatchAsync(http, services.GetRequiredService<ReferenceResolver>(), services.GetRequiredService<CohortRankings>(),
            limits is null ? services.GetRequiredService<IOptions<BatchOptions>>() : Options.Create(limits),
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>(), services.GetRequiredService<ReadinessTelemetry>(),
            services.GetRequiredService<ILogger<BatchRequest>>(), query["methodology"], query["rank"], query["cohort"]);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonExtensions.Configure(options);
        return options;
    }

    private static string Csv()
    {
        var m = MethodologyCatalog.Embedded.Default;
        var ids = m.Nodes.Skip(1).Select(n => n.Id).Where(id => Request.Items.Any(i => i.Inputs.ContainsKey(id))).ToList();
        var text = new StringBuilder("country,year,").AppendJoin(',', ids).Append('\n');
        foreach (var item in Request.Items)
        {
            text.Append(item.Country).Append(',').Append(item.Year).Append(',')
                .AppendJoin(',', ids.Select(id => item.Inputs.TryGetValue(id, out var x) ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))
                .Append('\n');
        }
        return text.ToString();
    }
}
