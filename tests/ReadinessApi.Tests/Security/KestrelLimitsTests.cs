using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Batch;

namespace ReadinessApi.Tests.Security;

/// <summary>
/// The transport limits on real Kestrel sockets (the in-memory test server enforces none of them): a body over
/// Limits:MaxBodyBytes is a 413 problem, not a reset or a 500; headers over Limits:MaxRequestHeadersTotalSize
/// are refused by Kestrel itself (431); a batch far over the ordinary body limit but under Batch:MaxBytes streams through.
/// </summary>
[Collection(KestrelBatchCollection.Name)]
public sealed class KestrelLimitsTests(KestrelBatchHost host)
{
    private const int MaxBodyBytes = 256 * 1024;

    private HttpClient Client() => new() { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ScoreCountry_BodyOverTheLimit_Is413Problem(bool chunked)
    {
        // One long string first, so the reader must take in more than the limit before it can find anything else wrong.
        var json = """{"country":""" + "\"" + new string('x', MaxBodyBytes + 1024) + "\"" + ""","inputs":{"innovation":1}}""";
        var content = chunked
            ? (HttpContent)new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await Client().SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("too large", problem.GetProperty("title").GetString());
        Assert.Equal(32, problem.GetProperty("traceId").GetString()!.Length);
    }

    [Fact]
    public async Task AnyRequest_HeadersOverTheLimit_Is431()
    {
        // Over a raw socket: the answer is Kestrel's own, written before any middleware runs.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Address.Host, host.Address.Port);
        var stream = tcp.GetStream();
        var head = $"GET /v1/methodologies HTTP/1.1\r\nHost: {host.Address.Authority}\r\nX-Big: {new string('a', 40 * 1024)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[256];
        int n = await stream.ReadAsync(buffer);
        var status = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
        Assert.True(status.Contains(" 431 ", StringComparison.Ordinal) || status.Contains(" 400 ", StringComparison.Ordinal), status);
    }

    [Fact]
    public async Task ScoreBatch_StreamedBodyFarOverTheOrdinaryLimit_IsAccepted()
    {
        // About 4 MB of CSV: sixteen times Limits:MaxBodyBytes, well under Batch:MaxBytes (256 MiB).
        const int rows = 200_000;
        var csv = new StringBuilder("country,innovation,implementation,investment,computeAccess\n", rows * 20);
        for (int i = 0; i < rows; i++)
        {
            csv.Append("RUS,18.5,33,9,6\n");
        }
        Assert.True(csv.Length > 10 * MaxBodyBytes);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scores/batch") { Content = content };
        content.Headers.ContentType = new("text/csv");
        request.Headers.TransferEncodingChunked = true;

        using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        int lines = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            // Every row scored: its last cell, the error, is empty.
            Assert.True(lines == 0 || line.EndsWith(',') && line.StartsWith("RUS,", StringComparison.Ordinal), line);
            lines++;
        }
        Assert.Equal(rows + 1, lines);
    }
}
