using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReadinessApi.Cohorts;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Infrastructure.Errors;
using ReadinessApi.Infrastructure.OpenApi;
using ReadinessApi.Infrastructure.Security;
using ReadinessApi.Infrastructure.Telemetry;
using ReadinessApi.Infrastructure.Validation;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ReadinessApi.Batch;

public static class BatchEndpoints
{
    public static IHostApplicationBuilder AddBatch(this IHostApplicationBuilder builder)
    {
        builder.Services.BindSettings<BatchOptions>(BatchOptions.SectionName);
        builder.Services.Configure<SwaggerGenOptions>(o =>
        {
            o.OperationFilter<BatchOpenApiFilter>();
            o.DocumentFilter<BatchOpenApiFilter>();
        });
        return builder;
    }

    private static readonly TimeSpan CutOffGrace = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapBatch(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scores").WithTags("Scores");

        // PUT too: `curl -T scores.csv URL`, the upload data teams reach for, sends PUT. The contract documents POST only.
        group.MapMethods("/batch", [HttpMethods.Post, HttpMethods.Put], ScoreBatchAsync)
            .WithName("ScoreBatch")
            .WithSummary("Score many countries: JSON, NDJSON or CSV, streamed")
            .WithDescription("Scores every item of a batch under one methodology and answers one result per item, in input order. " +
                "The body is JSON (`{\"items\": [...]}`), NDJSON (one item per line) or CSV (RFC 4180, header `country[,year],<node ids...>`, an empty cell is a missing value), " +
                "chosen by `Content-Type`; the response format follows `Accept` (default: the request's). A bad item (unparseable number, unknown country, value off its scale, " +
                "too little coverage) gets an `error` problem in its own result, naming its index and the field (JSON path, or CSV `line:column`); the others are scored. " +
                "An empty body, a CSV without header or with an unknown column, or malformed JSON fails the request (400). " +
                "With `rank=none` (the default) rows are read, scored and written one at a time, so memory stays flat for any size; `rank=batch` ranks within the batch " +
                "(applying a methodology's cohort rescale over it, as `gaii-2021` does), keeping a few numbers per row; `cohort=ID` ranks against a reference cohort. " +
                "Over `Batch:MaxRows` items or `Batch:MaxBytes` bytes (or, with `rank=batch`, `Batch:MaxErrorRows` invalid items) the answer is 413; when that is found only after results began to stream, " +
                "the stream ends with an error record and is cut off. The example response is for `rank=batch`.")
            .Produces<BatchResponse>(StatusCodes.Status200OK, BatchFormat.Json.MediaType, [.. BatchFormat.MediaTypes.Skip(1)])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithBatchExamples()
            .WithMetadata(BatchOpenApiFilter.Marker)
            .WithCacheHeader()
            .WithRequestTimeout(SecurityExtensions.HeavyTimeoutPolicy);
        return app;
    }

