using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>Each format in and out, the same answers whichever way round, in input order, and agreeing with the single score.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchFormatsTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    public static TheoryData<string, string> Formats()
    {
        var data = new TheoryData<string, string>();
        foreach (var input in new[] { BatchHttp.Csv, BatchHttp.Ndjson, BatchHttp.Json })
        {
            foreach (var output in new[] { BatchHttp.Csv, BatchHttp.Ndjson, BatchHttp.Json })
            {
                data.Add(input, output);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ScoreBatch_EachFormatInAndOut_ScoresEveryRowInOrder(string input, string output)
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.In(input), input, output, "?rank=batch");

        Assert.Equal(output, response.Content.Headers.ContentType!.MediaType);
        BatchSamples.AssertMixed(await BatchHttp.ResultsAsync(response), ranked: true, input);
    }

    [Theory]
    [InlineData(BatchHttp.Csv)]
    [InlineData(BatchHttp.Ndjson)]
    [InlineData(BatchHttp.Json)]
    public async Task ScoreBatch_RankNone_StreamsTheSameScoresWithoutRanks(string format)
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.In(format), format);

        BatchSamples.AssertMixed(await BatchHttp.ResultsAsync(response), ranked: false, format);
    }

    [Theory]
    [InlineData(BatchHttp.Csv, null, BatchHttp.Csv)]
    [InlineData(BatchHttp.Ndjson, null, BatchHttp.Ndjson)]
    [InlineData(BatchHttp.Json, null, BatchHttp.Json)]
    [InlineData(BatchHttp.Csv, "*/*", BatchHttp.Csv)]
    [InlineData(BatchHttp.Json, "text/csv;q=0.5, application/x-ndjson", BatchHttp.Ndjson)]
    [InlineData(BatchHttp.Json, "image/png, text/*;q=0.8", BatchHttp.Csv)]
    [InlineData(BatchHttp.Csv, "application/*", BatchHttp.Json)]
    public async Task ScoreBatch_Accept_ChoosesTheAnswerFormat(string contentType, string? accept, string expected)
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.In(contentType), contentType, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
    }

    [Fact]
    public async Task ScoreBatch_UnsupportedAccept_Is406()
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), BatchHttp.Csv, "application/xml");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/csv; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task ScoreBatch_UnsupportedContentType_Is415ProblemNamingTheFormats(string? contentType)
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task ScoreBatch_CsvWithCharsetUtf8_IsAccepted()
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), "text/csv; charset=UTF-8; header=present");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ScoreBatch_Json_NamesTheMethodologyInTheEnvelopeAndEveryFormatInHeaders()
    {
        var json = await _client.PostBatchAsync(BatchSamples.Mixed.Json(), BatchHttp.Json, query: "?rank=batch");
        var csv = await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), BatchHttp.Csv);

        var root = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        var methodology = root.GetProperty("methodology");
        Assert.Equal("readiness-v1", methodology.GetProperty("id").GetString());
        Assert.Equal("batch", root.GetProperty("rank").GetString());
        Assert.Equal(6, root.GetProperty("summary").GetProperty("rows").GetInt32());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("errors").GetInt32());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("ranked").GetInt32());
        Assert.Equal(methodology.GetProperty("hash").GetString(), csv.Headers.GetValues("X-Methodology-Hash").Single());
        Assert.Equal("readiness-v1", csv.Headers.GetValues("X-Methodology-Id").Single());
        Assert.Equal(methodology.GetProperty("version").GetString(), csv.Headers.GetValues("X-Methodology-Version").Single());
    }

    [Fact]
    public async Task ScoreBatch_JsonAnswer_FitsTheDocumentedContract()
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Json(), BatchHttp.Json, query: "?rank=batch");

        // The writer is hand-written for speed; the contract records are what the document shows. Strict
        // reading (unknown fields are errors) holds the two to the same shape.
        var strict = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ReadinessApi.Infrastructure.Json.JsonExtensions.Configure(strict);
        var body = JsonSerializer.Deserialize<ReadinessApi.Batch.BatchResponse>(await response.Content.ReadAsStringAsync(), strict)!;
        Assert.Equal(6, body.Results.Count);
        Assert.Equal(Enumerable.Range(0, 6), body.Results.Select(r => r.Index));
        Assert.Equal(2, body.Results[2].Error!.Index);
        Assert.Equal(400, body.Results[2].Error!.Status);
        Assert.Equal(422, body.Results[5].Error!.Status);
        Assert.Equal(0.66, body.Results[5].Error!.MinCoverage);
    }

    [Fact]
    public async Task ScoreBatch_Scores_EqualTheSingleScoreOfTheSameInputs()
    {
        var response = await _client.PostBatchAsync(BatchSamples.Mixed.Json(), BatchHttp.Json);
        var rows = await BatchHttp.ResultsAsync(response);

        foreach (int i in new[] { 0, 1, 3 })
        {
            var (country, year, inputs) = BatchSamples.Mixed.Items[i];
            var single = await _client.PostAsJsonAsync("/v1/scores", new { country, year, inputs });
            var score = JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(score.GetProperty("score").GetDouble(), rows[i].Score);
            Assert.Equal(score.GetProperty("tier").GetString(), rows[i].Tier);
            Assert.Equal(score.GetProperty("coverage").GetDouble(), rows[i].Coverage);
            var pillars = score.GetProperty("pillars").EnumerateArray()
                .Where(p => p.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("value").GetDouble());
            Assert.Equal(pillars, rows[i].Pillars);
        }
    }

    [Fact]
    public async Task ScoreBatch_CsvAnswerFedBackAtPillarLevel_ScoresTheSame()
    {
        // Round trip: the pillar values a CSV answer reports are inputs in their own right.
        var first = await BatchHttp.ResultsAsync(await _client.PostBatchAsync(BatchSamples.Mixed.Csv(), BatchHttp.Csv));
        var pillars = new[] { "innovation", "implementation", "investment", "computeAccess" };
        var again = new StringBuilder("country,year,").AppendJoin(',', pillars).Append('\n');
        foreach (var row in first.Where(r => r.Score is not null))
        {
            again.Append(row.Country).Append(',').Append(row.Year).Append(',')
                .AppendJoin(',', pillars.Select(p => row.Pillars.TryGetValue(p, out var x) ? x.ToString("R", CultureInfo.InvariantCulture) : ""))
                .Append('\n');
        }

        var second = await BatchHttp.ResultsAsync(await _client.PostBatchAsync(again.ToString(), BatchHttp.Csv));

        Assert.Equal(first.Where(r => r.Score is not null).Select(r => (r.Country, r.Score, r.Coverage)), second.Select(r => (r.Country, r.Score, r.Coverage)));
    }

    [Theory]
    [InlineData(BatchHttp.Csv)]
    [InlineData(BatchHttp.Ndjson)]
    [InlineData(BatchHttp.Json)]
    public async Task ScoreBatch_ThousandsOfRows_AnswersInInputOrder(string format)
    {
        const int n = 5000;
        var codes = new[] { "RUS", "GBR", "CHN", "USA", "FRA", "DEU", "IND", "BRA" };
        var body = new BatchBody(["innovation", "implementation", "investment", "computeAccess"],
            [.. Enumerable.Range(0, n).Select(i => (codes[i % codes.Length], (int?)(1900 + i % 200), new Dictionary<string, double>
            {
                ["innovation"] = i % 101, ["implementation"] = (i / 7) % 101, ["investment"] = 50, ["computeAccess"] = 25,
            }))]);

        var rows = await BatchHttp.ResultsAsync(await _client.PostBatchAsync(body.In(format), format, BatchHttp.Json));

        Assert.Equal(n, rows.Count);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(codes[i % codes.Length], rows[i].Country);
            Assert.Equal(1900 + i % 200, rows[i].Year);
            Assert.Equal(0.3 * (i % 101) + 0.3 * ((i / 7) % 101) + 0.2 * 50 + 0.2 * 25, rows[i].Score!.Value, 9);
        }
    }
}
