using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.OpenReadiness;
using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Tests;

/// <summary>The embedded mapping's arithmetic on hand-made source rows, with expectations worked out by hand.</summary>
public sealed class OpenReadinessBuilderTests
{
    private static readonly OpenReadinessMapping Mapping = OpenReadinessMapping.LoadEmbedded();

    private static double L(double x, double hi) => 100 * Math.Log10(1 + x) / Math.Log10(1 + hi);

    /// <summary>NOR and BEN with made-up values; CHN and MEX for the listings' zeros and empty cells.</summary>
    private static SourceSnapshot Snapshot(Action<Dictionary<string, SourceData>>? change = null)
    {
        var data = Mapping.Sources.ToDictionary(s => s.Id, s => new SourceData(s, "test://" + s.Id));
        // Every field the mapping reads exists, as the importer guarantees; most stay empty (missing).
        foreach (var i in Mapping.SubPillars.SelectMany(sp => sp.Indicators).Append(new IndicatorMapping { Id = "pop", Name = "pop", Source = Mapping.Population.Source, Field = Mapping.Population.Field }))
        {
            data[i.Source].Fields.TryAdd(i.Field, new(StringComparer.Ordinal));
        }
        void Set(string source, string field, string iso3, double? value, string period = "2023") =>
            (data[source].Fields.TryGetValue(field, out var f) ? f : data[source].Fields[field] = new(StringComparer.Ordinal))[iso3] =
                value is { } v ? new Observation(v, period) : null;

        Set("wdi", "SP.POP.TOTL", "NOR", 5_000_000, "2024");
        Set("wdi", "SP.POP.TOTL", "BEN", 10_000_000, "2024");
        Set("wdi", "SP.POP.TOTL", "MEX", 130_000_000, "2024");
        Set("wdi", "GB.XPD.RSDV.GD.ZS", "NOR", 2, "2022");
        Set("wdi", "GB.XPD.RSDV.GD.ZS", "BEN", 1, "2019");
        Set("wdi", "SP.POP.SCIE.RD.P6", "NOR", 4000, "2022");
        Set("wdi", "IP.JRN.ARTC.SC", "NOR", 999);
        Set("imf-aipi", "IEI", "NOR", 0.125);
        Set("imf-aipi", "DI", "NOR", 0.2);
        Set("imf-aipi", "RE", "NOR", 0.25);
        Set("wgi", "GE.EST", "NOR", 2.5);
        Set("wgi", "RQ.EST", "NOR", 0);
        Set("wgi", "RL.EST", "NOR", -2.5);
        Set("github", "developers", "NOR", 500_000, "2025Q3");
        Set("github", "developers", "BEN", 20_000, "2025Q3");
        Set("github", "repositories", "NOR", 1_000_000, "2025Q3");
        Set("github", "organizations", "NOR", 10_000, "2025Q3");
        Set("github", "organizations", "BEN", 100, "2025Q3");
        Set("epoch-clusters", "h100e", "NOR", 999, "2025-10");
        Set("epoch-clusters", "h100e", "MEX", null, "2025-10");
        data["epoch-clusters"].Listed = ["NOR", "MEX"];
        Set("top500", "rmax", "NOR", 99_999, "2025-06");
        data["top500"].Listed = ["NOR"];
        Set("epoch-models", "models", "NOR", 3, "2020–2025");
        Set("epoch-models", "industryModels", "NOR", 2, "2020–2025");
        data["epoch-models"].Listed = ["NOR"];
        Set("cloud-regions", "hyperscaleRegions", "NOR", 3, "2026-01");
        Set("cloud-regions", "allRegions", "NOR", 5, "2026-01");
        data["cloud-regions"].Listed = ["NOR"];
        Set("oxford-gairi", "policy_capacity", "NOR", 80, "2025");
        Set("oxford-gairi", "ai_sector_maturity", "NOR", 40, "2025");
        Set("oxford-gairi", "policy_capacity", "BEN", 30, "2025");
        foreach (var (iso3, tier) in new[] { ("NOR", 1.0), ("BEN", 2.0), ("CHN", 3.0), ("MEX", 2.0) })
        {
            Set("export-controls", "ai_diffusion_tier_jan2025", iso3, tier, "2025-01-15");
        }
        change?.Invoke(data);
        return new SourceSnapshot(data.Values);
    }

