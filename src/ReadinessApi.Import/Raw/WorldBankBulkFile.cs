using System.Globalization;
using System.IO.Compression;
using ReadinessApi.Import.Publishers;

namespace ReadinessApi.Import.Raw;

/// <summary>
/// A World Bank bulk download for one indicator (<c>API_&lt;code&gt;_DS2_en_csv_v2_&lt;n&gt;.csv</c>: all cells quoted,
/// a 4-line preamble before the header in WDI files, none in the WGI copies; wide years). The live address
/// (<c>api.worldbank.org/v2/en/indicator/&lt;code&gt;?downloadformat=csv</c>) answers a ZIP holding that CSV and its
/// <c>Metadata_*</c> companions; <see cref="Unpack"/> takes the member wanted. Each economy's value is its latest
/// year with a value in [from, to]; codes that are not ISO alpha-3 are World Bank aggregates (WLD, HIC, EUU, ...).
/// </summary>
public static class WorldBankBulkFile
{
    /// <summary>The text of the CSV: the ZIP member whose name starts with <paramref name="prefix"/>, or the body itself.</summary>
    public static (string Name, string Text) Unpack(byte[] body, string name, string prefix)
    {
        if (!body.AsSpan().StartsWith("PK"u8))
        {
            return (name, Http.PublisherHttp.Text(body));
        }
        using var zip = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
        var entry = zip.Entries.FirstOrDefault(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw ImportException.Schema(name, name, $"the ZIP has no member starting with '{prefix}' ({string.Join(", ", zip.Entries.Select(e => e.Name))})");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return (entry.Name, Http.PublisherHttp.Text(buffer.ToArray()));
    }

    public static PublisherValues Read(string text, string file, string code, int fromYear, int toYear)
    {
        var values = new PublisherValues(file);
        int header = text.IndexOf("\"Country Name\"", StringComparison.Ordinal);
        if (header < 0)
        {
            throw ImportException.Schema(file, file, "no header line starting with \"Country Name\"");
        }
        // Line numbers in the provenance are those of the file, preamble included.
        int offset = text.AsSpan(0, header).Count('\n');
        var field = values.Field(code);
        using var reader = RawCsv.Open(text[header..], file, ',', "Country Code", "Indicator Code");
        var years = Enumerable.Range(fromYear, toYear - fromYear + 1).Reverse()
            .Where(y => reader.Header.TryIndexOf(y.ToString(CultureInfo.InvariantCulture), out _)).ToList();
        foreach (var row in reader)
        {
            if (row["Indicator Code"].ToString() != code)
            {
                throw ImportException.Schema(file, file, $"line {row.LineNumberFrom + offset} is indicator '{row["Indicator Code"].ToString()}', not {code}");
            }
            if (values.Alpha3(row["Country Code"].ToString(), "World Bank aggregates and non-ISO codes") is not { } iso3)
            {
                continue;
            }
            foreach (int y in years)
            {
                string cell = row[y.ToString(CultureInfo.InvariantCulture)].ToString();
                if (cell.Length == 0)
                {
                    continue;
                }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw ImportException.Schema(file, file, $"line {row.LineNumberFrom + offset}, {y}: '{cell}' is not a number");
                }
                field[iso3] = new Observation(v, y.ToString(CultureInfo.InvariantCulture), file, (row.LineNumberFrom + offset).ToString(CultureInfo.InvariantCulture));
                break;
            }
        }
        return values;
    }
}
