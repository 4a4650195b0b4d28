using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

public sealed class AtomicWriterTests
{
    private static OutputFile F(string path, string text) => new(path, System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Write_ReplacesEveryFileAndLeavesNothingElse()
    {
        using var h = new ImportHarness();
        File.WriteAllText(h.PathOf("c.csv"), "old");

        h.Writer.Write(h.OutDir, [F("c.csv", "new csv"), F("c.json", "{}"), F("provenance/c.csv", "p")]);

        Assert.Equal(["c.csv", "c.json", "provenance", Path.Combine("provenance", "c.csv")], h.Entries());
        Assert.Equal("new csv", File.ReadAllText(h.PathOf("c.csv")));
    }

    [Fact]
    public void Write_FailureHalfwayThrough_RestoresThePreviousFiles()
    {
        using var h = new ImportHarness();
        File.WriteAllText(h.PathOf("c.csv"), "old csv");
        File.WriteAllText(h.PathOf("c.json"), "old json");
        var writer = new AtomicWriter(h.Log)
        {
            BeforeCommit = path => { if (path == "provenance/c.csv") throw new IOException("disk full (injected)"); },
        };

        var e = Assert.Throws<ImportException>(() =>
            writer.Write(h.OutDir, [F("c.csv", "new csv"), F("c.json", "new json"), F("provenance/c.csv", "p")]));

        Assert.Equal(ImportFailure.Output, e.Failure);
        Assert.Contains("disk full", e.Message);
        Assert.Equal("old csv", File.ReadAllText(h.PathOf("c.csv")));
        Assert.Equal("old json", File.ReadAllText(h.PathOf("c.json")));
        Assert.DoesNotContain(h.Files(), f => f.Contains("provenance", StringComparison.Ordinal) || f.StartsWith('.'));
        Assert.DoesNotContain(h.Entries(), f => f.Contains("staging", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_FailureOnAFreshDirectory_LeavesNoCohort()
    {
        using var h = new ImportHarness();
        var writer = new AtomicWriter(h.Log) { BeforeCommit = path => { if (path == "c.json") throw new IOException("injected"); } };

        Assert.Throws<ImportException>(() => writer.Write(h.OutDir, [F("c.csv", "a"), F("c.json", "b")]));

        Assert.Empty(h.Files());
    }
}
