namespace ReadinessApi.Tests.Infrastructure;

/// <summary>
/// A test that needs published tables from ../shared/data: where one is missing the test is reported as
/// skipped, with the file it needed, instead of passing silently.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] files)
    {
        var missing = files.Where(f => SharedData.File(f) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"Skipped: ../shared/data/{string.Join(", ", missing)} not found (set READINESS_SHARED_DATA or check out shared/data beside the repository).";
        }
    }
}
