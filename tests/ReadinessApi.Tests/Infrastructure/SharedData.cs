namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// The published tables in ../shared/data beside the checkout (CI always has it). They are read at test
/// time and never copied into the repository (their publishers' terms decide).
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Find();

    /// <summary>The full path of a file under shared/data, or null (the caller says plainly that it skips).</summary>
    public static string? File(string relative) =>
        Directory is null ? null : Path.Combine(Directory, relative) is var p && System.IO.File.Exists(p) ? p : null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("READINESS_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
