namespace ReadinessApi.Testing;

/// <summary>
/// The published reference tables in <c>shared/data</c> beside the checkout (CI always has it). They are never
/// committed into the repository (their publishers' terms decide, see scoring.md), so tests read them where
/// the machine has them: the folder named by READINESS_SHARED_DATA, else the first <c>shared/data</c> found
/// walking up from the test assembly. One file, linked into every test project that needs it.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "READINESS_SHARED_DATA";

    /// <summary>The data folder, or null when this machine has none.</summary>
    public static string? Directory { get; } = Locate();

    /// <summary>The full path of a file under shared/data (e.g. <c>open/cloud_regions_by_country.csv</c>), or null.</summary>
    public static string? File(string relative) =>
        Directory is null ? null : Path.Combine(Directory, relative) is var p && System.IO.File.Exists(p) ? p : null;

    /// <summary>The full path of a file under shared/data; throws, naming the file, when it is not there.</summary>
    public static string PathOf(string relative) => File(relative)
        ?? throw new FileNotFoundException($"{relative} is not in {Directory ?? "any shared/data folder"} ({EnvironmentVariable}).", relative);

    public static bool Has(params string[] relative) => relative.All(r => File(r) is not null);

    /// <summary>
    /// Why a test that needs <paramref name="relative"/> cannot run here; null when it can. A folder configured
    /// explicitly is never a reason to skip: CI sets it on purpose, so a missing file there must fail the test.
    /// </summary>
    public static string? SkipReason(params string[] relative)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } || Has(relative))
        {
            return null;
        }
        return SkipMessage(relative);
    }

    /// <summary>
    /// Skips the calling test (a <c>[SkippableFact]</c>) when it cannot run here, so that it is counted as
    /// skipped with its reason, never as passed; where the folder is configured, the test runs and fails instead.
    /// </summary>
    public static void SkipUnless(params string[] relative)
    {
        if (SkipReason(relative) is { } reason)
        {
            throw new Xunit.SkipException(reason);
        }
    }

    public static string SkipMessage(params string[] relative) =>
        $"{string.Join(", ", relative)} not found under shared/data (no shared/data above {AppContext.BaseDirectory}, " +
        $"and {EnvironmentVariable} is not set); CI always has it. This test needs the publishers' copies.";

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
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

/// <summary>
/// A fact over published reference tables: reported as skipped, with the files it needed, on a machine without
/// them, instead of passing silently (xunit 2 has no runtime skip, so the decision is made at discovery).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] files)
    {
        if (SharedData.SkipReason(files) is { } reason)
        {
            Skip = reason;
        }
    }
}
