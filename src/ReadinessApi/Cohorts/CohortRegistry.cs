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
    /// Reads every <c>*.csv</c> in <paramref name="directory"/> (with its <c>.json</c>, if any). Files whose
    /// names start with a dot (Kubernetes' <c>..data</c> links) are skipped; a <c>.json</c> without its
    /// <c>.csv</c> is an error, because it is almost certainly a misnamed file.
    /// </summary>
    public static CohortRegistry Load(string directory, MethodologyCatalog catalog)
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
            if (!files.Contains(Path.ChangeExtension(json, ".csv")))
            {
                throw new CohortFormatException(json, 1, 1, $"there is no {Path.GetFileNameWithoutExtension(json)}.csv beside this metadata file");
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
