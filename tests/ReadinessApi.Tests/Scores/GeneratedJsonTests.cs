using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Scores;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Groups;
using ReadinessApi.Sensitivity;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Scores;

/// <summary>
/// The score and compare answers are written by a dedicated writer (<see cref="ScoreAnswerWriter"/>) that
/// restates the service's JSON rules. Generated answers, every methodology, any inputs at any
/// level (out of the goalposts too), cohort and group fields set or not: the bytes equal what the service's
/// configured serializer writes for the same value, so a change to either shows here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedJsonTests(ApiHost host)
{
    private const int Cases = 2000;

    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Choose(0, 10000).Select(i => i / 100.0),
        Gen.Elements(0.0, -0.0, 100.0, -3.5, 250.0, 1e-9, 0.1 + 0.2, 33.333333333333336, 1e15, 5e-324));

    private static Gen<Dictionary<string, double>> Inputs(Methodology m) =>
        Gen.SubListOf(m.Nodes.Skip(1).Select(n => n.Id).ToArray())
            .SelectMany(ids => Gen.ArrayOf(Values, ids.Count).Select(values => ids.Zip(values).ToDictionary(p => p.First, p => p.Second)))
            // What the validator lets through: inputs that bind.
            .Where(inputs => InputBinder.Bind(m, inputs, new double[m.Count]) is null);

    private static readonly Gen<ScoreResponse> Responses =
        from m in Gen.Elements(MethodologyCatalog.Embedded.All.ToArray())
        from result in Inputs(m).Select(i => Score(m, i)).Where(r => r.Score is not null)
        from year in Gen.Elements<int?>(null, 2024)
        from placed in Gen.Elements(false, true)
        from rank in Gen.Choose(1, 200)
        from percentile in Values
        from peers in Gen.Elements<string?>(null, "brics")
        select Place(ScoreExplainer.ToResponse(result, "RUS", year), placed, rank, percentile, peers);

    [Fact]
    public void ScoreAnswers_EqualTheConfiguredSerializer()
    {
        var options = ConfiguredOptions();
        foreach (var response in Responses.Sample(Cases, 20))
        {
            AssertSameBytes(JsonSerializer.SerializeToUtf8Bytes(response, options), Generated(new GeneratedJson<ScoreResponse>(response, ScoreAnswerWriter.Write), options));
        }
    }

    /// <summary>Rounded to 12 significant digits as written, contributions still add up: to the score, and children to their parent.</summary>
    [Fact]
    public void ScoreAnswers_AsWritten_ContributionsSumToTheScoreWithin1e9()
    {
        var options = ConfiguredOptions();
        foreach (var response in Responses.Sample(Cases, 20))
        {
            using var answer = JsonDocument.Parse(Generated(new GeneratedJson<ScoreResponse>(response, ScoreAnswerWriter.Write), options));
            var root = answer.RootElement;
            double score = root.GetProperty("score").GetDouble();
            Assert.Equal(score, root.GetProperty("contributions").EnumerateObject().Sum(c => c.Value.GetDouble()), 1e-9);
            Assert.Equal(score, root.GetProperty("pillars").EnumerateArray().Sum(p => p.GetProperty("contribution").GetDouble()), 1e-9);
            foreach (var pillar in root.GetProperty("pillars").EnumerateArray())
            {
                AssertChildrenSum(pillar);
            }
        }
    }

    private static void AssertChildrenSum(JsonElement node)
    {
        // A node given directly supersedes its children, which then contribute nothing.
        if (node.TryGetProperty("children", out var children) && node.TryGetProperty("value", out _)
            && !node.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "given"))
        {
            double sum = children.EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble());
            Assert.Equal(node.GetProperty("contribution").GetDouble(), sum, 1e-9);
            foreach (var child in children.EnumerateArray())
            {
                AssertChildrenSum(child);
            }
        }
    }

    [Fact]
    public void CompareAnswers_EqualTheConfiguredSerializer()
    {
        var options = ConfiguredOptions();
        var m = MethodologyCatalog.Embedded.Default;
        var requests =
            from baseline in Inputs(m).Where(i => Score(m, i).Score is not null)
            from changes in Gen.ArrayOf(Inputs(m), 3)
            select new CompareRequest(new CompareBaseline("RUS", baseline, 2024),
                [.. changes.Select((c, i) => new CompareScenario($"scenario {i}", c))], m.Id);
        var answered = 0;
        foreach (var request in requests.Sample(Cases / 4, 20))
        {
            if (CompareEndpoints.CompareScenarios(request, ReadinessApi.Cohorts.ReferenceResolver.Examples).Result
                is GeneratedJson<CompareResponse> answer)
            {
                AssertSameBytes(JsonSerializer.SerializeToUtf8Bytes(answer.Value, options), Generated(answer, options));
                answered++;
            }
        }
        Assert.True(answered > Cases / 8, $"only {answered} generated comparisons were answered 200");
    }

    [Fact]
    public async Task ScoreAnswer_OverHttp_IsTheConfiguredSerializersBytes()
    {
        var inputs = new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33.0, ["investment"] = 9.0, ["computeAccess"] = 6.0 };
        var response = await host.CreateClient().PostAsync("/v1/scores", new StringContent(
            JsonSerializer.Serialize(new { country = "RUS", inputs }), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var expected = ScoreExplainer.ToResponse(Score(MethodologyCatalog.Embedded.Default, inputs), "RUS", null);
        AssertSameBytes(JsonSerializer.SerializeToUtf8Bytes(expected, ConfiguredOptions()), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A score as the endpoint computes it: the inputs bound as a request binds them, then the engine.</summary>
    private static ScoreResult Score(Methodology m, Dictionary<string, double> inputs) =>
        Scorer.Score(m, new ScoreRequest("RUS", inputs).BoundTo(m).Values);

    private JsonSerializerOptions ConfiguredOptions() =>
        host.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private static byte[] Generated<T>(GeneratedJson<T> answer, JsonSerializerOptions options)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        answer.WriteTo(output, options);
        return output.WrittenSpan.ToArray();
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        }
    }

    private static ScoreResponse Place(ScoreResponse response, bool placed, int rank, double percentile, string? group) => placed
        ? response with { Cohort = "test-pillars", Rank = rank, CohortSize = rank + 10, Percentile = percentile, Group = group, GroupSize = group is null ? null : 10 }
        : response;
}
