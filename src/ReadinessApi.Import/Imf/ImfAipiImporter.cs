using System.Globalization;
using System.Text;
using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Import.Imf;

public sealed record ImfAipiOptions
{
    public required string OutputDirectory { get; init; }
    /// <summary>Cohort id; default <c>imf-aipi-&lt;year&gt;</c>.</summary>
    public string? CohortId { get; init; }
    /// <summary>The data year to take; default the latest year with values.</summary>
    public int? Year { get; init; }
}

/// <summary>
/// The IMF AI Preparedness Index as a cohort for the methodology <c>imf-aipi-2023</c>: the four dimensions
/// DI, HCLMP, IEI and RE from the DataMapper API (dataset AIPI), each on 0–0.25 as published, one year
/// for all economies. The overall index AI_PI is fetched too, to check that it is the dimensions' sum.
/// </summary>
public sealed class ImfAipiImporter(ImfDataMapperClient client, AtomicWriter writer, ImportLog log, TimeProvider clock)
{
    public const string Dataset = "AIPI";
    public const string MethodologyId = "imf-aipi-2023";
    public const string License = "IMF data: reuse permitted with attribution (IMF Copyright and Usage, https://www.imf.org/external/terms.htm); attribution \"Source: International Monetary Fund\"";
    public const string Attribution = "Source: International Monetary Fund, AI Preparedness Index (DataMapper, dataset AIPI)";

    /// <summary>DataMapper indicator → node of <c>imf-aipi-2023</c>.</summary>
    public static readonly IReadOnlyList<(string Indicator, string Node)> Dimensions =
    [
        ("DI", "digitalInfrastructure"),
        ("HCLMP", "humanCapital"),
        ("IEI", "innovationIntegration"),
        ("RE", "regulationEthics"),
    ];