    private static OpenReadinessBuild Build(SourceSnapshot? snapshot = null) =>
        OpenReadinessBuilder.Build(Mapping, [("NOR", "Norway"), ("BEN", "Benin"), ("CHN", "China"), ("MEX", "Mexico")], snapshot ?? Snapshot(), "open-test");

    private static double? Value(OpenReadinessBuild build, string iso3, string node) =>
        build.Cohort.Rows.Single(r => r.Country == iso3).Values[build.Cohort.Nodes.ToList().IndexOf(node)];

    [Fact]
    public void Build_Columns_AreEveryLeafOfReadinessV1InTreeOrder()
    {
        Assert.Equal(
            ["research", "development", "talent", "infrastructure", "operatingEnvironment", "governmentStrategy", "commercial", "computeCapacity", "acceleratorAccess", "cloudAccess"],
            Build().Cohort.Nodes);
    }

    [Fact]
    public void Research_WeightedMeanOfPresentIndicators_LinearAndLogAndPerMillion()
    {
        // rd 2 % of 0–4 → 50; researchers 4000 of 0–8000 → 50; IEI 0.125 of 0–0.25 → 50;
        // articles 999 (log, 0–1e6) and 999 / 5 million people = 199.8 per million (log, 0–3000), weight 0.5 each.
        double expected = (50 + 50 + 50 + 0.5 * L(999, 1e6) + 0.5 * L(199.8, 3000)) / 4;
        Assert.Equal(expected, Value(Build(), "NOR", "research")!.Value, 10);
    }

    [Fact]
    public void Research_OneIndicatorOfFive_IsMissing_TwoAreEnough()
    {
        var build = Build();
        Assert.Null(Value(build, "BEN", "research"));
        var line = build.Provenance.Single(p => p.Country == "BEN" && p.Node == "research" && p.Indicator == ProvenanceRow.NodeValue);
        Assert.Contains("1 of 5 indicators, weight share 0.25, below the minimum", line.Note);

        var withImf = Build(Snapshot(d => d["imf-aipi"].Fields["IEI"]["BEN"] = new Observation(0.05, "2023")));
        Assert.Equal((25 + 20) / 2.0, Value(withImf, "BEN", "research")!.Value, 12);
    }

    [Fact]
    public void Talent_PerThousandAndScale()
    {
        // developers 500,000 / (5,000,000 / 1,000) = 100 per thousand (log, 0–300) and 500,000 (log, 0–3e7), weight 0.5 each:
        // scale and intensity count alike; researchers 4000 → 50, weight 0.5; no tertiary enrolment, no HCLMP.
        double expected = (0.5 * L(100, 300) + 0.5 * L(500_000, 3e7) + 0.5 * 50) / 1.5;
        Assert.Equal(expected, Value(Build(), "NOR", "talent")!.Value, 10);
        var line = Build().Provenance.Single(p => p.Country == "NOR" && p.Indicator == "developersIntensity");
        Assert.Equal(500_000, line.Raw);
        Assert.Equal(5000, line.Denominator);
        Assert.Equal("2024", line.DenominatorPeriod);
        Assert.Equal(100, line.Value);
    }

    [Fact]
    public void OperatingEnvironment_GoalpostsFromMinusTwoAndAHalf()
    {
        // RE 0.25 → 100 (weight 1); GE 2.5 → 100 (0.34), RQ 0 → 50 (0.33), RL −2.5 → 0 (0.33).
        double expected = (100 + 0.34 * 100 + 0.33 * 50 + 0.33 * 0) / 2.0;
        Assert.Equal(expected, Value(Build(), "NOR", "operatingEnvironment")!.Value, 10);
    }

