using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// What the tool makes of one publisher file: per field, per economy (ISO alpha-3), the value with its period,
/// file and rows; the economies the file lists; and every label it could not map to an economy, counted.
/// </summary>
public sealed class PublisherValues(string file)
{
    private readonly CountryCodes _codes = CountryCodes.Embedded;

    public string File { get; } = file;

    public Dictionary<string, Dictionary<string, Observation?>> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Economies with at least one row in the file.</summary>
    public HashSet<string> Listed { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows naming a country label (mapped, unmapped or not an economy).</summary>
    public int LabelledRows { get; private set; }

    /// <summary>Rows without any country label (e.g. Epoch's company-wide plans).</summary>
    public int UnlabelledRows { get; private set; }

    /// <summary>Labels that are no economy by design (aggregates, "Multinational"), with their row counts.</summary>
    public SortedDictionary<string, int> NotEconomies { get; } = new(StringComparer.Ordinal);

    /// <summary>Labels the tool cannot map (unknown codes, unlisted names), with their row counts.</summary>
    public SortedDictionary<string, int> Unmapped { get; } = new(StringComparer.Ordinal);

    public int UnmappedRows => Unmapped.Values.Sum();

    public double UnmappedShare => LabelledRows == 0 ? 0 : (double)UnmappedRows / LabelledRows;

    /// <summary>The economy behind an alpha-2 code, counting the row; null when none (counted as unmapped or not an economy).</summary>
    public string? Alpha2(string code) => Count(code, _codes.FromAlpha2(code));

    /// <summary>The economy behind an English name, counting the row; null when none.</summary>
    public string? Name(string name) => Count(name, _codes.FromName(name));

    /// <summary>The economy behind an ISO alpha-3 code the publisher uses (World Bank, IMF); other codes are aggregates by design.</summary>
    public string? Alpha3(string code, string aggregateLabel)
    {
        code = code.Trim().ToUpperInvariant();
        if (Scoring.Countries.IsoCountries.IsKnown(code))
        {
            LabelledRows++;
            Listed.Add(code);
            return code;
        }
        return Count(aggregateLabel, null, notAnEconomy: true);
    }

    public void WithoutLabel() => UnlabelledRows++;

    public Dictionary<string, Observation?> Field(string name)
    {
        if (!Fields.TryGetValue(name, out var values))
        {
            Fields[name] = values = new Dictionary<string, Observation?>(StringComparer.Ordinal);
        }
        return values;
    }

    /// <summary>One line for the terminal: what was mapped and what was not.</summary>
    public string Summary()
    {
        string s = $"{File}: {LabelledRows} labelled rows, {Listed.Count} economies";
        if (UnlabelledRows > 0)
        {
            s += $", {UnlabelledRows} rows without a country";
        }
        if (NotEconomies.Count > 0)
        {
            s += "; not economies: " + string.Join(", ", NotEconomies.Select(kv => $"{kv.Key} ({kv.Value})"));
        }
        return s;
    }

    public string UnmappedList() => string.Join(", ", Unmapped.Select(kv => $"'{kv.Key}' ({kv.Value} row{(kv.Value == 1 ? "" : "s")})"));

    private string? Count(string label, string? iso3, bool notAnEconomy = false)
    {
        LabelledRows++;
        if (iso3 is not null)
        {
            Listed.Add(iso3);
            return iso3;
        }
        var target = notAnEconomy || _codes.NotAnEconomy(label) is not null ? NotEconomies : Unmapped;
        target[label.Trim()] = target.GetValueOrDefault(label.Trim()) + 1;
        return null;
    }
}
