using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;
using ReadinessApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReadinessApi.Tests.Cohorts;

/// <summary>
/// How the built-in open cohort agrees with published indices on the members they share: Spearman's ρ between its
/// scores under readiness-v1 (as the service ranks them) and the IMF AI Preparedness Index 2023 and Oxford Insights'
/// Government AI Readiness Index 2025 totals, from shared/data. The README reports these figures; the test finds
/// them there, so the README cannot drift from the data.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PublishedIndexAgreementTests(ApiHost host, ITestOutputHelper output)
{
    [SharedDataFact("imf_aipi_2023.csv", "open/oxford_gairi_2025_pillars_dimensions.csv")]
    public async Task OpenCohort_RanksLikeThePublishedIndices_AsTheReadmeSays()
    {
        await using var factory = new ApiFactory(host.Redis).WithSettings(new Dictionary<string, string?> { ["Cohorts:Directory"] = "", ["Cohorts:BuiltIn"] = "true" });
        var ranking = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/v1/cohorts/open-readiness/ranking")).RootElement;
        var open = ranking.EnumerateArray().Where(e => e.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number)
            .ToDictionary(e => e.GetProperty("country").GetString()!, e => e.GetProperty("score").GetDouble());

        var (imf, imfShared) = Spearman(open, Column(SharedData.PathOf("imf_aipi_2023.csv"), "ai_pi"));
        var (oxford, oxfordShared) = Spearman(open, Column(SharedData.PathOf("open/oxford_gairi_2025_pillars_dimensions.csv"), "total"));
        output.WriteLine($"Spearman rho: IMF AIPI 2023 {imf:0.000} over {imfShared} members; Oxford GAIRI 2025 total {oxford:0.000} over {oxfordShared}.");

        // Strong agreement is expected (they measure related things) but not perfect (compute access, scale views).
        Assert.InRange(imf, 0.8, 0.99);
        Assert.InRange(oxford, 0.8, 0.99);
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"IMF AI Preparedness Index 2023: ρ = {imf:0.00} over the {imfShared} members"), readme);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Oxford Insights' Government AI Readiness Index 2025 (total): ρ = {oxford:0.00} over the {oxfordShared} members"), readme);
    }

    private static Dictionary<string, double> Column(string path, string column)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(path);
        foreach (var row in reader)
        {
            if (row[column].ToString() is { Length: > 0 } cell)
            {
                values[row["iso3"].ToString()] = double.Parse(cell, CultureInfo.InvariantCulture);
            }
        }
        return values;
    }

    /// <summary>Spearman's ρ over the keys both hold: Pearson's r of the ranks, ties sharing their mean rank.</summary>
    internal static (double Rho, int Shared) Spearman(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        var keys = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var ra = Ranks(keys.Select(k => a[k]).ToList());
        var rb = Ranks(keys.Select(k => b[k]).ToList());
        double ma = ra.Average(), mb = rb.Average();
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return (cov / Math.Sqrt(va * vb), keys.Count);
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToList();
        var ranks = new double[values.Count];
        for (int i = 0; i < order.Count;)
        {
            int j = i;
            while (j + 1 < order.Count && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }
            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return ranks;
    }
}
