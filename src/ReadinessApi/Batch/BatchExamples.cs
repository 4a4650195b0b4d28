using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Scoring;

namespace ReadinessApi.Batch;

/// <summary>
/// The documented example in all three formats. Every response is produced by running the batch loop over
/// the request, so the document cannot drift from the service, and the JSON one is read back through
/// <see cref="BatchResponse"/> with the service's strict options, so the contract records cannot either.
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

    /// <summary>The request as the JSON document the OpenAPI example shows.</summary>
    public static System.Text.Json.Nodes.JsonNode? RequestJson() => JsonSerializer.SerializeToNode(Request, Json);

    public static BatchResponse Response() => JsonSerializer.Deserialize<BatchResponse>(Run(BatchFormat.Json), Json)!;

    /// <summary>The answer to the example, with <c>rank=batch</c>, in <paramref name="format"/>.</summary>
    public static string Run(BatchFormat format)
    {
        var body = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Request, Json)));
        var sink = new MemoryStream();
        var pipe = PipeWriter.Create(sink, new StreamPipeWriterOptions(leaveOpen: true));
        var job = new BatchJob(BatchPlan.For(MethodologyCatalog.Embedded.Default), BatchFormat.Json, format, RankBatch: true, Cohort: null,
            MaxRows: 100, MaxBytes: 1 << 20, Encoder: System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        // Memory streams complete synchronously; this runs once, when the document is generated.
        BatchProcessor.RunAsync(job, body, new BatchOutput(pipe), CancellationToken.None).GetAwaiter().GetResult();
        pipe.Complete();
        return Encoding.UTF8.GetString(sink.ToArray());
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
