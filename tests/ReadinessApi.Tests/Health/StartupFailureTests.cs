using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ReadinessApi.Infrastructure.Startup;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Health;

/// <summary>
/// A start-up failure an operator can fix, as a deployment sees it (the Release build run with
/// <c>dotnet ReadinessApi.dll</c> from another folder): one line on standard error that names what to change,
/// an exit code of its own, and no stack trace on either stream.
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Start_MisspeltSetting_NamesTheKeyAsWrittenAndWhatIsAllowed()
    {
        var (code, line) = await FailAsync(("Cache__RedisTimout", "00:00:01"));

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains("'Cache:RedisTimout' is not a setting", line);
        Assert.Contains("Cache:RedisTimeout", line);
    }

    [Fact]
    public async Task Start_SettingOutOfRange_NamesTheKeyTheValueAndTheRange()
    {
        var (code, line) = await FailAsync(("Cache__RedisTimeout", "00:01:00"));

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains("'Cache:RedisTimeout' = '00:01:00' is not allowed", line);
        Assert.Contains("must be between", line);
    }

    [Fact]
    public async Task Start_MalformedCohort_NamesFileLineAndColumn()
    {
        var dir = CohortFolders.Create(("broken.csv", "country,name,innovation,implementation,investment,computeAccess\nRUS,Russia,18.5,33,9,6\nDEU,Germany,40,6O,30,70\n"));

        var (code, line) = await FailAsync(("Cohorts__Directory", dir));

        Assert.Equal(ExitCodes.ReferenceData, code);
        Assert.Contains($"{Path.Combine(dir, "broken.csv")}:3:4: '6O' is not a number", line);
    }

    [Fact]
    public async Task Start_MalformedGroupFile_NamesFileLineAndColumn()
    {
        var dir = CohortFolders.Create(("groups.test.json", "{ \"groups\": [ { \"id\": \"x\",\n  \"name\": 5 } ] }"));

        var (code, line) = await FailAsync(("Cohorts__Directory", dir));

        Assert.Equal(ExitCodes.ReferenceData, code);
        Assert.Contains(Path.Combine(dir, "groups.test.json"), line);
        Assert.Contains("line 2, column", line);
    }

    [Fact]
    public async Task Start_PortInUse_NamesThePortAndTheSetting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (code, line) = await FailAsync(("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"));

        Assert.Equal(ExitCodes.PortInUse, code);
        Assert.Contains($"Port {port} is already in use", line);
        Assert.Contains("'urls' (ASPNETCORE_URLS, or --urls)", line);
    }

    [Fact]
    public async Task Start_FromAnotherFolder_TheContentRootIsTheApplicationsOwn()
    {
        var start = ServiceProcess.StartInfo(Path.GetTempPath());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{RedisServerProcess.FreePort()}";
        using var process = Process.Start(start)!;
        try
        {
            var expected = $"Content root path: {Path.GetDirectoryName(ServiceProcess.Dll)}";
            using var cancel = new CancellationTokenSource(Limit);
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync(cancel.Token);
            }
            while (line is not null && !line.Contains("Content root path", StringComparison.Ordinal));
            Assert.NotNull(line);
            Assert.Contains(expected, line);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the service from a folder not its own with these settings; it must stop by itself.</summary>
    private static async Task<(int ExitCode, string Line)> FailAsync(params (string Name, string Value)[] settings)
    {
        var start = ServiceProcess.StartInfo(Path.GetTempPath());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{RedisServerProcess.FreePort()}";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var (code, output, error) = await ServiceProcess.RunToExitAsync(start, Limit);

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on standard error, got {lines.Length}:\n{error}");
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("Unhandled exception", output + error);
        return (code, lines[0]);
    }
}
