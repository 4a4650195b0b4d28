using System.Globalization;
using System.Text;
using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Import.Raw;
using ReadinessApi.Import.Standins;
using ReadinessApi.Import.WorldBank;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Countries;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>
/// Builds the reference data the service ships: the open cohort <c>open-readiness</c> for <c>readiness-v1</c> (values,
/// metadata, provenance) and the World Bank regions and income groups. Reads every publisher's own file (live, or
/// its byte-for-byte copy through <see cref="RawPublishers"/>), aggregates it per economy, applies the mapping,
/// validates the result as the service would, and writes the four files atomically.
/// </summary>
public sealed class OpenReadinessImporter(PublisherHttp http, AtomicWriter writer, ImportLog log, TimeProvider clock)
{
    public async Task<OpenReadinessBuild> RunAsync(OpenReadinessOptions options, CancellationToken cancellationToken)
    {
        var mapping = options.MappingPath is null
            ? OpenReadinessMapping.LoadEmbedded()
            : OpenReadinessMapping.Parse(await File.ReadAllBytesAsync(options.MappingPath, cancellationToken).ConfigureAwait(false), options.MappingPath);
        log.Step($"open cohort '{options.CohortId}': mapping {mapping.Id} {mapping.Version} (sha256 {mapping.Sha256[..12]}) for {mapping.Methodology}, {mapping.Members.Count} members");

        await using var standin = options.RawDirectory is null ? null : await RawPublishers.StartAsync(options.RawDirectory).ConfigureAwait(false);
        log.Info(standin is null ? "reading the publishers' live addresses" : $"reading the copies in {options.RawDirectory} through local stand-ins at {standin.BaseUrl}");
        Uri Locate(SourceFile f) => standin?.FileUrl(f.Copy) ?? new Uri(f.Url);

        var retrieved = options.Retrieved ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        int toYear = options.ToYear ?? retrieved.Year;
        var members = mapping.Members.Select(m => (m, IsoCountries.NameOf(m)!)).ToList();
        var fetched = new List<SourceData>();
        foreach (var source in mapping.Sources)
        {
            var imfBase = standin?.ImfBaseUrl;
            fetched.Add(await ReadSourceAsync(mapping, source, Locate, imfBase, toYear, cancellationToken).ConfigureAwait(false));
        }
        var snapshot = new SourceSnapshot(fetched);

        log.Step("applying the mapping");
        var build = OpenReadinessBuilder.Build(mapping, members, snapshot, options.CohortId);
        CohortValidator.Validate(build.Cohort, MethodologyCatalog.Embedded[mapping.Methodology]);
        foreach (var (node, c) in build.Coverage)
        {
            log.Info($"{node,-22} {c.WithValue,3} of {c.Of}");
        }

        log.Step("World Bank regions and income groups");
        var groupsFile = mapping.Groups;
        var (groupsName, groupsText) = WorldBankBulkFile.Unpack(
            await http.GetBytesAsync(Locate(groupsFile), "World Bank country metadata", cancellationToken).ConfigureAwait(false),
            Path.GetFileName(groupsFile.Copy), groupsFile.Member ?? "Metadata_Country_");
        var (_, groupsJson) = WorldBankGroupsImporter.Build(WorldBankCountryMetadataFile.Read(groupsText, groupsName), retrieved,
            $"{WorldBankGroupsImporter.Attribution}: {groupsName} in the World Bank bulk download {groupsFile.Url}, retrieved {retrieved:yyyy-MM-dd}",
            groupsName, log);

        var metadata = Metadata(mapping, options, build, fetched, retrieved);
        log.Step($"writing cohort '{options.CohortId}' ({build.Cohort.Rows.Count} economies) and {PeerGroupCatalog.WorldBankFileName} to {options.OutputDirectory}");
        writer.Write(options.OutputDirectory,
        [
            new OutputFile(CohortFiles.Csv(options.CohortId), Encoding.UTF8.GetBytes(build.Cohort.ToCsv())),
            new OutputFile(CohortFiles.Metadata(options.CohortId), metadata.ToJson()),
            new OutputFile(CohortFiles.Provenance(options.CohortId), ProvenanceRow.ToCsv(build.Provenance)),
            new OutputFile(PeerGroupCatalog.WorldBankFileName, groupsJson),
        ]);
        log.Info($"licence of the cohort: {mapping.License}");
        foreach (var s in fetched)
        {
            log.Info($"licence {s.Definition.Id}: {s.Definition.License}; attribution \"{s.Definition.Attribution}\"");
        }
        return build;
    }

