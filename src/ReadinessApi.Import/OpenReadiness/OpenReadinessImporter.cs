using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>
/// Builds the open cohort <c>open-readiness</c> for <c>readiness-v1</c>: fetches every source the mapping
/// names (World Bank API v2, IMF DataMapper, published CSVs, the project's export-control facts),
/// applies the mapping, validates the result as the service would, and writes the cohort, its
/// metadata and its provenance atomically.
/// </summary>
public sealed class OpenReadinessImporter(PublisherHttp http, AtomicWriter writer, ImportLog log, TimeProvider clock)
{
    public async Task<OpenReadinessBuild> RunAsync(OpenReadinessOptions options, CancellationToken cancellationToken)
    {
        var mapping = options.MappingPath is null
            ? OpenReadinessMapping.LoadEmbedded()
            : OpenReadinessMapping.Parse(await File.ReadAllBytesAsync(options.MappingPath, cancellationToken).ConfigureAwait(false), options.MappingPath);
        log.Step($"open cohort '{options.CohortId}': mapping {mapping.Id} {mapping.Version} (sha256 {mapping.Sha256[..12]}) for {mapping.Methodology}");
        CheckSourcesConfigured(mapping, options);

        var csv = new PublishedCsvClient(http, log);
        var candidates = await LoadCandidatesAsync(csv, options.Candidates, cancellationToken).ConfigureAwait(false);
        log.Info($"{candidates.Count} candidate economies from {options.Candidates}");

        var retrieved = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        int toYear = options.ToYear ?? retrieved.Year;
        var fetched = new List<SourceData>();
        foreach (var source in mapping.Sources)
        {
            fetched.Add(await FetchSourceAsync(mapping, source, options, candidates, toYear, csv, cancellationToken).ConfigureAwait(false));
        }
        var snapshot = new SourceSnapshot(fetched);

        log.Step("applying the mapping");
        var build = OpenReadinessBuilder.Build(mapping, candidates, snapshot, options.CohortId);
        CohortValidator.Validate(build.Cohort, MethodologyCatalog.Embedded[mapping.Methodology]);
        foreach (var (node, c) in build.Coverage)
        {
            log.Info($"{node,-22} {c.WithValue,3} of {c.Of}");
        }

        var metadata = Metadata(mapping, options, build, fetched, retrieved, toYear);
        log.Step($"writing cohort '{options.CohortId}' ({build.Cohort.Rows.Count} economies) to {options.OutputDirectory}");
        writer.Write(options.OutputDirectory,
        [
            new OutputFile(CohortFiles.Csv(options.CohortId), Encoding.UTF8.GetBytes(build.Cohort.ToCsv())),
            new OutputFile(CohortFiles.Metadata(options.CohortId), metadata.ToJson()),
            new OutputFile(CohortFiles.Provenance(options.CohortId), ProvenanceRow.ToCsv(build.Provenance)),
        ]);
        foreach (var s in fetched.Where(s => s.Configured))
        {
            log.Info($"licence {s.Definition.Id}: {s.Definition.License}; attribution \"{s.Definition.Attribution}\"");
        }
        return build;
    }

