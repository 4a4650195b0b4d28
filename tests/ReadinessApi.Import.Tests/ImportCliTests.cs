using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

public sealed class ImportCliTests
{
    [Fact]
    public async Task Help_ListsTheVerbs()
    {
        using var h = new ImportHarness();
        var (exit, stdout, _) = await h.RunCliAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("worldbank-groups", stdout);
        Assert.Contains("reference", stdout);
        Assert.Contains("--raw DIR", stdout);
    }

    [Theory]
    [InlineData(new[] { "imf" }, "--out is required")]
    [InlineData(new[] { "fetch-everything", "--out", "x" }, "unknown verb 'fetch-everything'")]
    [InlineData(new[] { "imf", "--out", "x", "--colour", "blue" }, "unknown option(s) for 'imf': --colour")]
    [InlineData(new[] { "imf", "--out", "x", "--year", "last" }, "--year: 'last' is not a whole number")]
    [InlineData(new[] { "imf", "--out", "x", "--base-url", "not a url" }, "neither an http(s) URL nor an existing file")]
    [InlineData(new[] { "reference", "--out", "x", "--retrieved", "yesterday" }, "--retrieved: 'yesterday' is not a date (YYYY-MM-DD)")]
    [InlineData(new[] { "reference", "--out", "x", "--raw", "/no/such/folder" }, "--raw: '/no/such/folder' is not a folder")]
    public async Task BadCommandLine_ExitsTwoWithAMessage(string[] args, string expected)
    {
        using var h = new ImportHarness();
        var (exit, _, stderr) = await h.RunCliAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr);
    }
}
