using System.Globalization;
using System.Net;
using System.Text.Json;
using nietras.SeparatedValues;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>
/// A CSV answer is opened in spreadsheets, and text the client sent comes back in it (a country that is not a
/// code, the error naming it): no cell may start a formula (OWASP "CSV injection": a leading <c>= + - @</c>,
/// tab or carriage return gets a <c>'</c> in front), while the numbers the service writes stay numbers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CsvFormulaInjectionTests(ApiHost host)
{
    public static readonly string[] Payloads =
    [
        "=cmd|'/C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1,2", "-RUS", "+RUS",
    ];

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/x-ndjson")]
    [InlineData("application/json")]
    public async Task ScoreBatch_CsvAnswer_NeutralisesEchoedFormulasAndKeepsNumbersNumeric(string requestFormat)
    {
        var body = requestFormat switch
        {
            "text/csv" => "country,innovation,implementation,investment,computeAccess\n"
                + string.Concat(Payloads.Select(p => Quote(p) + ",18.5,33,9,6\n")) + "RUS,18.5,33,9,6\n",
            "application/x-ndjson" => string.Concat(Payloads.Append("RUS").Select(p => Item(p) + "\n")),
            _ => """{"items":[""" + string.Join(",", Payloads.Append("RUS").Select(Item)) + "]}",
        };

        var response = await host.CreateClient().PostBatchAsync(body, requestFormat, accept: "text/csv");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        var header = reader.Header.ColNames.ToList();
        int rows = 0;
        foreach (var row in reader)
        {
            for (int c = 0; c < header.Count; c++)
            {
                var cell = row[c].ToString();
                bool number = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                Assert.False(!number && cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r',
                    $"row {rows + 1}, column {header[c]} starts a formula: {cell}");
            }
            string country = row["country"].ToString();
            if (rows < Payloads.Length)
            {
                // The echoed text is kept, behind the apostrophe, so the client can still see what it sent.
                Assert.Equal("'" + Payloads[rows], country);
                Assert.NotEmpty(row["error"].ToString());
            }
            else
            {
                Assert.Equal("RUS", country);
                Assert.True(double.TryParse(row["score"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            }
            rows++;
        }
        Assert.Equal(Payloads.Length + 1, rows);
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Item(string country) =>
        "{\"country\":" + JsonSerializer.Serialize(country) + ""","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}""";
}
