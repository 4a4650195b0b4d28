using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using nietras.SeparatedValues;

namespace ReadinessApi.Import.Standins;

/// <summary>
/// Local stand-ins for the publishers, on 127.0.0.1 (Kestrel, a port the OS picks), so that a rebuild from
/// <c>shared/data/raw</c> goes through the same HTTP path as a live one: <c>/raw/&lt;path&gt;</c> serves the
/// copies byte for byte, and <c>/imf/api/v1/&lt;indicator&gt;</c> answers in the DataMapper API's documented
/// envelope, built from <c>imf_aipi_2023.csv</c> beside the raw folder (no verbatim DataMapper response exists).
/// </summary>
public sealed class RawPublishers : IAsyncDisposable
{
    /// <summary>The IMF's indicator codes and the columns of <c>imf_aipi_2023.csv</c> that hold them.</summary>
    private static readonly Dictionary<string, string> ImfColumns = new(StringComparer.Ordinal)
    {
        ["AI_PI"] = "ai_pi",
        ["DI"] = "digital_infrastructure",
        ["HCLMP"] = "human_capital_labor_market_policies",
        ["IEI"] = "innovation_economic_integration",
        ["RE"] = "regulation_ethics",
    };

    private const string ImfYear = "2023";
    private const string ImfApi = "\"api\":{\"version\":\"1\",\"output-method\":\"json\"}";

    private readonly WebApplication _app;

    private RawPublishers(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri ImfBaseUrl => new(BaseUrl, "imf/api/v1/");

    /// <summary>The stand-in address of a copy, by its path under the raw folder.</summary>
    public Uri FileUrl(string copy) => new(BaseUrl, "raw/" + copy);

    public static async Task<RawPublishers> StartAsync(string rawDirectory)
    {
        string root = Path.GetFullPath(rawDirectory);
        if (!Directory.Exists(root))
        {
            throw new ImportException(ImportFailure.Usage, $"--raw: '{rawDirectory}' is not a folder (expected shared/data/raw).");
        }
        string imfCsv = Path.Combine(root, "..", "imf_aipi_2023.csv");
        var (app, baseUrl) = await Loopback.StartAsync(app =>
        {
            app.MapGet("/raw/{**path}", (string path) =>
            {
                string full = Path.GetFullPath(Path.Combine(root, path));
                return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full)
                    ? Results.File(full, "application/octet-stream")
                    : Results.NotFound();
            });
            app.MapGet("/imf/api/v1/{indicator}", (string indicator) =>
                Results.Text(File.Exists(imfCsv) ? ImfEnvelope(File.ReadAllText(imfCsv), indicator) : "{" + ImfApi + "}", "application/json"));
        }).ConfigureAwait(false);
        return new RawPublishers(app, baseUrl);
    }

    /// <summary>
    /// <c>{"values":{"DI":{"USA":{"2023":0.2},...}},"api":{...}}</c>, numbers as the CSV writes them; an unknown
    /// indicator gets the API-only body the live service answers.
    /// </summary>
    public static string ImfEnvelope(string csv, string indicator)
    {
        if (!ImfColumns.TryGetValue(indicator, out var column))
        {
            return "{" + ImfApi + "}";
        }
        var json = new StringBuilder("{\"values\":{\"").Append(indicator).Append("\":{");
        bool first = true;
        using (var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(csv))
        {
            foreach (var row in reader)
            {
                string value = row[column].ToString();
                json.Append(first ? "" : ",").Append('"').Append(row["iso3"].ToString()).Append("\":{\"").Append(ImfYear).Append("\":")
                    .Append(value.Length == 0 ? "null" : double.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).Append('}');
                first = false;
            }
        }
        return json.Append("}},").Append(ImfApi).Append('}').ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
