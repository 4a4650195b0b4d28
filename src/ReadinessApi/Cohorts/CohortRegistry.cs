using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// The reference cohorts, loaded once at start-up (the built-in ones, then those mounted in
/// <see cref="CohortOptions.Directory"/>) and immutable afterwards. Loading is all or nothing: the first malformed file stops start-up with a
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
    /// The cohorts in <paramref name="files"/>: every <c>*.csv</c> with its <c>.json</c>, if any. A <c>.json</c> without
    /// its <c>.csv</c> is reported to <paramref name="warn"/>, except peer-group files (<c>groups*.json</c>), which belong there.
    /// </summary>
    public static IReadOnlyList<Cohort> Parse(IReadOnlyList<ReferenceFile> files, MethodologyCatalog catalog, Action<string>? warn = null)
    {
        var byName = files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var json in files.Where(f => f.Name.EndsWith(".json", StringComparison.Ordinal)))
        {
            if (!byName.ContainsKey(Path.ChangeExtension(json.Name, ".csv")) && !json.Name.StartsWith("groups", StringComparison.Ordinal))
            {
                warn?.Invoke($"{json.Origin} has no {Path.GetFileNameWithoutExtension(json.Name)}.csv beside it: it describes no cohort and is ignored.");
            }
        }
        var cohorts = new List<Cohort>();
        foreach (var csv in files.Where(f => f.Name.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var metadata = byName.TryGetValue(Path.ChangeExtension(csv.Name, ".json"), out var json) ? CohortMetadata.Parse(json.Origin, json.Bytes, catalog) : null;
            cohorts.Add(CohortParser.Parse(Path.GetFileNameWithoutExtension(csv.Name), csv.Origin, Text(csv.Bytes), metadata, catalog));
        }
        return cohorts;
    }

    /// <summary>
    /// The built-in cohorts (<paramref name="builtIn"/>) and those mounted in <paramref name="directory"/> (none when null):
    /// a mounted cohort with a built-in one's id replaces it, and <paramref name="replaced"/> hears of it.
    /// </summary>
    public static CohortRegistry Load(IReadOnlyList<ReferenceFile> builtIn, string? directory, MethodologyCatalog catalog,
        Action<string>? warn = null, Action<Cohort>? replaced = null)
    {
        var cohorts = Parse(builtIn, catalog, warn).ToDictionary(c => c.Id, StringComparer.Ordinal);
        if (directory is not null)
        {
            foreach (var mounted in Parse(ReferenceFile.Mounted(directory), catalog, warn))
            {
                if (cohorts.ContainsKey(mounted.Id))
                {
                    replaced?.Invoke(mounted);
                }
                cohorts[mounted.Id] = mounted;
            }
        }
        return new CohortRegistry(cohorts.Values);
    }

    /// <summary>UTF-8, with or without a byte-order mark, as <see cref="File.ReadAllText(string)"/> reads it.</summary>
    private static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
