using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>Batch:MaxRows and Batch:MaxBytes: 413 beyond them; a stream already under way is cut off, saying why.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchLimitsTests(ApiHost host) : IAsyncLifetime
{
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?>
        {
            ["Batch:MaxRows"] = "2000",
            ["Batch:MaxBytes"] = "120000",
            ["Batch:MaxErrorRows"] = "5",
        });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>About 110 bytes a row: over the byte limit (120 000) in fewer rows than the row limit (2000).</summary>
    private static string LongRows(int n)
    {
        var csv = new StringBuilder("country,innovation,implementation,investment,computeAccess\n");
        for (int i = 0; i < n; i++)
        {
            csv.Append("RUS,18.50000000000000000000000,33.00000000000000000000000,9.00000000000000000000000,6.00000000000000000000000\n");
        }
        return csv.ToString();
    }

    private static string Rows(int n)
    {
        var csv = new StringBuilder("country,innovation,implementation,investment,computeAccess\n");
        for (int i = 0; i < n; i++)
        {
            csv.Append("RUS,18.5,33,9,6\n");
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData("")]
    [InlineData("?rank=batch")]
    public async Task ScoreBatch_AtTheRowLimit_IsScored(string query)
    {
        var response = await _client.PostBatchAsync(Rows(2000), BatchHttp.Csv, query: query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2000, BatchHttp.FromCsv(await response.Content.ReadAsStringAsync()).Count);
    }

    [Fact]
    public async Task ScoreBatch_OverTheRowLimitRankBatch_Is413()
    {
        var response = await _client.PostBatchAsync(Rows(2001), BatchHttp.Csv, query: "?rank=batch");

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "Batch:MaxRows");
    }

    [Fact]
    public async Task ScoreBatch_OverTheRowLimitBeforeAnyResultIsSent_Is413EvenWhenStreaming()
    {
        // 20 rows of JSON results fit in the first, unsent buffer: the answer can still be a 413.
        using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Batch:MaxRows"] = "20" });
        var response = await factory.CreateClient().PostBatchAsync(Rows(21), BatchHttp.Csv);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "Batch:MaxRows");
    }

    [Fact]
    public async Task ScoreBatch_DeclaredBodyOverTheByteLimit_Is413BeforeReading()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(LongRows(1200)));
        Assert.True(content.Headers.ContentLength > 120000);

        var response = await _client.PostBatchAsync(content, BatchHttp.Csv);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "Batch:MaxBytes");
    }

    [Fact]
    public async Task ScoreBatch_ChunkedBodyOverTheByteLimit_Is413()
    {
        // No Content-Length: the limit is found while reading. rank=batch sends nothing before the end.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(LongRows(1200))));
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch?rank=batch") { Content = content };
        content.Headers.ContentType = new("text/csv");
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "Batch:MaxBytes");
    }

    [Fact]
    public async Task ScoreBatch_OverTheRowLimitWhileStreaming_EndsWithA413RecordAndCutsTheStreamOff()
    {
        // 2000 NDJSON results are far more than the first buffer: results are under way when row 2001 arrives.
        var response = await _client.PostBatchAsync(Rows(2500), BatchHttp.Csv, BatchHttp.Ndjson, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var lines = new List<string>();
        var ex = await Record.ExceptionAsync(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        });

        Assert.NotNull(ex);
        Assert.True(lines.Count <= 2001, $"{lines.Count} lines");
        Assert.True(lines.Count > 1000, $"{lines.Count} lines");
        var last = JsonDocument.Parse(lines[^1]).RootElement.GetProperty("error");
        Assert.Equal(413, last.GetProperty("status").GetInt32());
        Assert.Contains("Batch:MaxRows", last.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ScoreBatch_MoreInvalidRowsThanRankBatchHolds_Is413ButRankNoneAnswersEach()
    {
        var csv = Rows(10) + string.Concat(Enumerable.Repeat("XXX,1,1,1,1\n", 6));

        var ranked = await _client.PostBatchAsync(csv, BatchHttp.Csv, query: "?rank=batch");
        var streamed = await _client.PostBatchAsync(csv, BatchHttp.Csv);

        await AssertProblem(ranked, HttpStatusCode.RequestEntityTooLarge, "Batch:MaxErrorRows");
        var rows = BatchHttp.FromCsv(await streamed.Content.ReadAsStringAsync());
        Assert.Equal(16, rows.Count);
        Assert.Equal(6, rows.Count(r => r.Error is not null));
    }

    [Theory]
    [InlineData("Batch:MaxRows", "0")]
    [InlineData("Batch:MaxErrorRows", "-1")]
    [InlineData("Batch:MaxBytes", "0")]
    [InlineData("Batch:MaxRows", "-5")]
    public void Startup_InvalidBatchLimits_FailsValidation(string key, string value)
    {
        using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { [key] = value });

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(nameof(OptionsValidationException), ex.ToString());
        Assert.Contains(key.Split(':')[1], ex.ToString());
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Contains(mentions, problem.GetProperty("detail").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }
}
