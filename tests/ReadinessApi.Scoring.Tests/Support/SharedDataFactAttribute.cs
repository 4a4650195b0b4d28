namespace ReadinessApi.Scoring.Tests.Support;

/// <summary>
/// A fact over a published reference table: skipped, with the reason in the test output, on a machine
/// without the table (xunit 2 has no runtime skip, so the decision is made at discovery).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string fileName)
    {
        if (SharedData.SkipReason(fileName) is { } reason)
        {
            Skip = reason;
        }
    }
}
