using ReadinessApi.Scores;
using ReadinessApi.Scoring;

namespace ReadinessApi.Tests.Scores;

/// <summary>
/// The validation filter skips FluentValidation when <see cref="ScoreRequestValidator.IsValid"/> passes a
/// request, so that check must never pass what the rules reject; for a known methodology the two must agree.
/// </summary>
public sealed class ScoreQuickValidationTests
{
    private static readonly MethodologyCatalog Catalog = MethodologyCatalog.Embedded;
    private readonly ScoreRequestValidator _validator = new(Catalog);

    [Fact]
    public void The_documented_example_passes_both()
    {
        Assert.True(_validator.IsValid(ScoreExamples.Request));
        Assert.True(_validator.Validate(ScoreExamples.Request).IsValid);
    }

    [Theory]
    [InlineData("XYZ", 2024, null)]
    [InlineData("rus", 2024, null)]
    [InlineData("", 2024, null)]
    [InlineData("RUS", 1899, null)]
    [InlineData("RUS", 2101, null)]
    [InlineData("RUS", 2024, "no-such-methodology")]
    public void Fails_what_the_rules_reject_or_cannot_judge(string country, int year, string? methodology)
    {
        var request = ScoreExamples.Request with { Country = country, Year = year, Methodology = methodology };
        Assert.False(_validator.IsValid(request));
    }

    [Fact]
    public void Agrees_with_the_rules_on_random_requests()
    {
        var random = new Random(20261126);
        string[] countries = ["RUS", "DEU", "XYZ", "rus", "", "US", "USAA"];
        string?[] methodologies = [null, .. Catalog.All.Select(m => m.Id), "no-such-methodology"];
        int quickValid = 0;
        for (int i = 0; i < 5000; i++)
        {
            var methodology = methodologies[random.Next(methodologies.Length)];
            var tree = Catalog.TryGet(methodology ?? MethodologyCatalog.DefaultId, out var m) ? m : Catalog.Default;
            var inputs = new Dictionary<string, double>();
            int count = random.Next(0, 6);
            for (int k = 0; k < count; k++)
            {
                // Any node (root, pillar, sub-pillar) or an unknown id; values mostly on scale, some off it or not finite.
                var id = random.Next(12) == 0 ? "quantum" : tree.Nodes[random.Next(tree.Count)].Id;
                inputs[id] = random.Next(10) switch
                {
                    0 => -1,
                    1 => 150,
                    2 => double.NaN,
                    _ => random.NextDouble() * (tree.ScaleFactor < 1 ? 0.25 : 100),
                };
            }
            var request = new ScoreRequest(
                countries[random.Next(countries.Length)],
                random.Next(8) == 0 ? null! : inputs,
                random.Next(4) == 0 ? null : random.Next(1890, 2110),
                methodology);

            bool quick = _validator.IsValid(request);
            bool full = _validator.Validate(request).IsValid;
            if (quick)
            {
                quickValid++;
                Assert.True(full, $"passed by the quick check, rejected by the rules: {Describe(request)}");
            }
            else if (full)
            {
                // The only difference allowed: a methodology the catalog lacks (a 404 the handler answers).
                Assert.False(Catalog.TryGet(request.Methodology ?? MethodologyCatalog.DefaultId, out _), $"rejected by the quick check only: {Describe(request)}");
            }
        }
        Assert.InRange(quickValid, 100, 5000);
    }

    private static string Describe(ScoreRequest r) =>
        $"{r.Country} {r.Year} {r.Methodology} {{{string.Join(", ", r.Inputs?.Select(p => $"{p.Key}: {p.Value}") ?? [])}}}";
}
