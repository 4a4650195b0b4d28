using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Http;

namespace ReadinessApi.Import.Tests.Support;

/// <summary>A temporary cohorts directory, an HTTP client with fast retries, and the captured terminal output.</summary>
public sealed class ImportHarness : IDisposable
{
    public static readonly PublisherHttpOptions FastHttp = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        RetryDelay = TimeSpan.Zero,
    };

    public ImportHarness()
    {
        OutDir = Path.Combine(Path.GetTempPath(), "readiness-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(OutDir);
        Log = new ImportLog(Output);
        Http = new PublisherHttp(Log, FastHttp);
        Writer = new AtomicWriter(Log);
    }

    public string OutDir { get; }
    public StringWriter Output { get; } = new();
    public ImportLog Log { get; }
    public PublisherHttp Http { get; }
    public AtomicWriter Writer { get; }

    public string PathOf(string relative) => Path.Combine(OutDir, relative);

    /// <summary>Every file under the output directory (relative paths), to prove nothing extra was left behind.</summary>
    public List<string> Files() =>
        [.. Directory.EnumerateFiles(OutDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(OutDir, f)).Order(StringComparer.Ordinal)];

    public List<string> Entries() =>
        [.. Directory.EnumerateFileSystemEntries(OutDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(OutDir, f)).Order(StringComparer.Ordinal)];

    /// <summary>Runs the command line as a user would, with this harness's fast retries and the fixed clock.</summary>
    public async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await ImportCli.RunAsync(args, output, error, CancellationToken.None, FastHttp, TestClock.Fixed);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            // KEEP_IMPORT_OUT=1 keeps the outputs under the temp folder, to look at them.
            if (Environment.GetEnvironmentVariable("KEEP_IMPORT_OUT") is null)
            {
                Directory.Delete(OutDir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
