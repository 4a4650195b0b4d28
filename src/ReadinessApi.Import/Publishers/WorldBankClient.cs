using System.Globalization;
using System.Text.Json;
using ReadinessApi.Import.Http;

namespace ReadinessApi.Import.Publishers;

/// <summary>One row of a World Bank API v2 indicator response.</summary>
public readonly record struct WorldBankValue(string Iso3, string Name, int Year, double? Value);

/// <summary>One economy (or aggregate) of the World Bank API v2 country endpoint.</summary>
public sealed record WorldBankCountry(
    string Id, string Name, string RegionId, string RegionName, string IncomeId, string IncomeName, string LendingId)
{
    /// <summary>Aggregates (regions, income groups, "World") carry the region "Aggregates" (id NA).</summary>
    public bool IsAggregate => RegionId is "NA" or "" || RegionName.Trim() == "Aggregates";
}

/// <summary>
/// The World Bank Indicators API v2 (https://api.worldbank.org/v2). Every JSON answer is a two-element
/// array <c>[paging, rows]</c>: paging <c>{"page":1,"pages":3,"per_page":1000,"total":2660,...}</c>
/// (some endpoints give numbers as strings), rows an array or null when there is nothing. An error
/// is a one-element array <c>[{"message":[{"id":"120","key":"Invalid value","value":"..."}]}]</c>.
/// </summary>
public sealed class WorldBankClient(PublisherHttp http, Uri baseUrl, int perPage = 1000)
{
    public const string DefaultBaseUrl = "https://api.worldbank.org/v2/";

    public Uri BaseUrl { get; } = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    public Uri IndicatorUrl(string code, int fromYear, int toYear, int? source, int page) =>
        new(BaseUrl, $"country/all/indicator/{Uri.EscapeDataString(code)}?format=json&per_page={perPage}&date={fromYear}:{toYear}"
            + (source is { } s ? $"&source={s}" : "") + $"&page={page}");

    public Uri CountriesUrl(int page) => new(BaseUrl, $"country?format=json&per_page={perPage}&page={page}");

