namespace ReadinessApi.Import.Tests.Support;

/// <summary>
/// The copies of published tables in ../shared/data beside the checkout (CI always has it), read at test
/// time and never copied into the repository. Tests that need them say plainly when they skip.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Find();

    /// <summary>The full path of a file under shared/data, or null.</summary>
    public static string? File(string relative) =>
        Directory is null ? null : Path.Combine(Directory, relative) is var p && System.IO.File.Exists(p) ? p : null;

    public static bool Has(params string[] relative) => relative.All(r => File(r) is not null);

    public static string SkipMessage(params string[] relative) =>
        $"SKIPPED: ../shared/data is not beside this checkout (or lacks {string.Join(", ", relative)}); this test needs the publishers' copies.";

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