    /// <param name="methodology">Methodology id; defaults to <c>readiness-v1</c>.</param>
    /// <param name="rank"><c>none</c> (default: stream, no ranks) or <c>batch</c> (rank within the batch, rescaling over it where the methodology asks).</param>
    /// <param name="cohort">Rank each item against this reference cohort instead (with <c>rank=none</c>).</param>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ScoreBatchAsync(
        HttpContext context,
        ReferenceResolver references,
        CohortRankings rankings,
        IOptions<BatchOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        ReadinessTelemetry telemetry,
        ILogger<BatchRequest> logger,
        string? methodology = null,
        string? rank = null,
        string? cohort = null,
        CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        bool rankBatch;
        if (rank is null || rank.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            rankBatch = false;
        }
        else if (rank.Equals("batch", StringComparison.OrdinalIgnoreCase))
        {
            rankBatch = true;
        }
        else
        {
            return Problems.Invalid("rank", $"'{rank}' is not a ranking: use none (the default) or batch.");
        }
        if (rankBatch && cohort is not null)
        {
            return Problems.Invalid("cohort", "Rank within the batch (rank=batch) or against a reference cohort (cohort=ID), not both.");
        }
        if (references.Resolve(methodology, cohort, null, NamedIn.Query, out var target) is { } problem)
        {
            return problem;
        }
        var (m, reference) = (target.Methodology, target.Cohort);
        var request = context.Request;
        if (!BatchFormat.TryFromContentType(request.ContentType, out var input))
        {
            return UnsupportedMediaType();
        }
        if (!BatchFormat.TryNegotiate(request.Headers.Accept, input, out var outputFormat))
        {
            return NotAcceptable();
        }
        var limits = options.Value;
        if (request.ContentLength > limits.MaxBytes)
        {
            return Refuse(context, BatchFailure.TooManyBytes(limits.MaxBytes));
        }
        // The server-wide body limit is for requests read whole; this one streams and counts its own bytes.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var response = context.Response;
        CohortRanking? against = null;
        CacheOutcome? cached = null;
        if (reference is not null)
        {
            var ranking = await rankings.GetAsync(reference, m, cancellationToken);
            (against, cached) = (ranking.Value, ranking.Outcome);
        }
        var output = new BatchOutput(response.BodyWriter, () =>
        {
            response.StatusCode = StatusCodes.Status200OK;
            if (cached is { } outcome)
            {
                response.SetCacheHeader(outcome);
            }
            response.ContentType = outputFormat.ContentType;
            response.Headers["X-Methodology-Id"] = m.Id;
            response.Headers["X-Methodology-Version"] = m.Version;
            response.Headers["X-Methodology-Hash"] = m.Hash;
        });
        var format = input.Name;
        var rankName = rankBatch ? "batch" : reference is null ? "none" : "cohort";
        using var activity = ReadinessTelemetry.StartBatch(m, format, rankName, reference?.Id);
        long rowsSoFar = 0, errorsSoFar = 0;
        var job = new BatchJob(BatchPlan.For(m), input, outputFormat, rankBatch, against, limits.MaxRows, limits.MaxBytes, limits.MaxErrorRows,
            ProblemExtensions.TraceId(context), json.Value.SerializerOptions.Encoder,
            (rows, errors) =>
            {
                rowsSoFar += rows;
                errorsSoFar += errors;
                telemetry.BatchRowsProcessed(m.Id, format, rows, errors);
            });
        BatchOutcome outcome;
        try
        {
            outcome = await BatchProcessor.RunAsync(job, request.Body, output, cancellationToken);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            bool timedOut = context.Features.Get<Microsoft.AspNetCore.Http.Timeouts.IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
            Finish(timedOut ? "timed_out" : "client_disconnected",
                new BatchOutcome((int)rowsSoFar, (int)errorsSoFar, null, output.HasStarted, ClientGone: !timedOut) { BytesRead = -1 });
            if (timedOut)
            {
                // The request-timeouts middleware answers 408 (or cuts the stream off) for its own cancellation.
                throw;
            }
            return TypedResults.Empty;
        }
        Finish(outcome.ClientGone ? "client_disconnected" : outcome.Failure is null ? "completed" : outcome.Started ? "cut_off" : "rejected", outcome);
        if (outcome.Failure is { } failure && !outcome.Started)
        {
            return Refuse(context, failure);
        }
        if (outcome.Truncated)
        {
            // Results were already streaming: a cut-off connection is how the client learns the answer is incomplete.
            // Abort discards what the transport has not sent yet, and no API says when the flushed error record
            // has left; a short pause lets it go first (a client too slow to take it in that time still sees the
            // cut-off, so an incomplete answer never passes for a whole one).
            await response.BodyWriter.FlushAsync(CancellationToken.None);
            await Task.Delay(CutOffGrace, CancellationToken.None);
            context.Abort();
        }
        return TypedResults.Empty;

        // Rejections and departures are answers to a client, not failures of the service: the span's status stays unset.
        void Finish(string ending, BatchOutcome o)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            telemetry.BatchCompleted(activity, m.Id, format, o.Rows, o.Errors, elapsed);
            activity?.SetTag(TelemetryNames.Outcome, ending);
            BatchLog.Completed(logger, m.Id, input, outputFormat, rankName, o.Rows, o.Errors, elapsed.TotalMilliseconds, o.BytesRead,
                o.Failure is { } f ? $"{ending}: {f.Status} {f.Title}" : ending);
        }
    }

    private static ProblemHttpResult Problem(BatchFailure failure) => TypedResults.Problem(failure.ToProblem());

    private static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Unsupported media type.",
        Detail = $"This operation accepts {string.Join(", ", BatchFormat.MediaTypes)}, in UTF-8.",
    });

    // The client accepts no problem document either; it gets one all the same (AnyAcceptProblemWriter).
    private static ProblemHttpResult NotAcceptable() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Title = "Not acceptable.",
        Detail = $"This operation answers in {string.Join(", ", BatchFormat.MediaTypes)}.",
    });

    /// <summary>A problem answer while the rest of the upload may still be on its way: close the connection rather than read it all.</summary>
    private static ProblemHttpResult Refuse(HttpContext context, BatchFailure failure)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
        return Problem(failure);
    }
}