    /// <summary>Reads one source's files and aggregates them per economy, failing on a file whose country labels cannot be mapped.</summary>
    private async Task<SourceData> ReadSourceAsync(OpenReadinessMapping mapping, MappingSource source, Func<SourceFile, Uri> locate, Uri? imfBase,
        int toYear, CancellationToken ct)
    {
        var fields = mapping.SubPillars.SelectMany(s => s.Indicators).Where(i => i.Source == source.Id).Select(i => i.Field).ToList();
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
        var data = new SourceData(source, string.Join(" ; ", source.Files.Values.Select(f => f.Url).Distinct()));

        if (source.Kind == SourceKinds.Facts)
        {
            var facts = ExportControlFacts.LoadEmbedded(source.Facts!);
            string period = facts.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
            foreach (var iso3 in mapping.Members)
            {
                var (tier, basis) = facts.TierOf(iso3);
                values[iso3] = new Observation(tier, period, source.Facts!);
                data.Notes[iso3] = basis;
            }
            data.Fields[facts.Field] = values;
            data.FieldFiles[facts.Field] = source.Facts!;
            log.Info($"{facts.Field}: stated by the project for {values.Count} members; {facts.Scope}");
            return data;
        }
        if (source.Kind == SourceKinds.Imf)
        {
            var file = source.Files.Values.Single();
            var client = new ImfDataMapperClient(http, imfBase ?? new Uri(file.Url));
            foreach (var code in fields)
            {
                var series = await client.FetchAsync(code, ct).ConfigureAwait(false);
                var values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
                var read = new PublisherValues($"DataMapper {code}");
                foreach (var (economy, years) in series)
                {
                    if (read.Alpha3(economy, "IMF groups and regions") is null)
                    {
                        continue;
                    }
                    if (years.Reverse().FirstOrDefault(y => y.Value is not null) is { Value: { } value } latest)
                    {
                        values[economy] = new Observation(value, latest.Key.ToString(CultureInfo.InvariantCulture), $"api/v1/{code}");
                    }
                }
                data.Fields[code] = values;
                data.FieldFiles[code] = $"api/v1/{code}";
                log.Info($"{code}: latest value for {values.Count} economies ({mapping.Members.Count(values.ContainsKey)} of {mapping.Members.Count} members); {read.Summary()}");
            }
            return data;
        }

        data.Listed = source.Absent == "zero" ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var (key, file) in source.Files)
        {
            byte[] body = await http.GetBytesAsync(locate(file), source.Title, ct).ConfigureAwait(false);
            string name = Path.GetFileName(file.Copy);
            string text;
            (name, text) = source.Kind == SourceKinds.WorldBank ? WorldBankBulkFile.Unpack(body, name, file.Member ?? "API_") : (name, PublisherHttp.Text(body));
            var read = source.Kind switch
            {
                SourceKinds.WorldBank => WorldBankBulkFile.Read(text, name, key, source.FromYear ?? toYear - 10, toYear),
                SourceKinds.InnovationGraph => InnovationGraphFile.Read(text, name, key),
                SourceKinds.EpochClusters => EpochClustersFile.Read(text, name, source.Period!),
                SourceKinds.EpochModels => ReadModels(text, name, source.Period!),
                SourceKinds.Top500 => Top500File.Read(text, name, source.Period!),
                SourceKinds.CloudRegions => CloudRegionsFile.Read(text, name, source.Period!),
                SourceKinds.OxfordGairi => GairiFile.Read(text, name, source.Period!, fields),
                _ => throw new ImportException(ImportFailure.Usage, $"source '{source.Id}': unknown kind '{source.Kind}'"),
            };
            CheckMapped(mapping, source, read);
            foreach (var (field, values) in read.Fields)
            {
                data.Fields[field] = values;
                data.FieldFiles[field] = name;
                log.Info($"{field}: {values.Count(v => v.Value is not null)} economies with a value ({mapping.Members.Count(m => values.GetValueOrDefault(m) is not null)} of {mapping.Members.Count} members)");
            }
            data.Listed?.UnionWith(read.Listed);
        }
        return data;
    }

    private PublisherValues ReadModels(string text, string name, string period)
    {
        var read = EpochModelsFile.Read(text, name, period, out int skipped);
        if (skipped > 0)
        {
            log.Info($"{name}: {skipped} models with Industry and other organisations whose country lists do not align were not credited to industry");
        }
        return read;
    }

    /// <summary>Names every label the tool could not map; above the mapping's threshold the import fails (exit code 4) and writes nothing.</summary>
    private void CheckMapped(OpenReadinessMapping mapping, MappingSource source, PublisherValues read)
    {
        log.Info(read.Summary());
        if (read.Unmapped.Count == 0)
        {
            return;
        }
        static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string share = Percent(read.UnmappedShare);
        string message = $"{source.Id}: {read.UnmappedRows} of {read.LabelledRows} rows of {read.File} ({share}) name a country the tool cannot map: {read.UnmappedList()}";
        if (read.UnmappedShare > mapping.Rules.MaxUnmappedShare)
        {
            throw new ImportException(ImportFailure.Schema,
                $"{message}. That is above the mapping's limit of {Percent(mapping.Rules.MaxUnmappedShare)}: "
                + "add the labels to Facts/country-names.json (or the codes to Facts/iso3166-alpha2.tsv) if they are economies.");
        }
        log.Warn(message + "; those rows are left out (not counted as zeros).");
    }

    private CohortMetadata Metadata(OpenReadinessMapping mapping, OpenReadinessOptions options, OpenReadinessBuild build,
        IReadOnlyList<SourceData> fetched, DateOnly retrieved)
    {
        var sources = fetched.Select(s => new SourceRecord
        {
            Id = s.Definition.Id,
            Title = s.Definition.Title,
            Url = s.Definition.Kind == SourceKinds.Facts ? $"project facts {s.Definition.Facts}" : s.Url,
            License = s.Definition.License,
            Attribution = s.Definition.Attribution,
            Retrieved = retrieved,
            DataPeriods = [.. build.Provenance.Where(p => p.Source == s.Definition.Id && p.Raw is not null).Select(p => p.Period).Distinct().Order(StringComparer.Ordinal)],
            Note = s.Definition.LicenseNote,
        }).ToList();
        var missingNodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = build.Cohort.Nodes.ToList();
        foreach (var sp in mapping.SubPillars)
        {
            if (build.Coverage[sp.Node].WithValue < build.Coverage[sp.Node].Of)
            {
                missingNodes[sp.Node] = $"missing for {build.Coverage[sp.Node].Of - build.Coverage[sp.Node].WithValue} of {build.Coverage[sp.Node].Of}: "
                    + string.Join(", ", build.Cohort.Rows.Where(r => r.Values[nodes.IndexOf(sp.Node)] is null).Select(r => r.Country));
            }
        }
        var worldBank = fetched.First(s => s.Definition.Kind == SourceKinds.WorldBank).Definition;
        return new CohortMetadata
        {
            Title = mapping.Title,
            Source = "Open data, aggregated by ReadinessApi.Import from the publishers' files: "
                + string.Join("; ", sources.Select(s => s.Title)),
            License = $"{mapping.License}: " + string.Join("; ", fetched.Select(s => $"{s.Definition.Attribution} [{s.Definition.License}]")),
            Methodology = mapping.Methodology,
            Description = mapping.Description,
            Retrieved = retrieved,
            Importer = ImportCli.ToolName + " reference",
            Size = build.Cohort.Rows.Count,
            Sources = sources,
            Coverage = build.Coverage,
            IndicatorCoverage = build.IndicatorCoverage,
            MissingNodes = missingNodes,
            Mapping = new MappingReference(mapping.Id, mapping.Version, mapping.Sha256),
            Provenance = CohortFiles.Provenance(options.CohortId),
            Notes = [.. mapping.Notes, $"World Bank values: each economy's latest year with a value from {worldBank.FromYear} on; the year, file and line of each value are in the provenance file."],
            Warnings = log.Warnings.Count > 0 ? [.. log.Warnings] : null,
        };
    }
}
