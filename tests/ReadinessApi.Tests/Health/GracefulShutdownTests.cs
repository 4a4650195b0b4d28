using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ReadinessApi.Tests.Batch;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Health;

/// <summary>
/// SIGTERM to the real service as a deployment runs it (the Release build, <c>dotnet ReadinessApi.dll</c>, a
/// separate process on a free loopback port): readiness turns 503 at once while the service still serves for
/// Shutdown:Delay, then new connections are refused, a streaming batch already under way still gets every
/// row and its 200, and the process exits 0 within Shutdown:Timeout.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GracefulShutdownTests(ApiHost host, ITestOutputHelper output)
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const int Rows = 3000;

    [Fact]
    public async Task Sigterm_DuringAStreamingBatch_UnreadyThenDrainsThenExitsZero()
    {
        var log = new StringBuilder();
        var address = new Uri($"http://127.0.0.1:{RedisServerProcess.FreePort()}");
        using var service = Start(address, log);
        try
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            await WaitReadyAsync(service, http, log);

            // A slow upload: 30 chunks of 100 NDJSON rows, one every 150 ms (about 4.5 s in all).
            var uploaded = new TaskCompletionSource();
            using var batch = await DuplexPost.StartAsync(address, "/v1/scores/batch", "application/x-ndjson", async (body, ct) =>
            {
                var line = Encoding.UTF8.GetBytes("""{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""" + "\n");
                for (int chunk = 0; chunk < Rows / 100; chunk++)
                {
                    var block = new byte[line.Length * 100];
                    for (int i = 0; i < 100; i++)
                    {
                        line.CopyTo(block, i * line.Length);
                    }
                    await body.WriteAsync(block, ct);
                    if (chunk == 2)
                    {
                        uploaded.TrySetResult();
                    }
                    await Task.Delay(150, ct);
                }
            }, CancellationToken.None);
            Assert.Equal(200, batch.Status);
            await uploaded.Task;
            var reading = ReadLinesAsync(batch.Body);

            var clock = Stopwatch.StartNew();
            Kill("TERM", service.Id);
            // The runtime handles the signal on its own thread: a probe sent in the same instant could race it.
            // Probing starts once the host says it is stopping (readiness turns with that same event), which
            // must happen well inside Shutdown:Delay.
            while (!Logged(log, "Application is shutting down"))
            {
                Assert.True(clock.Elapsed < Delay / 2, $"the service did not begin stopping within {Delay / 2} of SIGTERM:\n{log}");
                await Task.Delay(10);
            }

            // Readiness from new connections until the process is gone: 503 first, then refused; never 200 again.
            var seen = new List<(TimeSpan At, string What)>();
            while (!service.HasExited && clock.Elapsed < Timeout + TimeSpan.FromSeconds(5))
            {
                string what;
                try
                {
                    using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
                    using var ready = await probe.GetAsync("/health/ready");
                    what = ((int)ready.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    what = "refused";
                }
                if (seen.Count == 0 || seen[^1].What != what)
                {
                    seen.Add((clock.Elapsed, what));
                }
                await Task.Delay(100);
            }
            var lines = await reading;
            await service.WaitForExitAsync();
            var exited = clock.Elapsed;

            output.WriteLine($"SHUTDOWN readiness after SIGTERM: {string.Join(", ", seen.Select(s => $"{s.What} at {s.At.TotalSeconds:0.00} s"))}; " +
                $"batch of {Rows} rows complete with {lines.Count} results; process exited {service.ExitCode} at {exited.TotalSeconds:0.00} s " +
                $"(Shutdown:Delay {Delay.TotalSeconds} s, Shutdown:Timeout {Timeout.TotalSeconds} s)");
            Assert.True(seen.Count > 0 && seen[0].What == "503", $"readiness after SIGTERM: {string.Join(", ", seen)}\n{log}");
            Assert.DoesNotContain(seen, s => s.What == "200");
            Assert.Contains(seen, s => s.What == "refused");
            Assert.True(seen.First(s => s.What == "refused").At >= Delay - TimeSpan.FromMilliseconds(300), $"refused too early: {string.Join(", ", seen)}");
            Assert.Equal(Rows, lines.Count);
            Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("score", out _), l));
            Assert.True(service.ExitCode == 0, $"exit code {service.ExitCode}\n{log}");
            Assert.True(exited < Timeout, $"exited after {exited}");
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool Logged(StringBuilder log, string text)
    {
        lock (log)
        {
            return log.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    private static async Task<List<string>> ReadLinesAsync(Stream body)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    private Process Start(Uri address, StringBuilder log)
    {
        var start = ServiceProcess.StartInfo(Path.GetDirectoryName(ServiceProcess.Dll)!);
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        start.Environment["ConnectionStrings__Redis"] = host.Redis.ConnectionString;
        start.Environment["Shutdown__Delay"] = Delay.ToString();
        start.Environment["Shutdown__Timeout"] = Timeout.ToString();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(Process service, HttpClient http, StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(service.HasExited, $"the service exited before it was ready:\n{log}");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"/health/ready did not answer 200 within 60 s:\n{log}");
            await Task.Delay(200);
        }
    }

    private static void Kill(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