    private static void CheckSourcesConfigured(OpenReadinessMapping mapping, OpenReadinessOptions options)
    {
        var unknown = options.SourceUrls.Keys.Where(k => mapping.Sources.All(s => s.Id != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ImportException(ImportFailure.Usage,
                $"unknown source(s) {string.Join(", ", unknown)}; the mapping's sources are {string.Join(", ", mapping.Sources.Select(s => s.Id))}.");
        }
        var missing = mapping.Sources.Where(s => s.Kind == SourceKinds.Csv && !options.SourceUrls.ContainsKey(s.Id)).ToList();
        if (missing.Count > 0 && !options.AllowMissingSources)
        {
            throw new ImportException(ImportFailure.Usage,
                "these sources publish a CSV without an API, so their address must be given: "
                + string.Join("; ", missing.Select(s => $"--{s.Id}-url URL ({s.Title}; see {s.Homepage})"))
                + ". Or pass --allow-missing-sources to build without them (their indicators are then missing).");
        }
    }

    private async Task<SourceData> FetchSourceAsync(OpenReadinessMapping mapping, MappingSource source, OpenReadinessOptions options,
        IReadOnlyList<(string Iso3, string Name)> candidates, int toYear, PublishedCsvClient csv, CancellationToken ct)
    {
        var fields = mapping.SubPillars.SelectMany(s => s.Indicators).Where(i => i.Source == source.Id)
            .SelectMany(i => i.Minus.Prepend(i.Field)).ToList();
        if (mapping.Population.Source == source.Id)
        {
            fields.Add(mapping.Population.Field);
        }
        fields = [.. fields.Distinct(StringComparer.Ordinal)];
        log.Step($"{source.Id}: {source.Title}");
        if (source.LicenseNote is not null)
        {
            log.Warn($"licence note, {source.Id}: {source.LicenseNote}");
        }
        var candidateSet = candidates.Select(c => c.Iso3).ToHashSet(StringComparer.Ordinal);

        switch (source.Kind)
        {
            case SourceKinds.WorldBank:
            {
                var client = new WorldBankClient(http, options.WorldBankBaseUrl);
                int from = source.FromYear ?? toYear - 10;
                var data = new SourceData(source, client.IndicatorUrl("{code}", from, toYear, source.WbSource, 1).ToString().Replace("&page=1", "", StringComparison.Ordinal));
                foreach (var code in fields)
                {
                    var rows = await client.FetchIndicatorAsync(code, from, toYear, source.WbSource, ct).ConfigureAwait(false);
                    var latest = WorldBankClient.LatestByEconomy(rows);
                    data.Fields[code] = latest.Where(kv => IsoCountries.IsKnown(kv.Key))
                        .ToDictionary(kv => kv.Key, kv => (Observation?)kv.Value.Observation, StringComparer.Ordinal);
                    int inCohort = candidateSet.Count(c => data.Fields[code].ContainsKey(c));
                    if (data.Fields[code].Count == 0)
                    {
                        log.Warn($"{source.Id} {code}: the API returned no values for {from}–{toYear}; its indicators are missing for every economy");
                    }
                    log.Info($"{code}: {rows.Count} rows, latest value for {data.Fields[code].Count} economies ({inCohort} of {candidateSet.Count} candidates)");
                }
                return data;
            }
            case SourceKinds.Imf:
            {
                var client = new ImfDataMapperClient(http, options.ImfBaseUrl);
                var data = new SourceData(source, client.IndicatorUrl(source.Dataset!, "{indicator}").ToString());
                foreach (var code in fields)
                {
                    var series = await client.FetchAsync(source.Dataset!, code, ct).ConfigureAwait(false);
                    var values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
                    foreach (var (economy, years) in series)
                    {
                        if (!IsoCountries.IsKnown(economy))
                        {
                            continue;
                        }
                        foreach (var (year, v) in years.Reverse())
                        {
                            if (v is { } value)
                            {
                                values[economy] = new Observation(value, year.ToString(CultureInfo.InvariantCulture));
                                break;
                            }
                        }
                    }
                    data.Fields[code] = values;
                    log.Info($"{source.Dataset}/{code}: latest value for {values.Count} economies ({candidateSet.Count(values.ContainsKey)} of {candidateSet.Count} candidates)");
                }
                return data;
            }
            case SourceKinds.Facts when !options.SourceUrls.ContainsKey(source.Id):
            {
                var facts = ExportControlFacts.LoadEmbedded(source.Facts!);
                var data = new SourceData(source, $"project facts {source.Facts} (as of {facts.AsOf:yyyy-MM-dd})") { Listed = candidateSet };
                var values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
                string period = facts.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                foreach (var iso3 in candidateSet)
                {
                    var (tier, basis) = facts.TierOf(iso3);
                    values[iso3] = new Observation(tier, period);
                    data.Notes[iso3] = basis;
                }
                data.Fields[facts.Field] = values;
                log.Info($"{facts.Field}: stated by the project for {values.Count} candidates; {facts.Scope}");
                return data;
            }
            default:
            {
                if (!options.SourceUrls.TryGetValue(source.Id, out var url))
                {
                    log.Warn($"{source.Id}: no URL given (--{source.Id}-url); its indicators are missing for every economy");
                    return new SourceData(source, "") { Configured = false };
                }
                var table = await csv.FetchAsync(url, source.Title, source.Key, source.Columns, ct).ConfigureAwait(false);
                var data = new SourceData(source, url.ToString()) { Listed = [.. table.Rows.Keys] };
                foreach (var column in fields)
                {
                    var values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
                    foreach (var (iso3, row) in table.Rows)
                    {
                        string cell = row[column];
                        if (cell.Length == 0)
                        {
                            values[iso3] = null;
                        }
                        else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                        {
                            values[iso3] = new Observation(v, source.Period!);
                        }
                        else
                        {
                            throw new ImportException(ImportFailure.Validation, $"{source.Id}: {iso3}.{column} = '{cell}' is not a number ({url}).");
                        }
                    }
                    data.Fields[column] = values;
                }
                log.Info($"{table.Rows.Count} economies listed ({candidateSet.Count(table.Rows.ContainsKey)} of {candidateSet.Count} candidates); absent means {(source.Absent == "zero" ? "an observed zero" : "missing")}");
                return data;
            }
        }
    }

    private async Task<IReadOnlyList<(string Iso3, string Name)>> LoadCandidatesAsync(PublishedCsvClient csv, string location, CancellationToken ct)
    {
        Uri uri = Uri.TryCreate(location, UriKind.Absolute, out var u) && (u.Scheme is "http" or "https" or "file")
            ? u
            : new Uri(Path.GetFullPath(location));
        string text = uri.IsFile
            ? await File.ReadAllTextAsync(uri.LocalPath, ct).ConfigureAwait(false)
            : await http.GetStringAsync(uri, "candidate economies", ct).ConfigureAwait(false);
        var list = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
            if (!reader.Header.TryIndexOf("iso3", out int key))
            {
                throw ImportException.Schema("candidate economies", location, "no 'iso3' column");
            }
            int name = reader.Header.TryIndexOf("country", out int n) ? n : -1;
            foreach (var row in reader)
            {
                string iso3 = row[key].ToString().Trim().ToUpperInvariant();
                if (!IsoCountries.IsKnown(iso3))
                {
                    throw new ImportException(ImportFailure.Validation, $"candidate economies, line {row.LineNumberFrom}: '{iso3}' is not an ISO alpha-3 code.");
                }
                if (!seen.Add(iso3))
                {
                    throw new ImportException(ImportFailure.Validation, $"candidate economies, line {row.LineNumberFrom}: {iso3} is listed twice.");
                }
                string label = name >= 0 ? row[name].ToString().Trim() : "";
                list.Add((iso3, label.Length > 0 ? label : IsoCountries.NameOf(iso3)!));
            }
        }
        catch (InvalidDataException e)
        {
            throw ImportException.Schema("candidate economies", location, e.Message);
        }
        if (list.Count == 0)
        {
            throw new ImportException(ImportFailure.Validation, $"candidate economies: {location} lists none.");
        }
        return list;
    }

