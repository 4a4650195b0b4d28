using Microsoft.Kiota.Abstractions.Serialization;
using ReadinessApi.Client.Models;

namespace ReadinessApi.ClientTests;

/// <summary>
/// The main flows as a downstream C# consumer writes them with the client generated from the committed
/// document, against the running service: typed requests, typed answers, and problems as typed exceptions.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class GeneratedClientTests(ServiceFixture service)
{
    private static ScoreRequest Russia(string? methodology = "readiness-v1", Dictionary<string, object>? inputs = null) => new()
    {
        Country = "RUS",
        Year = 2024,
        Methodology = methodology,
        Inputs = new ScoreRequest_inputs
        {
            AdditionalData = inputs ?? new Dictionary<string, object>
            {
                ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0,
            },
        },
    };

    [Fact]
    public async Task ListMethodologies_ReturnsTheCatalogWithHashes()
    {
        var methodologies = await service.Client.V1.Methodologies.GetAsync();

        Assert.NotNull(methodologies);
        Assert.Contains(methodologies, m => m.Id == "readiness-v1");
        Assert.All(methodologies, m => Assert.Matches("^[0-9a-f]{64}$", m.Hash));
    }

    [Fact]
    public async Task GetMethodology_ReturnsTheTreeWithTypedEnums()
    {
        var methodology = await service.Client.V1.Methodologies["readiness-v1"].GetAsync();

        Assert.NotNull(methodology?.Methodology?.Root);
        Assert.Equal("readiness-v1", methodology.Methodology.Id);
        Assert.Equal(AggregationRule.Arithmetic, methodology.Methodology.Root.Aggregation?.Rule);
        Assert.Equal(["innovation", "implementation", "investment", "computeAccess"], methodology.Methodology.Root.Children!.Select(c => c.Id));
        Assert.Equal(TierLabel.Leader, methodology.Methodology.Tiers![0].Label);
    }

    [Fact]
    public async Task GetMethodology_Unknown_ThrowsTheProblemWithItsTraceId()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => service.Client.V1.Methodologies["no-such-methodology"].GetAsync());

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal(404, problem.Status);
        Assert.Equal("/v1/methodologies/no-such-methodology", problem.Instance);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
    }

    [Fact]
    public async Task ScoreCountry_ReturnsTheExplainedScore()
    {
        var score = await service.Client.V1.Scores.PostAsync(Russia());

        Assert.NotNull(score);
        Assert.Equal("RUS", score.Country);
        Assert.Equal(2024, score.Year);
        Assert.Equal("readiness-v1", score.Methodology?.Id);
        Assert.Equal(18.45, score.Score!.Value, 9);
        Assert.Equal(TierLabel.Nascent, score.Tier);
        Assert.Equal(TierLabel.Emerging, score.NextTier);
        Assert.Equal(4, score.Pillars!.Count);
        // Contributions sum to the score: the property a reader of the explanation relies on.
        Assert.Equal(score.Score.Value, score.Contributions!.AdditionalData.Values.Sum(Convert.ToDouble), 9);
        Assert.Contains(NodeFlags.Given, score.Pillars[0].Flags!);
    }

    [Fact]
    public async Task ScoreCountry_InvalidCountry_ThrowsTheValidationProblemNamingTheField()
    {
        var request = Russia();
        request.Country = "XYZ";

        var problem = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() => service.Client.V1.Scores.PostAsync(request));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Contains("country", problem.Errors!.AdditionalData.Keys);
        var messages = Assert.IsType<UntypedArray>(problem.Errors.AdditionalData["country"]);
        Assert.Contains("ISO 3166-1 alpha-3", Assert.IsType<UntypedString>(Assert.Single(messages.GetValue())).GetValue());
    }

    [Fact]
    public async Task ScoreCountry_UnknownMethodology_ThrowsNotFound()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => service.Client.V1.Scores.PostAsync(Russia("no-such-methodology")));

        Assert.Equal(404, problem.Status);
        Assert.Contains("GET /v1/methodologies", problem.Detail);
    }

    [Fact]
    public async Task ScoreCountry_LowCoverage_ThrowsTheCoverageProblemSayingWhatToAdd()
    {
        var request = Russia(inputs: new() { ["innovation"] = 18.5 });

        var problem = await Assert.ThrowsAsync<CoverageProblemDetails>(() => service.Client.V1.Scores.PostAsync(request));

        Assert.Equal(422, problem.ResponseStatusCode);
        Assert.Equal(0.3, problem.Coverage!.Value, 9);
        Assert.Equal(0.66, problem.MinCoverage!.Value, 9);
        Assert.Equal(["implementation", "investment", "computeAccess"], problem.Missing);
    }
}
