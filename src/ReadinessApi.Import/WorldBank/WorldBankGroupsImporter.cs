using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Scoring.Countries;
using ReadinessApi.Scoring.Groups;

namespace ReadinessApi.Import.WorldBank;

/// <summary>
/// World Bank regions and income groups as peer groups (<c>groups.worldbank.json</c> in the cohorts
/// directory), from the API v2 country endpoint: the current classification, valid for the World Bank's
/// fiscal year (from 1 July). Aggregates, "Not classified" income and codes that are not ISO alpha-3
/// (e.g. CHI, Channel Islands) are left out and reported.
/// </summary>
public sealed class WorldBankGroupsImporter(WorldBankClient client, AtomicWriter writer, ImportLog log, TimeProvider clock)
{
    public const string License = "CC BY 4.0 (World Bank datasets, https://datacatalog.worldbank.org/public-licenses)";
    public const string Attribution = "The World Bank: World Bank Country and Lending Groups";

    public async Task<PeerGroupsDocument> RunAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        log.Step($"World Bank regions and income groups from {client.BaseUrl}");
        var countries = await client.FetchCountriesAsync(cancellationToken).ConfigureAwait(false);
        var retrieved = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        string source = $"{Attribution}, World Bank API v2 {client.CountriesUrl(1).GetLeftPart(UriPartial.Path)}, retrieved {retrieved:yyyy-MM-dd}";

        var (document, json) = Build(countries, retrieved, source, client.CountriesUrl(1).ToString(), log);
        writer.Write(outputDirectory, [new OutputFile(PeerGroupCatalog.WorldBankFileName, json)]);
        log.Step($"licence: {License}; attribution \"{Attribution}\"");
        return document;
    }

    /// <summary>
    /// The groups document from a country list (API v2 country endpoint, or a bulk download's Metadata_Country file),
    /// checked by loading it the way the service will.
    /// </summary>
    public static (PeerGroupsDocument Document, byte[] Json) Build(IReadOnlyList<WorldBankCountry> countries, DateOnly retrieved, string source, string origin, ImportLog log)
    {
        var economies = countries.Where(c => !c.IsAggregate).ToList();
        var notIso = economies.Where(c => !IsoCountries.IsKnown(c.Id)).Select(c => $"{c.Id} ({c.Name})").ToList();
        if (notIso.Count > 0)
        {
            log.Warn($"left out, not ISO alpha-3 codes: {string.Join(", ", notIso)}");
        }
        economies = [.. economies.Where(c => IsoCountries.IsKnown(c.Id))];
        var duplicates = economies.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ImportException(ImportFailure.Validation, $"World Bank country list: {string.Join(", ", duplicates)} listed more than once.");
        }
        if (economies.Count == 0)
        {
            throw ImportException.Schema("World Bank country list", origin, "no economies (only aggregates)");
        }
        var unclassified = economies.Where(c => c.IncomeId is "" or "INX").Select(c => c.Id).ToList();
        if (unclassified.Count > 0)
        {
            log.Info($"no income group (not classified): {string.Join(", ", unclassified)}");
        }

        var groups = new List<PeerGroup>();
        foreach (var region in economies.Where(c => c.RegionId.Length > 0).GroupBy(c => c.RegionId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            groups.Add(Group($"wb-region-{region.Key.ToLowerInvariant()}", region.First().RegionName, "wbRegion", region, retrieved, source,
                $"World Bank region {region.Key} (current classification)"));
        }
        foreach (var income in economies.Where(c => c.IncomeId is not ("" or "INX")).GroupBy(c => c.IncomeId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            groups.Add(Group($"wb-income-{income.Key.ToLowerInvariant()}", income.First().IncomeName, "wbIncome", income, retrieved, source,
                $"World Bank income group {income.Key}, current fiscal year's classification (GNI per capita, Atlas method; revised each 1 July)"));
        }
        var document = new PeerGroupsDocument
        {
            Title = $"World Bank regions and income groups, {economies.Count} economies, retrieved {retrieved:yyyy-MM-dd}",
            License = License,
            Attribution = Attribution,
            Retrieved = retrieved,
            Groups = groups,
        };
        byte[] json = PeerGroupCatalog.Serialize(document);
        try
        {
            // The file must load the way the service will load it, next to the embedded groups.
            PeerGroupCatalog.Load([(PeerGroupCatalog.WorldBankFileName, json)]);
        }
        catch (PeerGroupException e)
        {
            throw new ImportException(ImportFailure.Validation, $"World Bank groups fail validation, nothing was written: {e.Message}", e);
        }
        foreach (var g in groups)
        {
            log.Info($"{g.Id}: {g.Name}, {g.Members.Count} economies");
        }
        return (document, json);
    }

    private static PeerGroup Group(string id, string name, string kind, IEnumerable<WorldBankCountry> members, DateOnly asOf, string source, string description) =>
        new(id, name, kind, [.. members.Select(m => m.Id).Order(StringComparer.Ordinal)], asOf, source)
        {
            Description = description,
            License = License,
        };
}
