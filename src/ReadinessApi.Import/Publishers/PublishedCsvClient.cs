using nietras.SeparatedValues;
using ReadinessApi.Import.Http;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Import.Publishers;

/// <summary>
/// Per-country CSVs that a publisher (or a compiler of its data) puts online without an API: Epoch AI
/// aggregates, TOP500 per-country totals, cloud regions, GitHub Innovation Graph, export-control tiers.
/// The layout is one row per economy with a key column of ISO alpha-3 codes; the importer checks the
/// columns it needs are there, so a changed layout fails loudly instead of importing blanks.
/// </summary>
public sealed class PublishedCsvClient(PublisherHttp http, ImportLog log)
{
    public async Task<PublishedTable> FetchAsync(Uri url, string what, string keyColumn, IReadOnlyCollection<string> requiredColumns,
        CancellationToken cancellationToken)
    {
        string text = url.IsFile
            ? await File.ReadAllTextAsync(url.LocalPath, cancellationToken).ConfigureAwait(false)
            : await http.GetStringAsync(url, what, cancellationToken).ConfigureAwait(false);
        if (url.IsFile)
        {
            log.Info($"read {url.LocalPath}, {text.Length / 1024.0:0.0} KB");
        }
        return Parse(text, url.ToString(), what, keyColumn, requiredColumns, log);
    }

    internal static PublishedTable Parse(string text, string url, string what, string keyColumn, IReadOnlyCollection<string> requiredColumns, ImportLog log)
    {
        if (text.TrimStart().StartsWith('<'))
        {
            throw ImportException.Schema(what, url, "got HTML or XML, not CSV (a wrong URL, or a login or error page)");
        }
        var rows = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        string[] columns;
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
            columns = [.. reader.Header.ColNames];
            var missing = requiredColumns.Where(c => !columns.Contains(c, StringComparer.Ordinal)).Prepend(keyColumn)
                .Where(c => !columns.Contains(c, StringComparer.Ordinal)).Distinct().ToList();
            if (missing.Count > 0)
            {
                throw ImportException.Schema(what, url, $"missing column(s) {string.Join(", ", missing)}; the header is: {string.Join(",", columns)}");
            }
            int skipped = 0;
            foreach (var row in reader)
            {
                string key = row[keyColumn].ToString().Trim().ToUpperInvariant();
                if (key.Length == 0)
                {
                    throw new ImportException(ImportFailure.Validation, $"{what}: {url} line {row.LineNumberFrom} has an empty {keyColumn}.");
                }
                if (!IsoCountries.IsKnown(key))
                {
                    skipped++;
                    continue;
                }
                var cells = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
                for (int i = 0; i < columns.Length; i++)
                {
                    cells[columns[i]] = row[i].ToString().Trim();
                }
                if (!rows.TryAdd(key, cells))
                {
                    throw new ImportException(ImportFailure.Validation, $"{what}: {url} line {row.LineNumberFrom}: {key} appears more than once.");
                }
            }
            if (skipped > 0)
            {
                log.Info($"{what}: {skipped} row(s) without an ISO alpha-3 code (aggregates) skipped");
            }
        }
        catch (InvalidDataException e)
        {
            throw ImportException.Schema(what, url, $"not a well-formed CSV: {e.Message}");
        }
        if (rows.Count == 0)
        {
            throw ImportException.Schema(what, url, "no economy rows");
        }
        return new PublishedTable(url, columns, rows);
    }
}
