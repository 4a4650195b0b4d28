using System.Globalization;
using System.Text.Json;
using ReadinessApi.Import.Http;

namespace ReadinessApi.Import.Publishers;

/// <summary>
/// The IMF DataMapper API (https://www.imf.org/external/datamapper/api/v1). One indicator per request, in the
/// documented form <c>GET {base}/{indicator}</c> (the API's help page: <c>/api/v1/NGDP_RPCH</c>; the dataset is
/// not part of the path), answering
/// <c>{"values":{"DI":{"USA":{"2023":0.1},"TWN":{"2023":null}, "ADVEC":{...}}},"api":{"version":"1",...}}</c>:
/// economies (ISO alpha-3, plus IMF region codes) to years to numbers or null.
/// </summary>
public sealed class ImfDataMapperClient(PublisherHttp http, Uri baseUrl)
{
    public const string DefaultBaseUrl = "https://www.imf.org/external/datamapper/api/v1/";

    public Uri BaseUrl { get; } = Normalise(baseUrl);

    public Uri IndicatorUrl(string indicator) => new(BaseUrl, indicator);

    /// <summary>Every economy's series for one indicator: code → year → value (null where the IMF has none).</summary>
    public async Task<IReadOnlyDictionary<string, SortedDictionary<int, double?>>> FetchAsync(
        string indicator, CancellationToken cancellationToken)
    {
        var url = IndicatorUrl(indicator);
        string what = $"IMF DataMapper {indicator}";
        string body = await http.GetStringAsync(url, what, cancellationToken).ConfigureAwait(false);
        return Parse(body, indicator, url, what);
    }

    internal static Dictionary<string, SortedDictionary<int, double?>> Parse(string body, string indicator, Uri url, string what)
    {
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
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                // What the API answers for an indicator it does not know: {"api":{...}} only, with HTTP 200.
                throw ImportException.Schema(what, url.ToString(), "no top-level \"values\" object: the API does not know the indicator");
            }
            if (!values.TryGetProperty(indicator, out var series) || series.ValueKind != JsonValueKind.Object)
            {
                var found = string.Join(", ", values.EnumerateObject().Select(p => p.Name));
                throw ImportException.Schema(what, url.ToString(), $"\"values\" has no \"{indicator}\" object (found: {(found.Length == 0 ? "nothing" : found)})");
            }
            var result = new Dictionary<string, SortedDictionary<int, double?>>(StringComparer.Ordinal);
            foreach (var economy in series.EnumerateObject())
            {
                if (economy.Name.Length == 0)
                {
                    // The API has been seen to add an empty-string key beside the data; it names no economy.
                    continue;
                }
                if (economy.Value.ValueKind != JsonValueKind.Object)
                {
                    throw ImportException.Schema(what, url.ToString(), $"values.{indicator}.{economy.Name} is not an object of years");
                }
                var years = new SortedDictionary<int, double?>();
                foreach (var y in economy.Value.EnumerateObject())
                {
                    if (!int.TryParse(y.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int year))
                    {
                        throw ImportException.Schema(what, url.ToString(), $"values.{indicator}.{economy.Name} has a key '{y.Name}' that is not a year");
                    }
                    years[year] = y.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number => y.Value.GetDouble(),
                        // DataMapper has served numbers as strings in some datasets.
                        JsonValueKind.String when double.TryParse(y.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                        JsonValueKind.String when string.IsNullOrEmpty(y.Value.GetString()) => null,
                        _ => throw ImportException.Schema(what, url.ToString(), $"values.{indicator}.{economy.Name}.{y.Name} is not a number"),
                    };
                }
                result[economy.Name.ToUpperInvariant()] = years;
            }
            return result;
        }
    }

    private static Uri Normalise(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