    public async Task<CohortTable> RunAsync(ImfAipiOptions options, CancellationToken cancellationToken)
    {
        var methodology = MethodologyCatalog.Embedded[MethodologyId];
        log.Step($"IMF AI Preparedness Index from {client.BaseUrl}");
        var overall = await client.FetchAsync("AI_PI", cancellationToken).ConfigureAwait(false);
        var series = new List<IReadOnlyDictionary<string, SortedDictionary<int, double?>>>();
        foreach (var (indicator, _) in Dimensions)
        {
            series.Add(await client.FetchAsync(indicator, cancellationToken).ConfigureAwait(false));
        }

        int year = options.Year ?? LatestYear(series)
            ?? throw new ImportException(ImportFailure.Validation, "IMF AIPI: the dimensions have no values in any year.");
        string id = options.CohortId ?? $"imf-aipi-{year}";
        log.Info($"data year {year}; cohort id '{id}'");

        var economies = series.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = new List<CohortRow>();
        var provenance = new List<ProvenanceRow>();
        var aggregates = new List<string>();
        int noData = 0, mismatches = 0;
        foreach (var code in economies)
        {
            if (!IsoCountries.IsKnown(code))
            {
                aggregates.Add(code);
                continue;
            }
            var values = new double?[Dimensions.Count];
            for (int d = 0; d < Dimensions.Count; d++)
            {
                values[d] = series[d].TryGetValue(code, out var years) && years.TryGetValue(year, out var v) ? v : null;
            }
            if (values.All(v => v is null))
            {
                noData++;
                continue;
            }
            rows.Add(new CohortRow(code, IsoCountries.NameOf(code)!, values));
            for (int d = 0; d < Dimensions.Count; d++)
            {
                provenance.Add(new ProvenanceRow
                {
                    Country = code,
                    Node = Dimensions[d].Node,
                    Indicator = Dimensions[d].Indicator,
                    Source = "imf-aipi",
                    Field = $"{Dataset} {Dimensions[d].Indicator}",
                    Period = year.ToString(CultureInfo.InvariantCulture),
                    Raw = values[d],
                    Value = values[d],
                    Note = values[d] is null ? "no value for this year in the source: missing" : "",
                });
            }
            if (values.All(v => v is not null) && overall.TryGetValue(code, out var o) && o.TryGetValue(year, out var index) && index is { } published
                && Math.Abs(values.Sum(v => v!.Value) - published) > 1e-6)
            {
                mismatches++;
                log.Warn($"{code}: AI_PI {published} differs from the sum of its dimensions {values.Sum(v => v!.Value)}");
            }
        }
        log.Info($"{rows.Count} economies with data for {year}; {aggregates.Count} IMF aggregates skipped ({string.Join(", ", aggregates.Take(8))}{(aggregates.Count > 8 ? ", ..." : "")}); {noData} economies without any value that year skipped");
        for (int d = 0; d < Dimensions.Count; d++)
        {
            var missing = rows.Where(r => r.Values[d] is null).Select(r => r.Country).ToList();
            if (missing.Count > 0)
            {
                log.Info($"{Dimensions[d].Indicator} ({Dimensions[d].Node}) missing for {missing.Count}: {string.Join(", ", missing)}");
            }
        }
        if (mismatches > 0)
        {
            log.Warn($"{mismatches} economies' AI_PI is not the sum of the dimensions: the IMF's aggregation may have changed; check before relying on imf-aipi-2023");
        }

        var cohort = new CohortTable(id, MethodologyId, [.. Dimensions.Select(d => d.Node)], rows);
        CohortValidator.Validate(cohort, methodology);

        var retrieved = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var counts = cohort.CountsByNode();
        var metadata = new CohortMetadata
        {
            Title = $"IMF AI Preparedness Index {year}",
            Source = $"International Monetary Fund, AI Preparedness Index, DataMapper API dataset AIPI ({client.IndicatorUrl("{DI,HCLMP,IEI,RE}")}), data year {year}, retrieved {retrieved:yyyy-MM-dd}",
            License = License,
            Methodology = MethodologyId,
            Description = "The four AIPI dimensions as published (each a weighted contribution on 0–0.25; the index is their sum). Economies without any dimension value for the year are left out; a missing dimension is an empty cell.",
            Retrieved = retrieved,
            Importer = ImportCli.ToolName + " imf",
            Size = rows.Count,
            Sources =
            [
                new SourceRecord
                {
                    Id = "imf-aipi",
                    Title = "IMF AI Preparedness Index (AI_PI, DI, HCLMP, IEI, RE)",
                    Url = client.IndicatorUrl("AI_PI").ToString(),
                    License = License,
                    Attribution = Attribution,
                    Retrieved = retrieved,
                    DataPeriods = [year.ToString(CultureInfo.InvariantCulture)],
                },
            ],
            Coverage = counts.ToDictionary(kv => kv.Key, kv => new NodeCoverage(kv.Value, rows.Count)),
            Provenance = CohortFiles.Provenance(id),
            Warnings = log.Warnings.Count > 0 ? [.. log.Warnings] : null,
        };

        log.Step($"writing cohort '{id}' ({rows.Count} economies) to {options.OutputDirectory}");
        writer.Write(options.OutputDirectory,
        [
            new OutputFile(CohortFiles.Csv(id), Encoding.UTF8.GetBytes(cohort.ToCsv())),
            new OutputFile(CohortFiles.Metadata(id), metadata.ToJson()),
            new OutputFile(CohortFiles.Provenance(id), ProvenanceRow.ToCsv(provenance)),
        ]);
        log.Step($"licence: {License}");
        return cohort;
    }

    private static int? LatestYear(IEnumerable<IReadOnlyDictionary<string, SortedDictionary<int, double?>>> series)
    {
        int? latest = null;
        foreach (var s in series)
        {
            foreach (var (code, years) in s)
            {
                if (!IsoCountries.IsKnown(code))
                {
                    continue;
                }
                foreach (var (y, v) in years)
                {
                    if (v is not null && (latest is null || y > latest))
                    {
                        latest = y;
                    }
                }
            }
        }
        return latest;
    }
}
