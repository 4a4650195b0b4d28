namespace ReadinessApi.Import.Tests.Support;

/// <summary>A fixed "now", so retrieval dates in the outputs are known.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public static readonly TestClock Fixed = new(new DateTimeOffset(2026, 7, 20, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
