using ReadinessApi.Import.Publishers;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

public sealed class WorldBankClientTests
{
    private static List<(string, string, int, double?)> Series(int economies)
    {
        var rows = new List<(string, string, int, double?)>();
        var codes = Scoring.Countries.IsoCountries.All.Keys.Order(StringComparer.Ordinal).Take(economies).ToList();
        foreach (var code in codes)
        {
            for (int y = 2024; y >= 2015; y--)
            {
                // Latest non-empty value: 2022 for every economy, 2024 and 2023 empty.
                rows.Add((code, code, y, y >= 2023 ? null : y * 1.0 + codes.IndexOf(code)));
            }
        }
        return rows;
    }

    [Fact]
    public async Task FetchIndicator_SeveralPages_ReadsEveryPageAndKeepsTheLatestValue()
    {
        var series = new Dictionary<string, List<(string, string, int, double?)>> { ["SP.POP.TOTL"] = Series(250) };
        await using var server = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(series));
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl, perPage: 1000);

        var rows = await client.FetchIndicatorAsync("SP.POP.TOTL", 2015, 2024, 2, CancellationToken.None);

        Assert.Equal(2500, rows.Count);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains(server.Requests, r => r.Contains("page=3", StringComparison.Ordinal) && r.Contains("date=2015:2024", StringComparison.Ordinal) && r.Contains("source=2", StringComparison.Ordinal));
        var latest = WorldBankClient.LatestByEconomy(rows);
        Assert.Equal(250, latest.Count);
        Assert.All(latest.Values, v => Assert.Equal("2022", v.Observation.Period));
    }

    [Fact]
    public async Task FetchIndicator_NoData_ReturnsNothing()
    {
        await using var server = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(new Dictionary<string, List<(string, string, int, double?)>>()));
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl);

        var rows = await client.FetchIndicatorAsync("IT.NET.USER.ZS", 2015, 2024, null, CancellationToken.None);

        Assert.Empty(rows);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task FetchIndicator_ApiErrorMessage_IsASchemaFailureQuotingTheApi()
    {
        await using var server = await PublisherServer.StartAsync(_ => Reply.Json(PublisherFormats.WorldBankErrorBody));
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl);

        var e = await Assert.ThrowsAsync<ImportException>(() => client.FetchIndicatorAsync("XX.GONE", 2015, 2024, null, CancellationToken.None));

        Assert.Equal(ImportFailure.Schema, e.Failure);
        Assert.Contains("175 Invalid format: The indicator was not found", e.Message);
    }

    [Theory]
    [InlineData("""{"page":1,"pages":1,"per_page":50,"total":1}""")]
    [InlineData("""[{"page":1,"pages":1,"per_page":50,"total":1},{"rows":[]}]""")]
    [InlineData("""[{"page":1,"pages":1,"per_page":50,"total":1},[{"countryiso3code":"USA","date":"2020","value":1.5}]]""")]
    [InlineData("""[{"page":1,"pages":1,"per_page":50,"total":1},[{"countryiso3code":"USA","country":{"id":"US","value":"United States"},"date":"2020","value":"1.5"}]]""")]
    [InlineData("""<html><body>Service unavailable</body></html>""")]
    public async Task FetchIndicator_UnexpectedShape_IsASchemaFailure(string body)
    {
        await using var server = await PublisherServer.StartAsync(_ => Reply.Json(body));
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl);

        var e = await Assert.ThrowsAsync<ImportException>(() => client.FetchIndicatorAsync("SP.POP.TOTL", 2015, 2024, null, CancellationToken.None));

        Assert.Equal(ImportFailure.Schema, e.Failure);
        Assert.Contains("World Bank indicator SP.POP.TOTL", e.Message);
    }

    [Fact]
    public async Task FetchIndicator_NotFound_IsAnHttpFailureWithoutRetries()
    {
        await using var server = await PublisherServer.StartAsync(_ => Reply.NotFound);
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl);

        var e = await Assert.ThrowsAsync<ImportException>(() => client.FetchIndicatorAsync("SP.POP.TOTL", 2015, 2024, null, CancellationToken.None));

        Assert.Equal(ImportFailure.Http, e.Failure);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task FetchIndicator_ServerUnreachable_IsAnHttpFailure()
    {
        var server = await PublisherServer.StartAsync(_ => Reply.NotFound);
        var url = server.BaseUrl;
        await server.DisposeAsync();
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, url);

        var e = await Assert.ThrowsAsync<ImportException>(() => client.FetchIndicatorAsync("SP.POP.TOTL", 2015, 2024, null, CancellationToken.None));

        Assert.Equal(ImportFailure.Http, e.Failure);
        Assert.Contains("could not reach", e.Message);
    }

    [Fact]
    public async Task FetchCountries_PerPageAsString_PagesAndTrimsNames()
    {
        var countries = new List<(string, string, string, string, string, string)>();
        foreach (var code in Scoring.Countries.IsoCountries.All.Keys.Order(StringComparer.Ordinal).Take(120))
        {
            countries.Add((code, code, "ECS", "Europe & Central Asia", "HIC", "High income"));
        }
        await using var server = await PublisherServer.StartAsync(PublisherFormats.WorldBankHandler(
            new Dictionary<string, List<(string, string, int, double?)>>(), countries));
        using var h = new ImportHarness();
        var client = new WorldBankClient(h.Http, server.BaseUrl, perPage: 50);

        var rows = await client.FetchCountriesAsync(CancellationToken.None);

        Assert.Equal(120, rows.Count);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(rows, r => Assert.Equal("Europe & Central Asia", r.RegionName));
    }
}
