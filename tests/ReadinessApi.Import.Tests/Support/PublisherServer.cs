using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ReadinessApi.Import.Standins;

namespace ReadinessApi.Import.Tests.Support;

/// <summary>What the fake publisher answers.</summary>
public sealed record Reply(int Status, string Body, string ContentType = "application/json")
{
    public static Reply Json(string body) => new(200, body);
    public static Reply Csv(string body) => new(200, body, "text/csv");
    public static readonly Reply NotFound = new(404, "not found", "text/plain");
}

/// <summary>
/// A publisher on 127.0.0.1 (Kestrel, port chosen by the OS) that answers in the publisher's real format;
/// the test supplies the handler and reads back which requests were made.
/// </summary>
public sealed class PublisherServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PublisherServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Path and query of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Url(string relative) => new(BaseUrl, relative);

    public int CountRequests(string pathContains) => Requests.Count(r => r.Contains(pathContains, StringComparison.Ordinal));

    public static async Task<PublisherServer> StartAsync(Func<HttpRequest, Reply> handler)
    {
        PublisherServer? server = null;
        var (app, baseUrl) = await Loopback.StartAsync(app => app.Run(async context =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            var reply = handler(context.Request);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body);
        }));
        server = new PublisherServer(app, baseUrl);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