    /// <summary>All rows of an indicator for all economies and aggregates over the years, every page.</summary>
    public async Task<IReadOnlyList<WorldBankValue>> FetchIndicatorAsync(
        string code, int fromYear, int toYear, int? source, CancellationToken cancellationToken)
    {
        string what = $"World Bank indicator {code}";
        var rows = new List<WorldBankValue>();
        await FetchPagesAsync(page => IndicatorUrl(code, fromYear, toYear, source, page), what, (row, url) =>
        {
            string iso3 = Str(row, "countryiso3code", url, what, required: false);
            var country = Obj(row, "country", url, what);
            string name = Str(country, "value", url, what);
            string date = Str(row, "date", url, what);
            if (!int.TryParse(date, NumberStyles.None, CultureInfo.InvariantCulture, out int year))
            {
                throw ImportException.Schema(what, url.ToString(), $"date '{date}' is not a year");
            }
            if (!row.TryGetProperty("value", out var v))
            {
                throw ImportException.Schema(what, url.ToString(), "a row has no \"value\"");
            }
            double? value = v.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number => v.GetDouble(),
                _ => throw ImportException.Schema(what, url.ToString(), $"value for {iso3} {date} is not a number"),
            };
            rows.Add(new WorldBankValue(iso3, name, year, value));
        }, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Every economy and aggregate of the country endpoint, with region, income group and lending type.</summary>
    public async Task<IReadOnlyList<WorldBankCountry>> FetchCountriesAsync(CancellationToken cancellationToken)
    {
        const string what = "World Bank country list";
        var rows = new List<WorldBankCountry>();
        await FetchPagesAsync(CountriesUrl, what, (row, url) =>
        {
            var region = Obj(row, "region", url, what);
            var income = Obj(row, "incomeLevel", url, what);
            string lending = row.TryGetProperty("lendingType", out var l) && l.ValueKind == JsonValueKind.Object
                ? Str(l, "id", url, what, required: false) : "";
            rows.Add(new WorldBankCountry(
                Str(row, "id", url, what), Str(row, "name", url, what).Trim(),
                Str(region, "id", url, what, required: false), Str(region, "value", url, what, required: false).Trim(),
                Str(income, "id", url, what, required: false), Str(income, "value", url, what, required: false).Trim(),
                lending));
        }, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>The latest year with a value, per economy; aggregates and unknown codes are left to the caller.</summary>
    public static Dictionary<string, (Observation Observation, string Name)> LatestByEconomy(IEnumerable<WorldBankValue> rows)
    {
        var latest = new Dictionary<string, (Observation, string)>(StringComparer.Ordinal);
        var years = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (r.Value is not { } value || string.IsNullOrEmpty(r.Iso3) || !double.IsFinite(value))
            {
                continue;
            }
            if (!years.TryGetValue(r.Iso3, out int y) || r.Year > y)
            {
                years[r.Iso3] = r.Year;
                latest[r.Iso3] = (new Observation(value, r.Year.ToString(CultureInfo.InvariantCulture)), r.Name);
            }
        }
        return latest;
    }

    private async Task FetchPagesAsync(Func<int, Uri> urlOf, string what, Action<JsonElement, Uri> onRow, CancellationToken ct)
    {
        int pages = 1;
        for (int page = 1; page <= pages; page++)
        {
            var url = urlOf(page);
            string body = await http.GetStringAsync(url, $"{what} (page {page}{(pages > 1 ? $" of {pages}" : "")})", ct).ConfigureAwait(false);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw ImportException.Schema(what, url.ToString(), $"not JSON: {e.Message}");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
                {
                    throw ImportException.Schema(what, url.ToString(), "expected a JSON array [paging, rows]");
                }
                var paging = root[0];
                if (paging.ValueKind == JsonValueKind.Object && paging.TryGetProperty("message", out var message))
                {
                    throw ImportException.Schema(what, url.ToString(), "the API answered with an error: " + DescribeMessage(message));
                }
                if (root.GetArrayLength() != 2 || paging.ValueKind != JsonValueKind.Object)
                {
                    throw ImportException.Schema(what, url.ToString(), "expected a JSON array [paging, rows]");
                }
                int pageNo = Int(paging, "page", url, what);
                int pageCount = Int(paging, "pages", url, what);
                if (page == 1)
                {
                    pages = pageCount;
                }
                else if (pageCount != pages || pageNo != page)
                {
                    throw ImportException.Schema(what, url.ToString(),
                        $"paging changed while reading (page {pageNo} of {pageCount}, expected page {page} of {pages}); the data were updated meanwhile, run the import again");
                }
                var rows = root[1];
                if (rows.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (rows.ValueKind != JsonValueKind.Array)
                {
                    throw ImportException.Schema(what, url.ToString(), "the second element is neither an array of rows nor null");
                }
                foreach (var row in rows.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Object)
                    {
                        throw ImportException.Schema(what, url.ToString(), "a row is not an object");
                    }
                    onRow(row, url);
                }
            }
        }
    }

    private static string DescribeMessage(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Array)
        {
            return message.ToString();
        }
        return string.Join("; ", message.EnumerateArray().Select(m =>
            $"{Get(m, "id")} {Get(m, "key")}: {Get(m, "value")}".Trim()));

        static string Get(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ToString() : "";
    }

    private static int Int(JsonElement obj, string name, Uri url, string what)
    {
        if (obj.TryGetProperty(name, out var v))
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n))
            {
                return n;
            }
            if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                return n;
            }
        }
        throw ImportException.Schema(what, url.ToString(), $"paging has no integer \"{name}\"");
    }

    private static JsonElement Obj(JsonElement obj, string name, Uri url, string what) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw ImportException.Schema(what, url.ToString(), $"a row has no \"{name}\" object");

    private static string Str(JsonElement obj, string name, Uri url, string what, bool required = true)
    {
        if (obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
        {
            return v.GetString()!;
        }
        if (!required && (!obj.TryGetProperty(name, out v) || v.ValueKind == JsonValueKind.Null))
        {
            return "";
        }
        throw ImportException.Schema(what, url.ToString(), $"a row has no string \"{name}\"");
    }
}
