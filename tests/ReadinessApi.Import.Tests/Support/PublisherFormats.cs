using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ReadinessApi.Import.Tests.Support;

/// <summary>Responses in the publishers' real formats, built from tables the tests hold.</summary>
public static class PublisherFormats
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // ---------------- IMF DataMapper ----------------

    /// <summary><c>{"values":{"DI":{"USA":{"2023":0.18}}},"api":{"version":"1","output-method":"json"}}</c></summary>
    public static string ImfIndicator(string indicator, IReadOnlyDictionary<string, IReadOnlyDictionary<int, double?>> series)
    {
        var economies = new JsonObject();
        foreach (var (code, years) in series)
        {
            var y = new JsonObject();
            foreach (var (year, v) in years)
            {
                y[year.ToString(CultureInfo.InvariantCulture)] = v is { } d ? JsonValue.Create(d) : null;
            }
            economies[code] = y;
        }
        var root = new JsonObject
        {
            ["values"] = new JsonObject { [indicator] = economies },
            ["api"] = new JsonObject { ["version"] = "1", ["output-method"] = "json" },
        };
        return root.ToJsonString();
    }

    /// <summary>The DataMapper AIPI indicators from the copy in shared/data, plus IMF aggregates that the importer must skip.</summary>
    public static Dictionary<string, string> ImfFromSharedCopy(string csvPath)
    {
        var rows = CsvTable.Read(csvPath);
        var columns = new Dictionary<string, string>
        {
            ["AI_PI"] = "ai_pi",
            ["DI"] = "digital_infrastructure",
            ["HCLMP"] = "human_capital_labor_market_policies",
            ["IEI"] = "innovation_economic_integration",
            ["RE"] = "regulation_ethics",
        };
        var bodies = new Dictionary<string, string>();
        foreach (var (indicator, column) in columns)
        {
            var series = new Dictionary<string, IReadOnlyDictionary<int, double?>>();
            foreach (var r in rows)
            {
                series[r["iso3"]] = new Dictionary<int, double?> { [2023] = Parse(r[column]) };
            }
            series["ADVEC"] = new Dictionary<int, double?> { [2023] = 0.17 };
            series["SSQ"] = new Dictionary<int, double?> { [2023] = 0.08 };
            bodies[indicator] = ImfIndicator(indicator, series);
        }
        return bodies;
    }

    /// <summary>
    /// DataMapper's documented path, <c>.../api/v1/{indicator}</c>; an indicator it does not know gets what the live API
    /// answers for one: HTTP 200 with the <c>api</c> object only.
    /// </summary>
    public static Func<HttpRequest, Reply> ImfHandler(IReadOnlyDictionary<string, string> bodies) => request =>
        bodies.TryGetValue(request.Path.Value!.Trim('/').Split('/')[^1], out var body) ? Reply.Json(body)
            : Reply.Json("""{"api":{"version":"1","output-method":"json"}}""");

    // ---------------- World Bank API v2 ----------------

    /// <summary>One page of an indicator response: <c>[{"page":1,"pages":3,"per_page":1000,"total":2500,...},[rows]]</c>.</summary>
    public static string WorldBankIndicatorPage(string code, IReadOnlyList<(string Iso3, string Name, int Year, double? Value)> all, int page, int perPage)
    {
        int total = all.Count;
        int pages = total == 0 ? 0 : (total + perPage - 1) / perPage;
        var paging = new JsonObject
        {
            ["page"] = page, ["pages"] = pages, ["per_page"] = perPage, ["total"] = total,
            ["sourceid"] = "2", ["lastupdated"] = "2026-07-13",
        };
        JsonNode? rows = null;
        if (total > 0)
        {
            var array = new JsonArray();
            foreach (var r in all.Skip((page - 1) * perPage).Take(perPage))
            {
                array.Add(new JsonObject
                {
                    ["indicator"] = new JsonObject { ["id"] = code, ["value"] = code + " (name)" },
                    ["country"] = new JsonObject { ["id"] = r.Iso3.Length >= 2 ? r.Iso3[..2] : "", ["value"] = r.Name },
                    ["countryiso3code"] = r.Iso3,
                    ["date"] = r.Year.ToString(CultureInfo.InvariantCulture),
                    ["value"] = r.Value is { } v ? JsonValue.Create(v) : null,
                    ["unit"] = "", ["obs_status"] = "", ["decimal"] = 1,
                });
            }
            rows = array;
        }
        return new JsonArray(paging, rows).ToJsonString();
    }

    public const string WorldBankErrorBody = """[{"message":[{"id":"175","key":"Invalid format","value":"The indicator was not found. It may have been deleted or archived."}]}]""";

    /// <summary>
    /// Serves <c>/country/all/indicator/{code}?...&amp;per_page=&amp;page=</c> from the series given, paged as asked;
    /// codes it has no series for answer "no data" (<c>[paging with total 0, null]</c>).
    /// </summary>
    public static Func<HttpRequest, Reply> WorldBankHandler(
        IReadOnlyDictionary<string, List<(string Iso3, string Name, int Year, double? Value)>> series,
        IReadOnlyList<(string Id, string Name, string RegionId, string Region, string IncomeId, string Income)>? countries = null) => request =>
    {
        var path = request.Path.Value!.Trim('/');
        int perPage = int.Parse(request.Query["per_page"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture);
        int page = int.Parse(request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        if (request.Query["format"] != "json")
        {
            return new Reply(200, "<?xml version=\"1.0\"?><wb:data/>", "application/xml");
        }
        if (path.EndsWith("country", StringComparison.Ordinal) && countries is not null)
        {
            return Reply.Json(WorldBankCountriesPage(countries, page, perPage));
        }
        int at = path.IndexOf("country/all/indicator/", StringComparison.Ordinal);
        if (at < 0)
        {
            return Reply.NotFound;
        }
        string code = path[(at + "country/all/indicator/".Length)..];
        var rows = series.TryGetValue(code, out var s) ? s : [];
        return Reply.Json(WorldBankIndicatorPage(code, rows, page, perPage));
    };

    /// <summary>The country endpoint: <c>per_page</c> is a string there, and regions carry a trailing space as the real API does.</summary>
    public static string WorldBankCountriesPage(
        IReadOnlyList<(string Id, string Name, string RegionId, string Region, string IncomeId, string Income)> all, int page, int perPage)
    {
        int pages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var paging = new JsonObject { ["page"] = page, ["pages"] = pages, ["per_page"] = perPage.ToString(CultureInfo.InvariantCulture), ["total"] = all.Count };
        var array = new JsonArray();
        foreach (var c in all.Skip((page - 1) * perPage).Take(perPage))
        {
            array.Add(new JsonObject
            {
                ["id"] = c.Id, ["iso2Code"] = c.Id[..2], ["name"] = c.Name,
                ["region"] = new JsonObject { ["id"] = c.RegionId, ["iso2code"] = "Z4", ["value"] = c.Region + (c.RegionId == "NA" ? "" : " ") },
                ["adminregion"] = new JsonObject { ["id"] = "", ["iso2code"] = "", ["value"] = "" },
                ["incomeLevel"] = new JsonObject { ["id"] = c.IncomeId, ["iso2code"] = "XD", ["value"] = c.Income },
                ["lendingType"] = new JsonObject { ["id"] = "LNX", ["iso2code"] = "XX", ["value"] = "Not classified" },
                ["capitalCity"] = "", ["longitude"] = "", ["latitude"] = "",
            });
        }
        return new JsonArray(paging, array).ToJsonString();
    }

    /// <summary>
    /// WDI series from the copy in shared/data (latest value and its year per economy). Each economy also
    /// gets an older, different value and empty years, so the importer must pick the latest non-empty one;
    /// and aggregates (World, an aggregate without an ISO code) that it must skip.
    /// </summary>
    public static Dictionary<string, List<(string, string, int, double?)>> WdiFromSharedCopy(string csvPath, int fromYear, int toYear)
    {
        var columns = new Dictionary<string, (string Value, string Year)>
        {
            ["GB.XPD.RSDV.GD.ZS"] = ("rd_expenditure_pct_gdp", "rd_expenditure_year"),
            ["SP.POP.SCIE.RD.P6"] = ("researchers_per_million", "researchers_year"),
            ["NY.GDP.PCAP.CD"] = ("gdp_per_capita_current_usd", "gdp_per_capita_year"),
            ["SP.POP.TOTL"] = ("population", "population_year"),
        };
        var rows = CsvTable.Read(csvPath);
        var series = new Dictionary<string, List<(string, string, int, double?)>>();
        foreach (var (code, (valueColumn, yearColumn)) in columns)
        {
            var list = new List<(string, string, int, double?)>();
            foreach (var aggregate in new[] { ("WLD", "World"), ("", "Africa Western and Central (no ISO code)") })
            {
                for (int y = toYear; y >= fromYear; y--)
                {
                    list.Add((aggregate.Item1, aggregate.Item2, y, 1234.5));
                }
            }
            foreach (var r in rows)
            {
                double? value = Parse(r[valueColumn]);
                int year = value is null ? 0 : int.Parse(r[yearColumn], CultureInfo.InvariantCulture);
                for (int y = toYear; y >= fromYear; y--)
                {
                    double? v = y == year ? value : y == year - 1 ? value * 0.5 : null;
                    list.Add((r["iso3"], r["country"], y, v));
                }
            }
            series[code] = list;
        }
        return series;
    }

    /// <summary>The World Bank country list from the copy in shared/data (FY2025 classification), with aggregates and a non-ISO code.</summary>
    public static List<(string, string, string, string, string, string)> WorldBankCountriesFromSharedCopy(string csvPath)
    {
        var regions = new Dictionary<string, string>
        {
            ["East Asia & Pacific"] = "EAS", ["Europe & Central Asia"] = "ECS", ["Latin America & Caribbean"] = "LCN",
            ["Middle East & North Africa"] = "MEA", ["North America"] = "NAC", ["South Asia"] = "SAS", ["Sub-Saharan Africa"] = "SSF",
        };
        var incomes = new Dictionary<string, string>
        {
            ["High income"] = "HIC", ["Upper middle income"] = "UMC", ["Lower middle income"] = "LMC", ["Low income"] = "LIC", [""] = "INX",
        };
        var list = new List<(string, string, string, string, string, string)>
        {
            ("AFE", "Africa Eastern and Southern", "NA", "Aggregates", "NA", "Aggregates"),
            ("WLD", "World", "NA", "Aggregates", "NA", "Aggregates"),
        };
        // The classification lists CHI (Channel Islands), which is no ISO alpha-3 code: the importer must leave it out.
        foreach (var r in CsvTable.Read(csvPath))
        {
            string income = r["income_group_fy2025"];
            list.Add((r["iso3"], r["country"], regions[r["wb_region"]], r["wb_region"], incomes[income], income.Length == 0 ? "Not classified" : income));
        }
        return [.. list.OrderBy(c => c.Item1, StringComparer.Ordinal)];
    }

    public static double? Parse(string cell) =>
        cell.Length == 0 ? null : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
}
