using System.Diagnostics;

namespace ReadinessApi.Tests.Infrastructure;

/// <summary>The service's own Release build as a deployment runs it: <c>dotnet ReadinessApi.dll</c>, a separate process.</summary>
public static class ServiceProcess
{
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(RepositoryRoot.Path, "src", "ReadinessApi", "bin", "Release", "net10.0", "ReadinessApi.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist: build the solution in Release first (scripts/test.sh does).");
        }
    }

    /// <summary>How to start it: in <paramref name="workingDirectory"/>, Production unless the environment says otherwise.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Dll },
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>Runs it until it exits by itself (within <paramref name="timeout"/>, else it is killed and the test fails).</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunToExitAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the service did not exit within {timeout}: {await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