    [Fact]
    public void ComputeCapacity_AbsenceFromAListingIsAnObservedZero_AnEmptyCellIsMissing()
    {
        var build = Build();
        // NOR: 999 H100e (log 0–1e6) and 999/5 = 199.8 per million (log 0–1000), weight 1 each; Rmax 99,999 (log 0–1e7) and 19,999.8 per million (log 0–20,000), weight 0.5 each.
        double nor = (L(999, 1e6) + L(199.8, 1000) + 0.5 * L(99_999, 1e7) + 0.5 * L(19_999.8, 20_000)) / 3;
        Assert.Equal(nor, Value(build, "NOR", "computeCapacity")!.Value, 10);
        // BEN is in neither listing: four observed zeros.
        Assert.Equal(0, Value(build, "BEN", "computeCapacity"));
        Assert.Contains(build.Provenance, p => p.Country == "BEN" && p.Indicator == "h100eScale" && p.Raw == 0 && p.Note.Contains("observed zero"));
        // MEX is listed by Epoch without an estimate (missing) and absent from TOP500 (zero): weight share 1/3, 2 indicators → scored 0.
        Assert.Contains(build.Provenance, p => p.Country == "MEX" && p.Indicator == "h100eScale" && p.Raw is null && p.Note.Contains("listed without a value"));
        Assert.Equal(0, Value(build, "MEX", "computeCapacity"));
    }

    [Fact]
    public void AcceleratorAccess_TierCategories()
    {
        var build = Build();
        Assert.Equal(100, Value(build, "NOR", "acceleratorAccess"));
        Assert.Equal(50, Value(build, "BEN", "acceleratorAccess"));
        Assert.Equal(0, Value(build, "CHN", "acceleratorAccess"));
    }

    [Fact]
    public void CloudAccess_ScaleAndIntensityOfRegions()
    {
        var build = Build();
        // 3 hyperscale regions (log 0–10, weight 0.75) and 3 / 5 = 0.6 per million (log 0–1, weight 0.25); 5 regions of all providers (log 0–20, weight 0.5).
        double nor = (0.75 * L(3, 10) + 0.25 * L(0.6, 1) + 0.5 * L(5, 20)) / 1.5;
        Assert.Equal(nor, Value(build, "NOR", "cloudAccess")!.Value, 10);
        Assert.Equal(0, Value(build, "CHN", "cloudAccess"));
    }

    [Fact]
    public void GovernmentStrategy_IsOxfordPolicyCapacityAsPublished()
    {
        var build = Build();
        Assert.Equal(80, Value(build, "NOR", "governmentStrategy"));
        Assert.Equal(30, Value(build, "BEN", "governmentStrategy"));
        Assert.Null(Value(build, "MEX", "governmentStrategy"));
    }

    [Fact]
    public void Commercial_TheOpenProxy_NeedsTwoOfItsThreeParts()
    {
        var build = Build();
        // NOR: sector maturity 40 (weight 0.5); 2 industry models, 100·log10(3)/log10(301) (0.25); 10,000 organisations / 5,000 thousand
        // people = 2 per thousand, 100·(log10 2 − log10 0.05)/(log10 20 − log10 0.05) (0.25).
        double orgs = 100 * (Math.Log10(2) - Math.Log10(0.05)) / (Math.Log10(20) - Math.Log10(0.05));
        double nor = 0.5 * 40 + 0.25 * L(2, 300) + 0.25 * orgs;
        Assert.Equal(nor, Value(build, "NOR", "commercial")!.Value, 10);
        // BEN: industry models an observed zero, and 100 / 10,000 thousand people = 0.01 per thousand, below the lower goalpost:
        // 2 of 3 parts (half the weight) → scored, 0.
        Assert.Equal(0, Value(build, "BEN", "commercial"));
        // CHN: the industry-model zero only, 1 of 3 parts: not scored (the sub-pillar's own rule: 2 parts or all the weight).
        Assert.Null(Value(build, "CHN", "commercial"));
        Assert.Contains("below the minimum (2 indicators or weight share 1)",
            build.Provenance.Single(p => p.Country == "CHN" && p.Node == "commercial" && p.Indicator == ProvenanceRow.NodeValue).Note);
    }

