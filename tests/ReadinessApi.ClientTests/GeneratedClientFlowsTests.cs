using ReadinessApi.Client.Models;
using ReadinessApi.Client.V1.Scores.Batch;

namespace ReadinessApi.ClientTests;

/// <summary>The data-team and analyst flows through the generated client: batch in JSON, what-if, sensitivity, cohorts.</summary>
[Collection(ServiceCollection.Name)]
public sealed class GeneratedClientFlowsTests(ServiceFixture service)
{
    private static T Inputs<T>(double innovation, double implementation, double investment, double computeAccess) where T : Microsoft.Kiota.Abstractions.Serialization.IAdditionalDataHolder, new()
    {
        var inputs = new T();
        inputs.AdditionalData["innovation"] = innovation;
        inputs.AdditionalData["implementation"] = implementation;
        inputs.AdditionalData["investment"] = investment;
        inputs.AdditionalData["computeAccess"] = computeAccess;
        return inputs;
    }

    [Fact]
    public async Task ScoreBatch_Json_ScoresEachItemInOrderAndReportsTheBadOne()
    {
        var batch = new BatchRequest
        {
            Items =
            [
                new BatchItemRequest { Country = "RUS", Year = 2024, Inputs = Inputs<BatchItemRequest_inputs>(18.5, 33, 9, 6) },
                new BatchItemRequest { Country = "GBR", Year = 2024, Inputs = Inputs<BatchItemRequest_inputs>(40.9, 55.2, 38.1, 71) },
                new BatchItemRequest { Country = "XYZ", Year = 2024, Inputs = Inputs<BatchItemRequest_inputs>(10, 10, 10, 10) },
            ],
        };

        var answer = await service.Client.V1.Scores.Batch.PostAsync(batch, r => r.QueryParameters.Rank = PostRankQueryParameterType.Batch);

        Assert.NotNull(answer?.Results);
        Assert.Equal(["RUS", "GBR", "XYZ"], answer.Results.Select(r => r.Country));
        Assert.Equal(18.45, answer.Results[0].Score!.Value, 9);
        Assert.Equal(2, answer.Results[0].Rank);
        Assert.Equal(1, answer.Results[1].Rank);
        Assert.Null(answer.Results[2].Score);
        Assert.Equal(400, answer.Results[2].Error?.Status);
        Assert.Contains("items[2].country", answer.Results[2].Error!.Errors!.AdditionalData.Keys);
    }

    [Fact]
    public async Task CompareScenarios_ReturnsEachScenarioWithItsDelta()
    {
        var weights = new CompareScenario_weights();
        weights.AdditionalData["computeAccess"] = 0.4;
        var computeDoubles = new CompareScenario_inputs();
        computeDoubles.AdditionalData["computeAccess"] = 12.0;
        var request = new CompareRequest
        {
            Methodology = "readiness-v1",
            Baseline = new CompareBaseline { Country = "RUS", Year = 2024, Inputs = Inputs<CompareBaseline_inputs>(18.5, 33, 9, 6) },
            Scenarios =
            [
                new CompareScenario { Name = "compute access doubles", Inputs = computeDoubles },
                new CompareScenario { Name = "weights favour compute", Weights = weights },
            ],
        };

        var answer = await service.Client.V1.Scores.Compare.PostAsync(request);

        Assert.NotNull(answer?.Baseline?.Score);
        Assert.Equal(18.45, answer.Baseline.Score.Value, 9);
        var doubled = Assert.Single(answer.Scenarios!, s => s.Name == "compute access doubles");
        // computeAccess weighs 0.2: six more points there add 1.2 to the score.
        Assert.Equal(1.2, doubled.ScoreDelta!.Value, 9);
        Assert.Equal(answer.Baseline.Score.Value + doubled.ScoreDelta.Value, doubled.Result!.Score!.Value, 9);
        Assert.False(doubled.TierChanged);
        Assert.NotEqual(answer.Baseline.Methodology!.Hash, answer.Scenarios!.Single(s => s.Name == "weights favour compute").Result!.Methodology!.Hash);
    }

    [Fact]
    public async Task RunSensitivity_GivesRankIntervalsThatHoldTheNominalRank()
    {
        var request = new SensitivityRequest
        {
            Methodology = "readiness-v1",
            Items =
            [
                new SensitivityItem { Country = "RUS", Inputs = Inputs<SensitivityItem_inputs>(18.5, 33, 9, 6) },
                new SensitivityItem { Country = "GBR", Inputs = Inputs<SensitivityItem_inputs>(40.9, 55.2, 38.1, 71) },
                new SensitivityItem { Country = "IND", Inputs = Inputs<SensitivityItem_inputs>(25, 30, 22, 45) },
            ],
            Draws = 500,
            WeightNoise = 0.25,
            Aggregations = [RootAggregation.Arithmetic, RootAggregation.Geometric],
            Seed = 42,
        };

        var first = await service.Client.V1.Sensitivity.PostAsync(request);
        var again = await service.Client.V1.Sensitivity.PostAsync(request);

        Assert.NotNull(first?.Countries);
        Assert.Equal(3, first.Countries.Count);
        Assert.All(first.Countries, c => Assert.InRange(c.Rank!.Value, c.P5Rank!.Value, c.P95Rank!.Value));
        Assert.Equal(1, first.Countries.Single(c => c.Country == "GBR").Rank);
        Assert.Equal(first.MeanRankShift, again!.MeanRankShift);
    }

    [Fact]
    public async Task Cohorts_ListReadAndRank()
    {
        var cohorts = await service.Client.V1.Cohorts.GetAsync();
        var summary = Assert.Single(cohorts!, c => c.Id == "example-pillars");
        Assert.Equal(3, summary.Size);

        var cohort = await service.Client.V1.Cohorts["example-pillars"].GetAsync();
        Assert.Equal(["DEU", "IND", "RUS"], cohort!.Members!.Select(m => m.Country));

        var ranking = await service.Client.V1.Cohorts["example-pillars"].Ranking.GetAsync(r => r.QueryParameters.Methodology = "readiness-v1");
        Assert.NotNull(ranking);
        Assert.Equal(["DEU", "IND", "RUS"], ranking.Select(e => e.Country));
        Assert.Equal([1, 2, 3], ranking.Select(e => e.Rank!.Value));
    }

    [Fact]
    public async Task GetCohort_Unknown_ThrowsNotFound()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => service.Client.V1.Cohorts["no-such-cohort"].GetAsync());

        Assert.Equal(404, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
    }
}
