using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReadinessApi.Scoring.Cohorts;

/// <summary>
/// A named, immutable set of countries with input values: a reference table a deployment mounts, or
/// rows a caller assembles (e.g. one batch). <see cref="Hash"/> identifies its content, so a result
/// computed over it can be cached under that hash and never outlive a change to it.
/// </summary>
public sealed class Cohort
{
    private readonly Dictionary<string, int> _byCountry;
    // Values by member, aligned with Columns (NaN: missing), for the ranking loop.
    private readonly double[][] _values;

    private Cohort(string id, CohortMetadata metadata, string[] columns, CohortMember[] members, double[][] values)
    {
        Id = id;
        Metadata = metadata;
        Columns = columns;
        Members = members;
        _values = values;
        _byCountry = new Dictionary<string, int>(members.Length, StringComparer.Ordinal);
        for (int i = 0; i < members.Length; i++)
        {
            if (!_byCountry.TryAdd(members[i].Country, i))
            {
                throw new ArgumentException($"Country '{members[i].Country}' appears twice in cohort '{id}'.", nameof(members));
            }
        }
        Hash = ComputeHash(columns, members, values);
    }

    public string Id { get; }
    public CohortMetadata Metadata { get; }
    /// <summary>The node ids the cohort carries values for, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>The members in file order.</summary>
    public IReadOnlyList<CohortMember> Members { get; }
    public int Size => Members.Count;
    /// <summary>
    /// Lower-case hex SHA-256 of the canonical rows: columns sorted by id, members sorted by country, each
    /// row "country, name, values" with values in round-trip form. Row and column order and number
    /// spelling (0.50 vs 0.5) do not change it; any value, name or membership change does.
    /// </summary>
    public string Hash { get; }

    /// <summary>Builds a cohort from members' inputs; the columns are every node id any member has, in first-seen order.</summary>
    public static Cohort Create(string id, IEnumerable<CohortMember> members, CohortMetadata? metadata = null)
    {
        var list = members.ToArray();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            foreach (var key in m.Inputs.Keys)
            {
                if (seen.Add(key))
                {
                    columns.Add(key);
                }
            }
        }
        return Create(id, columns, list, metadata);
    }

    internal static Cohort Create(string id, IReadOnlyList<string> columns, CohortMember[] members, CohortMetadata? metadata)
    {
        var values = new double[members.Length][];
        for (int r = 0; r < members.Length; r++)
        {
            var row = values[r] = new double[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                row[c] = members[r].Inputs.TryGetValue(columns[c], out var x) ? x : double.NaN;
            }
        }
        return new Cohort(id, metadata ?? CohortMetadata.Empty, [.. columns], members, values);
    }

    public bool TryGetMember(string country, out CohortMember member)
    {
        if (_byCountry.TryGetValue(country, out int i))
        {
            member = Members[i];
            return true;
        }
        member = null!;
        return false;
    }

    /// <summary>True when at least one column is an input node of <paramref name="methodology"/>: only then can it rank under it.</summary>
    public bool Carries(Methodology methodology) =>
        Columns.Any(c => methodology.TryGetIndex(c, out int i) && i > 0);

    /// <summary>
    /// The members' inputs bound to <paramref name="methodology"/>'s nodes, as <see cref="InputBinder"/> binds a
    /// request: one node-indexed row per member (in member order; NaN where no value), for the scoring loop
    /// (<see cref="Scorer.Evaluate"/>, rankings, uncertainty draws). Columns that are not nodes of the
    /// methodology are left out. A member whose values the methodology cannot take (off a node's scale, a
    /// node given with its descendant) gets a row of NaN and the reason in <see cref="BoundCohort.Problems"/>.
    /// </summary>
    public BoundCohort Bind(Methodology methodology)
    {
        var m = methodology;
        var columnNode = Columns.Select(c => m.TryGetIndex(c, out int i) && i > 0 ? i : -1).ToArray();
        var rows = new double[Size][];
        var problems = new string?[Size];
        for (int r = 0; r < Size; r++)
        {
            var row = rows[r] = new double[m.Count];
            row.AsSpan().Fill(double.NaN);
            List<InputError>? errors = null;
            bool any = false;
            for (int c = 0; c < columnNode.Length; c++)
            {
                double x = _values[r][c];
                if (columnNode[c] < 0 || double.IsNaN(x))
                {
                    continue;
                }
                any = true;
                if (InputBinder.CheckValue(m, columnNode[c], x) is { } message)
                {
                    (errors ??= []).Add(new(Columns[c], message));
                    continue;
                }
                row[columnNode[c]] = x;
            }
            InputBinder.CheckAmbiguity(m, row, ref errors);
            if (errors is not null)
            {
                row.AsSpan().Fill(double.NaN);
                problems[r] = string.Join(" ", errors.Select(e => $"{e.NodeId}: {e.Message}"));
            }
            else if (!any)
            {
                problems[r] = $"No values for any node of '{m.Id}'.";
            }
        }
        return new BoundCohort(this, m, rows, problems);
    }

    /// <summary>Member <paramref name="member"/>'s value of column <paramref name="column"/> (NaN: missing).</summary>
    internal double Value(int member, int column) => _values[member][column];

    private static string ComputeHash(string[] columns, CohortMember[] members, double[][] values)
    {
        var order = Enumerable.Range(0, columns.Length).OrderBy(c => columns[c], StringComparer.Ordinal).ToArray();
        var rows = Enumerable.Range(0, members.Length).OrderBy(r => members[r].Country, StringComparer.Ordinal);
        var text = new StringBuilder("country\tname");
        foreach (int c in order)
        {
            text.Append('\t').Append(columns[c]);
        }
        foreach (int r in rows)
        {
            text.Append('\n').Append(members[r].Country).Append('\t').Append(members[r].Name);
            foreach (int c in order)
            {
                text.Append('\t');
                if (!double.IsNaN(values[r][c]))
                {
                    text.Append(values[r][c].ToString("R", CultureInfo.InvariantCulture));
                }
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