    [Theory]
    [InlineData(0.05, 0.0)]
    [InlineData(1.0, 50.0)]
    [InlineData(20.0, 100.0)]
    [InlineData(400.0, 100.0)]
    [InlineData(0.0, 0.0)]
    public void Normalise_Log10_IsThePlainLogarithm_AndZeroScoresTheLowerGoalpost(double x, double expected)
    {
        // log10 0.05 and log10 20 lie symmetrically around log10 1 = 0, so 1 per thousand scores 50.
        var ind = new IndicatorMapping { Id = "x", Name = "x", Source = "s", Field = "f", Lower = 0.05, Upper = 20, Transform = "log10" };
        Assert.Equal(expected, OpenReadinessBuilder.Normalise(ind, x), 9);
    }

    [Fact]
    public void NoPopulation_PerCapitaViewsAreMissing_ScaleViewsStay()
    {
        var build = Build(Snapshot(d => d["wdi"].Fields["SP.POP.TOTL"].Remove("NOR")));
        var lines = build.Provenance.Where(p => p.Country == "NOR" && p.Node == "computeCapacity" && p.Indicator != ProvenanceRow.NodeValue).ToList();
        Assert.Null(lines.Single(p => p.Indicator == "h100eIntensity").Normalised);
        Assert.Contains("no population", lines.Single(p => p.Indicator == "h100eIntensity").Note);
        Assert.NotNull(lines.Single(p => p.Indicator == "h100eScale").Normalised);
    }

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 25.0)]
    [InlineData(4.0, 100.0)]
    [InlineData(9.0, 100.0)]
    public void Normalise_LinearClampsAtTheGoalposts(double x, double expected)
    {
        var ind = new IndicatorMapping { Id = "x", Name = "x", Source = "s", Field = "f", Lower = 0, Upper = 4 };
        Assert.Equal(expected, OpenReadinessBuilder.Normalise(ind, x), 12);
        Assert.Equal(100 - expected, OpenReadinessBuilder.Normalise(ind with { Direction = -1 }, x), 12);
    }

    [Fact]
    public void Normalise_LogIsLog10OfOnePlusX()
    {
        var ind = new IndicatorMapping { Id = "x", Name = "x", Source = "s", Field = "f", Lower = 0, Upper = 99, Log = true };
        Assert.Equal(50, OpenReadinessBuilder.Normalise(ind, 9), 12);
        Assert.Equal(0, OpenReadinessBuilder.Normalise(ind, 0), 12);
        Assert.Equal(ImportFailure.Validation, Assert.Throws<ImportException>(() => OpenReadinessBuilder.Normalise(ind, -2)).Failure);
    }

    [Fact]
    public void Normalise_UnknownCategory_FailsValidation()
    {
        var ind = new IndicatorMapping { Id = "tier", Name = "tier", Source = "s", Field = "f", Categories = new Dictionary<string, double> { ["1"] = 100, ["2"] = 50 } };
        Assert.Equal(50, OpenReadinessBuilder.Normalise(ind, 2));
        Assert.Contains("'4' is not one of the known categories", Assert.Throws<ImportException>(() => OpenReadinessBuilder.Normalise(ind, 4, "XXX", "n")).Message);
    }

    [Fact]
    public void Mapping_Embedded_IsValidAndVersioned()
    {
        Assert.Equal("open-readiness", Mapping.Id);
        Assert.Equal("readiness-v1", Mapping.Methodology);
        Assert.Matches("^[0-9a-f]{64}$", Mapping.Sha256);
        Assert.Equal(10, Mapping.SubPillars.Count);
    }

    [Fact]
    public void Mapping_LeafLeftOut_IsRejected()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ReadinessApi.Import", "Mappings", "open-readiness.mapping.json"));
        var broken = System.Text.Encoding.UTF8.GetBytes(json.Replace("\"node\": \"cloudAccess\"", "\"node\": \"cloudAccessx\""));
        var e = Assert.Throws<ImportException>(() => OpenReadinessMapping.Parse(broken, "broken.json"));
        Assert.Contains("'cloudAccessx' is not a leaf of readiness-v1", e.Message);
        Assert.Contains("leaf 'cloudAccess' of readiness-v1 is not mapped", e.Message);
    }
}
