using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Scoring.Groups;

/// <summary>
/// Peer groups by id: the embedded facts (<c>Groups/groups.json</c>: BRICS, G7, G20, OECD, EU) plus any
/// group files a deployment provides (e.g. <c>groups.worldbank.json</c> in the cohorts directory). The
/// engine does no I/O: the caller reads the files and hands their bytes to <see cref="Load"/>.
/// Validation is strict and all-or-nothing, like cohorts: a malformed file fails the load with a
/// message naming the file and the group.
/// </summary>
public sealed partial class PeerGroupCatalog
{
    /// <summary>The file name the importer writes World Bank regions and income groups to, in the cohorts directory.</summary>
    public const string WorldBankFileName = "groups.worldbank.json";
    private const string EmbeddedName = "ReadinessApi.Scoring.Groups.groups.json";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private readonly Dictionary<string, PeerGroup> _byId;

    public PeerGroupCatalog(IEnumerable<PeerGroup> groups)
    {
        _byId = new Dictionary<string, PeerGroup>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            if (!_byId.TryAdd(g.Id, g))
            {
                throw new PeerGroupException($"Peer group '{g.Id}' is defined twice.");
            }
        }
        All = [.. _byId.Values.OrderBy(g => g.Id, StringComparer.Ordinal)];
    }

    /// <summary>The groups the project states itself, compiled once; a malformed file fails here, at start-up.</summary>
    public static PeerGroupCatalog Embedded { get; } = new(EmbeddedGroups());

    /// <summary>All groups, ordered by id.</summary>
    public IReadOnlyList<PeerGroup> All { get; }

    public bool TryGet(string id, out PeerGroup group) => _byId.TryGetValue(id, out group!);

    public PeerGroup this[string id] => _byId[id];

    /// <summary>The embedded groups plus those in <paramref name="files"/> (origin = file name, for messages).</summary>
    public static PeerGroupCatalog Load(IEnumerable<(string Origin, byte[] Json)> files, bool includeEmbedded = true)
    {
        var groups = new List<PeerGroup>();
        // Where each id was first defined, so that a clash names both files.
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (includeEmbedded)
        {
            groups.AddRange(Embedded.All);
            foreach (var g in Embedded.All)
            {
                origins[g.Id] = "the embedded groups.json";
            }
        }
        foreach (var (origin, json) in files)
        {
            foreach (var g in Parse(json, origin).Groups)
            {
                if (!origins.TryAdd(g.Id, origin))
                {
                    throw new PeerGroupException($"{origin}: group '{g.Id}' is defined twice (first in {origins[g.Id]}).");
                }
                groups.Add(g);
            }
        }
        return new PeerGroupCatalog(groups);
    }

    /// <summary>Parses and validates one group file.</summary>
    public static PeerGroupsDocument Parse(ReadOnlySpan<byte> utf8Json, string origin)
    {
        PeerGroupsDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<PeerGroupsDocument>(utf8Json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PeerGroupException($"{origin}: malformed at {e.Path ?? "$"} (line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (doc is null)
        {
            throw new PeerGroupException($"{origin}: the file is empty.");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in doc.Groups)
        {
            Validate(g, origin);
            if (!ids.Add(g.Id))
            {
                throw new PeerGroupException($"{origin}: group '{g.Id}' appears more than once.");
            }
        }
        return doc;
    }

    /// <summary>Serialises a group file the way <see cref="Parse"/> reads it (indented, camelCase).</summary>
    public static byte[] Serialize(PeerGroupsDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();

    private static void Validate(PeerGroup g, string origin)
    {
        string at = $"{origin}: group '{g.Id}'";
        if (string.IsNullOrEmpty(g.Id) || !KebabId().IsMatch(g.Id))
        {
            throw new PeerGroupException($"{at}: id must be lower-case kebab-case.");
        }
        if (string.IsNullOrWhiteSpace(g.Name) || string.IsNullOrWhiteSpace(g.Kind) || string.IsNullOrWhiteSpace(g.Source))
        {
            throw new PeerGroupException($"{at}: name, kind and source are required.");
        }
        if (g.Members.Count == 0)
        {
            throw new PeerGroupException($"{at}: a group needs at least one member.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in g.Members)
        {
            if (!IsoCountries.IsKnown(m))
            {
                throw new PeerGroupException($"{at}: '{m}' is not an ISO 3166-1 alpha-3 code.");
            }
            if (!seen.Add(m))
            {
                throw new PeerGroupException($"{at}: '{m}' is listed twice.");
            }
        }
    }

    private static IEnumerable<PeerGroup> EmbeddedGroups()
    {
        using var stream = typeof(PeerGroupCatalog).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new PeerGroupException($"Embedded resource {EmbeddedName} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray(), "groups.json").Groups;
    }
}
