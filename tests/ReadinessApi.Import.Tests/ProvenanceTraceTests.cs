using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.OpenReadiness;
using ReadinessApi.Import.Tests.Support;

namespace ReadinessApi.Import.Tests;

/// <summary>
/// Every value of the shipped cohort traces to rows of a publisher's file: for each provenance line with a value,
/// the named file's named rows (CSV line numbers, JSON record numbers) hold it, or sum to it, read here
/// independently of the tool's readers from the byte-for-byte copies in shared/data/raw.
/// </summary>
public sealed class ProvenanceTraceTests
{
    private static readonly OpenReadinessMapping Mapping = OpenReadinessMapping.LoadEmbedded();

    /// <summary>Each CSV line number (header = 1) → cell by column, for a file that may have a preamble before <paramref name="headerStart"/>.</summary>
    private static Dictionary<int, Dictionary<string, string>> Lines(string copy, string? headerStart = null)
    {
        string text = PublisherHttp.Text(File.ReadAllBytes(SharedData.PathOf("raw/" + copy)));
        int at = headerStart is null ? 0 : text.IndexOf(headerStart, StringComparison.Ordinal);
        int offset = text.AsSpan(0, at).Count('\n');
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text[at..]);
        var names = reader.Header.ColNames.ToArray();
        var lines = new Dictionary<int, Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < Math.Min(names.Length, row.ColCount); i++)
            {
                cells[names[i]] = row[i].ToString();
            }
            lines[row.LineNumberFrom + offset] = cells;
        }
        return lines;
    }

    private static double Num(string cell) => double.Parse(cell, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [SharedDataFact("raw/README.md")]
    public void ShippedCohort_EveryInputValue_IsInTheRowsItNames()
    {
        var provenance = CsvTable.Read(Path.Combine(ReferenceBuildTests.ShippedFolder(), "provenance", "open-readiness.csv"))
            .Where(p => p["raw"].Length > 0 && p["rows"].Length > 0).ToList();
        var copies = Mapping.Sources.SelectMany(s => s.Files.Values.Select(f => (s.Id, s.Kind, f.Copy))).ToDictionary(x => (x.Id, Path.GetFileName(x.Copy)));
        var cache = new Dictionary<string, Dictionary<int, Dictionary<string, string>>>();
        using var gairi = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("raw/oxford_gairi/gairi_2025.json")));
        int checkedLines = 0;
        foreach (var p in provenance)
        {
            var (_, kind, copy) = copies[(p["source"], p["file"])];
            double raw = Num(p["raw"]);
            var rows = p["rows"].Split(' ');
            double found = kind switch
            {
                SourceKinds.WorldBank => Num(Lines(copy, "\"Country Name\"", cache)[int.Parse(rows.Single(), CultureInfo.InvariantCulture)][p["period"]]),
                SourceKinds.InnovationGraph => Num(Lines(copy, null, cache)[int.Parse(rows.Single(), CultureInfo.InvariantCulture)][p["field"]]),
                SourceKinds.Top500 => rows.Sum(r => Num(Lines(copy, null, cache)[int.Parse(r, CultureInfo.InvariantCulture)]["Rmax [TFlop/s]"])),
                SourceKinds.EpochClusters => rows.Sum(r => Lines(copy, null, cache)[int.Parse(r, CultureInfo.InvariantCulture)]["H100 equivalents"] is { Length: > 0 } h ? Num(h) : 0),
                SourceKinds.EpochModels => rows.Length,
                SourceKinds.CloudRegions => rows.Length,
                SourceKinds.OxfordGairi => gairi.RootElement[int.Parse(rows.Single(), CultureInfo.InvariantCulture) - 1].GetProperty(p["field"]).GetDouble(),
                _ => throw new InvalidOperationException(kind),
            };
            Assert.True(Math.Abs(found - raw) <= 1e-9 * Math.Max(1, Math.Abs(raw)), $"{p["country"]} {p["node"]}.{p["indicator"]}: provenance says {raw} from {p["file"]} rows {p["rows"]}; the file has {found}");
            checkedLines++;
        }
        // Every line with a value from a file names its rows (the IMF API and the project's facts have none).
        Assert.True(checkedLines > 1500, $"only {checkedLines} lines checked");
    }

    private static Dictionary<int, Dictionary<string, string>> Lines(string copy, string? headerStart, Dictionary<string, Dictionary<int, Dictionary<string, string>>> cache) =>
        cache.TryGetValue(copy, out var lines) ? lines : cache[copy] = Lines(copy, headerStart);
}
