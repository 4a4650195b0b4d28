using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// Per economy, the sum of the values of its rows and which rows they were: the one aggregation behind clusters'
/// H100-equivalents, TOP500's Rmax, model counts and region counts. An economy whose rows all lack a value has an
/// empty (missing) sum, not a zero.
/// </summary>
internal sealed class CountrySums
{
    private readonly SortedDictionary<string, (double Sum, bool Any, List<string> Rows)> _sums = new(StringComparer.Ordinal);

    public void Add(string iso3, double? value, string row)
    {
        var s = _sums.GetValueOrDefault(iso3, (0, false, []));
        s.Rows.Add(row);
        _sums[iso3] = value is { } v ? (s.Sum + v, true, s.Rows) : s;
    }

    public void Add(string iso3, double? value, int line) => Add(iso3, value, line.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes the sums into <paramref name="field"/>, with the period and file they come from.</summary>
    public void Fill(Dictionary<string, Observation?> field, string period, string file)
    {
        foreach (var (iso3, s) in _sums)
        {
            field[iso3] = s.Any ? new Observation(s.Sum, period, file, string.Join(' ', s.Rows)) : null;
        }
    }
}
