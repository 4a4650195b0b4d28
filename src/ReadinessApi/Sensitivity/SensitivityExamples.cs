using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Uncertainty;

namespace ReadinessApi.Sensitivity;

/// <summary>The documented example (made-up countries' values); its response is computed by the engine.</summary>
public static class SensitivityExamples
{
    public static SensitivityRequest Request { get; } = new(
        Methodology: "gaii-2021",
        Items:
        [
            Item("USA", 100, 100, 96, 100, 100, 83, 100),
            Item("GBR", 40, 30, 90, 25, 15, 65, 25),
            Item("FRA", 33, 32, 85, 20, 12, 80, 20),
            Item("DEU", 35, 30, 80, 21, 14, 70, 18),
            Item("IND", 30, 20, 60, 15, 10, 60, 12),
        ],
        Draws: 1000,
        WeightNoise: 0.25,
        Aggregations: ["arithmetic", "geometric"],
        Seed: 42);

    /// <summary>404: no such methodology.</summary>
    public static SensitivityRequest UnknownMethodology { get; } = Request with { Methodology = "no-such-methodology" };

    /// <summary>404: a cohort the deployment does not have, in place of the items.</summary>
    public static SensitivityRequest UnknownCohort { get; } = Request with { Items = null, Cohort = "no-such-cohort" };

    /// <summary>400: a peer group the service does not know, to restrict the example cohort to.</summary>
    public static SensitivityRequest UnknownGroup { get; } = Request with { Items = null, Cohort = "example-pillars", Group = "no-such-group" };

    /// <summary>The variance-based analysis of the same items: which assumption moves the ranks, and GBR's rank.</summary>
    public static SensitivityRequest Variance { get; } = Request with { Analysis = SensitivityVariance.Name, Draws = 500, Country = "GBR" };

    /// <summary>400: a factor the methodology does not have.</summary>
    public static SensitivityRequest UnknownFactor { get; } = Variance with { Factors = ["research", "compute"] };

    public static SensitivityResponse VarianceResponse()
    {
        var m = MethodologyCatalog.Embedded["gaii-2021"];
        var rows = SensitivityEndpoints.BindItems(m, Variance.Items!);
        var settings = SensitivityVariance.Settings(Variance, m, new SensitivityOptions());
        return SensitivityVariance.Analyse(m, rows, null, settings, Variance.Country, CancellationToken.None);
    }

    public static SensitivityResponse Response()
    {
        var m = MethodologyCatalog.Embedded["gaii-2021"];
        var rows = SensitivityEndpoints.BindItems(m, Request.Items!);
        var settings = new UncertaintySettings
        {
            Draws = Request.Draws!.Value,
            WeightNoise = Request.WeightNoise!.Value,
            Aggregations = [.. Request.Aggregations!.Select(a => SensitivityEndpoints.ParseAggregation(a)!)],
            Seed = Request.Seed!.Value,
        };
        return SensitivityEndpoints.Analyse(m, rows, null, settings, CancellationToken.None);
    }

    private static SensitivityItem Item(string country, double talent, double infrastructure, double operatingEnvironment,
        double research, double development, double governmentStrategy, double commercial) => new(country, new()
        {
            ["talent"] = talent,
            ["infrastructure"] = infrastructure,
            ["operatingEnvironment"] = operatingEnvironment,
            ["research"] = research,
            ["development"] = development,
            ["governmentStrategy"] = governmentStrategy,
            ["commercial"] = commercial,
        });
}
