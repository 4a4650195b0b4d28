using ReadinessApi.Import.Publishers;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

public sealed class PublishedCsvTests
{
    private static PublishedTable Parse(string text) =>
        PublishedCsvClient.Parse(text, "http://127.0.0.1/x.csv", "test table", "iso3", ["systems"], new ImportLog(TextWriter.Null));

    [Fact]
    public void Parse_QuotedNamesAggregatesAndEmptyCells()
    {
        var table = Parse("iso3,country,systems\nUSA,United States,100\nTWN,\"Taiwan, China\",\nEU,European Union,9\n");

        Assert.Equal(["TWN", "USA"], table.Rows.Keys.Order());
        Assert.Equal("Taiwan, China", table.Rows["TWN"]["country"]);
        Assert.Equal("", table.Rows["TWN"]["systems"]);
    }

    [Fact]
    public void Parse_MissingColumn_IsASchemaFailureNamingIt()
    {
        var e = Assert.Throws<ImportException>(() => Parse("iso3,country,system_count\nUSA,United States,100\n"));
        Assert.Equal(ImportFailure.Schema, e.Failure);
        Assert.Contains("missing column(s) systems", e.Message);
    }

    [Fact]
    public void Parse_DuplicateEconomy_IsAValidationFailure()
    {
        var e = Assert.Throws<ImportException>(() => Parse("iso3,country,systems\nUSA,United States,100\nusa,US,1\n"));
        Assert.Equal(ImportFailure.Validation, e.Failure);
        Assert.Contains("USA appears more than once", e.Message);
    }

    [Fact]
    public void Parse_HtmlPage_IsASchemaFailure()
    {
        var e = Assert.Throws<ImportException>(() => Parse("<!DOCTYPE html><html>Sign in</html>"));
        Assert.Equal(ImportFailure.Schema, e.Failure);
        Assert.Contains("HTML", e.Message);
    }

    [Fact]
    public async Task Fetch_OverHttp_ReadsTheTable()
    {
        await using var server = await PublisherServer.StartAsync(_ => Reply.Csv("iso3,country,systems\nJPN,Japan,39\n"));
        using var h = new ImportHarness();
        var client = new PublishedCsvClient(h.Http, h.Log);

        var table = await client.FetchAsync(server.Url("top500.csv"), "TOP500", "iso3", ["systems"], CancellationToken.None);

        Assert.Equal("39", table.Rows["JPN"]["systems"]);
    }
}
