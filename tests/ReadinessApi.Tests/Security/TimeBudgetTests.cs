using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Tests.Batch;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Security;

/// <summary>
/// The time budgets (Limits:RequestTimeout, Limits:HeavyRequestTimeout), each set to one second on a host of
/// its own: a request over its budget is answered 408 with a problem document, not left hanging or a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TimeBudgetTests(ApiHost host)
{
    [Fact]
    public async Task HeavyBudget_RankedBatchStillUploadingAfterIt_Is408Problem()
    {
        // On real Kestrel sockets: the in-memory test server takes the whole upload before the service sees it.
        // rank=batch holds every result until the last row is in (ranks need all rows), so nothing has been
        // answered when the budget runs out; the client sends a row every 100 ms for about 6 s.
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Limits:HeavyRequestTimeout"] = "00:00:01" });
        factory.UseKestrel(0);
        factory.StartServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var post = await DuplexPost.StartAsync(factory.CreateClient().BaseAddress!, "/v1/scores/batch?rank=batch", "application/x-ndjson", SlowRowsAsync, timeout.Token);
        var answered = started.Elapsed;
        using var reader = new StreamReader(post.Body);
        var text = await reader.ReadToEndAsync(timeout.Token);

        Assert.True(post.Status == 408, $"{post.Status}: {text}");
        Assert.Equal("application/problem+json", post.Headers["Content-Type"]);
        AssertTimeoutProblem(text);
        Assert.True(answered < TimeSpan.FromSeconds(5), $"answered after {answered}: the budget did not cut the upload short");
    }

    [Fact]
    public async Task OrdinaryBudget_RequestStillRunningAfterIt_Is408Problem()
    {
        // Every operation answers in micro- to milliseconds, so a request that outlasts the ordinary budget is
        // made here: a handler at the end of the service's own pipeline that waits on the request's token.
        await using var factory = new ApiFactory(host.Redis)
            .WithSettings(new Dictionary<string, string?> { ["Limits:RequestTimeout"] = "00:00:01" })
            .WithServices(services => services.AddTransient<IStartupFilter, SlowEndFilter>());

        using var response = await factory.CreateClient().GetAsync(SlowEndFilter.Path);

        await AssertTimeoutProblemAsync(response);
    }

    private static async Task AssertTimeoutProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestTimeout, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertTimeoutProblem(text);
    }

    private static void AssertTimeoutProblem(string text)
    {
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(408, problem.GetProperty("status").GetInt32());
        Assert.Equal(32, problem.GetProperty("traceId").GetString()!.Length);
    }

    /// <summary>NDJSON score rows, one every 100 ms, 60 in all; stops quietly when the server stops reading.</summary>
    private static async Task SlowRowsAsync(Stream body, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes("""{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""" + "\n");
        try
        {
            for (int i = 0; i < 60; i++)
            {
                await body.WriteAsync(line, cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server answered and closed the connection: the rest of the upload is not wanted.
        }
    }

    /// <summary>Appends, after the service's whole pipeline, a handler that takes ten seconds unless cancelled.</summary>
    private sealed class SlowEndFilter : IStartupFilter
    {
        public const string Path = "/test/slow";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) => context.Request.Path == Path
                ? Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted)
                : Task.CompletedTask);
        };
    }
}