    private CohortMetadata Metadata(OpenReadinessMapping mapping, OpenReadinessOptions options, OpenReadinessBuild build,
        IReadOnlyList<SourceData> fetched, DateOnly retrieved, int toYear)
    {
        var sources = fetched.Select(s => new SourceRecord
        {
            Id = s.Definition.Id,
            Title = s.Definition.Title,
            Url = s.Configured ? s.Url : "(not configured for this import)",
            License = s.Definition.License,
            Attribution = s.Definition.Attribution,
            Retrieved = retrieved,
            DataPeriods = [.. build.Provenance.Where(p => p.Source == s.Definition.Id && p.Raw is not null).Select(p => p.Period).Distinct().Order(StringComparer.Ordinal)],
            Note = s.Configured ? s.Definition.LicenseNote : "not configured: its indicators are missing for every economy",
        }).ToList();
        var missingNodes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sp in mapping.SubPillars)
        {
            if (sp.Indicators.Count == 0)
            {
                missingNodes[sp.Node] = sp.Gap!;
            }
            else if (build.Coverage[sp.Node].WithValue < build.Coverage[sp.Node].Of)
            {
                missingNodes[sp.Node] = $"missing for {build.Coverage[sp.Node].Of - build.Coverage[sp.Node].WithValue} of {build.Coverage[sp.Node].Of}: "
                    + string.Join(", ", build.Cohort.Rows.Where(r => r.Values[build.Cohort.Nodes.ToList().IndexOf(sp.Node)] is null).Select(r => r.Country));
            }
        }
        return new CohortMetadata
        {
            Title = mapping.Title,
            Source = "Open data: " + string.Join("; ", sources.Where(s => s.Url.Length > 0).Select(s => $"{s.Title} ({s.Url})")),
            License = "Mixed, per source; attribution required: " + string.Join("; ", fetched.Where(s => s.Configured).Select(s => $"{s.Definition.Attribution} [{s.Definition.License}]")),
            Methodology = mapping.Methodology,
            Description = mapping.Description,
            Retrieved = retrieved,
            Importer = ImportCli.ToolName + " open-readiness",
            Size = build.Cohort.Rows.Count,
            Sources = sources,
            Coverage = build.Coverage,
            IndicatorCoverage = build.IndicatorCoverage,
            MissingNodes = missingNodes,
            Mapping = new MappingReference(mapping.Id, mapping.Version, mapping.Sha256),
            Provenance = CohortFiles.Provenance(options.CohortId),
            Notes = [.. mapping.Notes, $"World Bank values: the latest year with a value in {fetched.First(s => s.Definition.Kind == SourceKinds.WorldBank).Definition.FromYear}–{toYear}, per economy; the year of each value is in the provenance file."],
            Warnings = log.Warnings.Count > 0 ? [.. log.Warnings] : null,
        };
    }
}
