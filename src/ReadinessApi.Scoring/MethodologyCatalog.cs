using System.Reflection;

namespace ReadinessApi.Scoring;

/// <summary>The methodologies shipped inside this assembly (Methodologies/*.json), compiled once.</summary>
public sealed class MethodologyCatalog
{
    public const string DefaultId = "readiness-v1";
    private const string Prefix = "ReadinessApi.Scoring.Methodologies.";

    private readonly Dictionary<string, Methodology> _byId;

    public MethodologyCatalog(IEnumerable<Methodology> methodologies)
    {
        _byId = new Dictionary<string, Methodology>(StringComparer.Ordinal);
        foreach (var m in methodologies)
        {
            if (!_byId.TryAdd(m.Id, m))
            {
                throw new MethodologyException($"Methodology '{m.Id}' is defined twice.");
            }
        }
        All = [.. _byId.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>The catalogue of embedded methodologies; a malformed one fails here, at start-up.</summary>
    public static MethodologyCatalog Embedded { get; } = LoadEmbedded();

    public IReadOnlyList<Methodology> All { get; }

    public Methodology Default => _byId[DefaultId];

    public bool TryGet(string id, out Methodology methodology) => _byId.TryGetValue(id, out methodology!);

    public Methodology this[string id] => _byId[id];

    private static MethodologyCatalog LoadEmbedded()
    {
        var assembly = typeof(MethodologyCatalog).Assembly;
        var loaded = new List<Methodology>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            try
            {
                loaded.Add(Methodology.Parse(buffer.ToArray()));
            }
            catch (MethodologyException e)
            {
                throw new MethodologyException($"{name[Prefix.Length..]}: {e.Message}", e);
            }
        }
        return new MethodologyCatalog(loaded);
    }
}
