using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ReadinessApi.Client;

namespace ReadinessApi.ClientTests;

/// <summary>
/// The real service as a separate process (this configuration's build of src/ReadinessApi, run from its
/// output folder as a deployment runs it) on a free loopback port, and a generated client pointed at it.
/// Uses the Redis that scripts/test.sh started (REDIS_CONNECTION) when there is one.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _process;
    private HttpClient? _http;

    public Uri BaseUrl { get; private set; } = null!;

    public ReadinessApiClient Client { get; private set; } = null!;

    /// <summary>The client's request adapter, for answers a generated method does not deserialise (text formats).</summary>
    public HttpClientRequestAdapter Adapter { get; private set; } = null!;

    /// <summary>Plain HTTP to the same service, for what a test checks beside the client.</summary>
    public HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        var dll = Environment.GetEnvironmentVariable("READINESS_API_DLL") is { Length: > 0 } configured
            ? configured
            : Metadata("ServiceAssembly");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution first (scripts/test.sh does).");
        }
        BaseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", BaseUrl.ToString().TrimEnd('/') },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The made-up cohort the document's examples use, mounted as a deployment mounts its cohorts.
        start.Environment["Cohorts__Directory"] = Metadata("ExampleCohorts");
        if (Environment.GetEnvironmentVariable("REDIS_CONNECTION") is { Length: > 0 } redis)
        {
            start.Environment["ConnectionStrings__Redis"] = redis;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        _http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited ({_process.ExitCode}) before /health/live answered:\n{Log}");
            }
            try
            {
                using var live = await _http.GetAsync("/health/live");
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/health/live did not answer 200 within 60 s:\n{Log}");
            }
            await Task.Delay(200);
        }

        // What a consumer writes: an adapter with its deployment's base URL (the document's server is relative, "/") and the client.
        Adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: new HttpClient())
        {
            BaseUrl = BaseUrl.ToString().TrimEnd('/'),
        };
        Client = new ReadinessApiClient(Adapter);
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string Metadata(string key) =>
        typeof(ServiceFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
