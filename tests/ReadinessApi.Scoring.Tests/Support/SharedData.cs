namespace ReadinessApi.Scoring.Tests.Support;

/// <summary>
/// Finds the published reference tables (<c>shared/data</c>). They are never committed into the repository
/// (licences, see scoring.md), so tests read them where the machine has them: the folder named by
/// READINESS_SHARED_DATA, else the first <c>shared/data</c> found walking up from the test assembly.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "READINESS_SHARED_DATA";

    /// <summary>The data folder, or null when this machine has none.</summary>
    public static string? Directory { get; } = Locate();

    /// <summary>Why a test that needs <paramref name="fileName"/> cannot run here; null when it can.</summary>
    public static string? SkipReason(string fileName)
    {
        // An explicitly configured folder that is wrong must fail, not skip: CI sets it on purpose.
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 })
        {
            return null;
        }
        if (Directory is null)
        {
            return $"Skipped: reference table {fileName} not found (no shared/data above {AppContext.BaseDirectory} " +
                $"and {EnvironmentVariable} is not set). CI always has it; set {EnvironmentVariable} to run this test.";
        }
        return File.Exists(Path.Combine(Directory, fileName))
            ? null
            : $"Skipped: {fileName} is not in {Directory}.";
    }

    public static string PathOf(string fileName)
    {
        var directory = Directory ?? throw new InvalidOperationException($"No shared data folder; set {EnvironmentVariable}.");
        var path = Path.Combine(directory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{fileName} is not in {directory} ({EnvironmentVariable}).", path);
    }

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
