using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The reference cohorts, loaded once at start-up from <see cref="CohortOptions.Directory"/> and
/// immutable afterwards. Loading is all or nothing: the first malformed file stops start-up with a
/// <see cref="CohortFormatException"/> naming file, line and column.
/// </summary>
public sealed class CohortRegistry
{
    private readonly Dictionary<string, Cohort> _byId;

    public CohortRegistry(IEnumerable<Cohort> cohorts)
    {
        _byId = new Dictionary<string, Cohort>(StringComparer.Ordinal);
        foreach (var cohort in cohorts)
        {
            if (!_byId.TryAdd(cohort.Id, cohort))
            {
                throw new ArgumentException($"Cohort '{cohort.Id}' is defined twice.", nameof(cohorts));
            }
        }
        All = [.. _byId.Values.OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    public static CohortRegistry Empty { get; } = new([]);

    /// <summary>Every cohort, by id.</summary>
    public IReadOnlyList<Cohort> All { get; }

    public bool TryGet(string id, out Cohort cohort) => _byId.TryGetValue(id, out cohort!);

    /// <summary>
    /// Reads every <c>*.csv</c> at the top of <paramref name="directory"/> with its <c>.json</c>, if any. Files
    /// whose names start with a dot (Kubernetes' <c>..data</c> links, the importer's staging) and
    /// sub-folders (the importer's <c>provenance/</c>) are not cohorts. A <c>.json</c> without its <c>.csv</c>
    /// is reported to <paramref name="warn"/>, except peer-group files (<c>groups*.json</c>), which belong there.
    /// </summary>
    public static CohortRegistry Load(string directory, MethodologyCatalog catalog, Action<string>? warn = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{CohortOptions.SectionName}:Directory '{directory}' does not exist.");
        }
        var files = Directory.EnumerateFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var json in files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            if (!files.Contains(Path.ChangeExtension(json, ".csv")) && !Path.GetFileName(json).StartsWith("groups", StringComparison.Ordinal))
            {
                warn?.Invoke($"{json} has no {Path.GetFileNameWithoutExtension(json)}.csv beside it: it describes no cohort and is ignored.");
            }
        }
        var cohorts = new List<Cohort>();
        foreach (var csv in files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var json = Path.ChangeExtension(csv, ".json");
            var metadata = File.Exists(json) ? CohortMetadata.Parse(json, File.ReadAllBytes(json), catalog) : null;
            cohorts.Add(CohortParser.Parse(Path.GetFileNameWithoutExtension(csv), csv, File.ReadAllText(csv), metadata, catalog));
        }
        return new CohortRegistry(cohorts);
    }
}
