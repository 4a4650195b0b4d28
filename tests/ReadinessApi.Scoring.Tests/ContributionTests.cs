using ReadinessApi.Scoring.Tests.Support;

namespace ReadinessApi.Scoring.Tests;

/// <summary>
/// The explanation: effective weights and contributions that sum exactly to the score. Arithmetic nodes
/// split by w·I; the other rules by Shapley values with the lower goalpost (0) as the absent value, the
/// all-absent value shared by weight.
/// </summary>
public sealed class ContributionTests
{
    [Fact]
    public void Contributions_ArithmeticTree_AreEffectiveWeightTimesValue()
    {
        // Tiny.TwoLevel with A = 70, B = 50, C = 30: score (2·70 + 50 + 30)/4 = 55.
        // Pillars: A ½·70 = 35, B ¼·50 = 12.5, C ¼·30 = 7.5 (sum 55).
        // Leaves (effective weight · value): a1 ¼·60 = 15, a2 ¼·80 = 20, b1 3/16·40 = 7.5, b2 1/16·80 = 5,
        // c1 ⅛·20 = 2.5, c2 ⅛·40 = 5 (sum 55).
        var result = TestScorer.Score(Tiny.TwoLevel(), ("a1", 60), ("a2", 80), ("b1", 40), ("b2", 80), ("c1", 20), ("c2", 40));

        Assert.Equal(55, result.Score!.Value, 12);
        var expected = new Dictionary<string, (double EffectiveWeight, double Contribution)>
        {
            ["pillarA"] = (0.5, 35), ["pillarB"] = (0.25, 12.5), ["pillarC"] = (0.25, 7.5),
            ["a1"] = (0.25, 15), ["a2"] = (0.25, 20), ["b1"] = (0.1875, 7.5), ["b2"] = (0.0625, 5),
            ["c1"] = (0.125, 2.5), ["c2"] = (0.125, 5),
        };
        foreach (var (id, (weight, contribution)) in expected)
        {
            Assert.Equal(weight, result.Node(id).EffectiveWeight, 12);
            Assert.Equal(contribution, result.Node(id).Contribution, 12);
        }
        Assert.Equal(1, result.Nodes[0].EffectiveWeight);
        Assert.Equal(55, result.Nodes[0].Contribution, 12);
    }

    [Fact]
    public void Contributions_Geometric_AreShapleyValues()
    {
        // Weights 1:1, a 25, b 100, score sqrt(25·100) = 50. With absent = 0 (floored to 1):
        // f(∅) = 1, f(a) = sqrt(25·1) = 5, f(b) = sqrt(1·100) = 10, f(ab) = 50.
        // φa = ½[(5 − 1) + (50 − 10)] = 22, φb = ½[(10 − 1) + (50 − 5)] = 27; f(∅) = 1 shared ½/½:
        // a 22.5, b 27.5 (sum 50).
        var m = Tiny.Flat(new Aggregation(AggregationRule.Geometric), [1, 1]);

        var result = TestScorer.Score(m, ("a", 25), ("b", 100));

        Assert.Equal(22.5, result.Node("a").Contribution, 9);
        Assert.Equal(27.5, result.Node("b").Contribution, 9);
    }

    [Fact]
    public void Contributions_GeneralisedMean_AreShapleyValues()
    {
        // p = 2, weights 1:1, a 10, b 70: score 50. f(∅) = 0, f(a) = sqrt(100/2) = sqrt 50,
        // f(b) = sqrt(4900/2) = sqrt 2450, f(ab) = 50.
        // φa = ½[sqrt 50 + (50 − sqrt 2450)] ≈ 3.79, φb = ½[sqrt 2450 + (50 − sqrt 50)] ≈ 46.21.
        var m = Tiny.Flat(new Aggregation(AggregationRule.GeneralisedMean, 2), [1, 1]);

        var result = TestScorer.Score(m, ("a", 10), ("b", 70));

        Assert.Equal((Math.Sqrt(50) + 50 - Math.Sqrt(2450)) / 2, result.Node("a").Contribution, 9);
        Assert.Equal((Math.Sqrt(2450) + 50 - Math.Sqrt(50)) / 2, result.Node("b").Contribution, 9);
    }

    [Fact]
    public void Contributions_Minimum_AreSharedEqually()
    {
        // min(80, 35, 60) = 35. With absent = 0 the minimum is 0 unless all three are present, so every
        // child's marginal value is 35 in exactly one ordering share: 35/3 each. No single one "made" it.
        var m = Tiny.Flat(new Aggregation(AggregationRule.Minimum), [1, 1, 1]);

        var result = TestScorer.Score(m, ("a", 80), ("b", 35), ("c", 60));

        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.Equal(35.0 / 3, result.Node(id).Contribution, 9);
        }
    }

    [Fact]
    public void Contributions_ShippedBalancedMethodology_SumToTheScore()
    {
        // readiness-v1-balanced: geometric over the pillars (Shapley), arithmetic inside them.
        var m = MethodologyCatalog.Embedded["readiness-v1-balanced"];

        var result = TestScorer.Score(m, ("innovation", 20), ("implementation", 60), ("investment", 5), ("computeAccess", 90));

        double sum = m.Pillars.Sum(p => result.Nodes[p].Contribution);
        Assert.Equal(result.Score!.Value, sum, 9);
        // The weakest pillar contributes least.
        Assert.Equal(m.Pillars.MinBy(p => result.Nodes[p].Contribution), m["investment"].Index);
    }

    [Fact]
    public void Contributions_PublishedScale_AreOnThatScale()
    {
        // imf-aipi-2023 publishes 0–1: four dimensions at 0.2 give 0.8, each contributing 0.2.
        var m = MethodologyCatalog.Embedded["imf-aipi-2023"];

        var result = TestScorer.Score(m, ("digitalInfrastructure", 0.2), ("humanCapital", 0.2),
            ("innovationIntegration", 0.2), ("regulationEthics", 0.2));

        Assert.Equal(0.8, result.Score!.Value, 12);
        foreach (var p in m.Pillars)
        {
            Assert.Equal(0.2, result.Nodes[p].Contribution, 12);
        }
    }
}
