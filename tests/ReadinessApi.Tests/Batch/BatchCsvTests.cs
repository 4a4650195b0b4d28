using System.Globalization;
using System.Net;
using System.Text;
using nietras.SeparatedValues;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>RFC 4180 as data teams' files really are: quotes, embedded separators and line breaks, CRLF, a BOM, empty cells.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchCsvTests(ApiHost host)
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task ScoreBatch_QuotedFieldsWithSeparatorsQuotesAndLineBreaks_AreReadAsRfc4180()
    {
        var csv = "country,year,innovation,implementation,investment,computeAccess\n" +
            "\"RUS\",\"2024\",\"18.5\",33,9,6\n" +           // line 2
            "\"X,Y\nZ\",2024,1,2,3,4\n" +                   // lines 3-4: a country with a comma and a line break
            "GBR,2024,\"40.9\",55.2,38.1,\"71\"\n" +        // line 5
            "\"A\"\"B\",,1,1,1,\"bad\"\n";                  // line 6: an escaped quote; a quoted non-number

        var response = await _client.PostBatchAsync(csv, BatchHttp.Csv);
        var text = await response.Content.ReadAsStringAsync();
        var rows = BatchHttp.FromCsv(text);

        Assert.Equal(4, rows.Count);
        Assert.Equal(18.45, rows[0].Score!.Value, 9);
        Assert.Equal("X,Y\nZ", rows[1].Country);
        Assert.StartsWith("3:1: 'X,Y\nZ' is not an ISO 3166-1 alpha-3 country code", rows[1].Error);
        Assert.Equal(0.3 * 40.9 + 0.3 * 55.2 + 0.2 * 38.1 + 0.2 * 71, rows[2].Score!.Value, 9);
        Assert.Equal("A\"B", rows[3].Country);
        Assert.Contains("6:1: 'A\"B' is not an ISO 3166-1", rows[3].Error);
        Assert.Contains("6:6: 'bad' is not a number.", rows[3].Error);
        Assert.Null(rows[3].Year);
    }

    [Fact]
    public async Task ScoreBatch_UploadedWithPut_AnswersAsThePost()
    {
        // `curl -T countries.csv URL` sends PUT: data teams' one-liner must work, and answer exactly as POST does.
        var csv = BatchSamples.Mixed.Csv();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/v1/scores/batch?rank=batch")
        {
            Content = new StringContent(csv, Encoding.UTF8, BatchHttp.Csv),
        };

        var viaPut = await _client.SendAsync(put);
        var viaPost = await _client.PostBatchAsync(csv, BatchHttp.Csv, query: "?rank=batch");

        Assert.Equal(HttpStatusCode.OK, viaPut.StatusCode);
        Assert.Equal(await viaPost.Content.ReadAsStringAsync(), await viaPut.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ScoreBatch_BomAndCrlf_ReadTheSameAsPlainLf()
    {
        var plain = BatchSamples.Mixed.Csv();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(plain.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();

        var expected = await BatchHttp.ResultsAsync(await _client.PostBatchAsync(plain, BatchHttp.Csv, BatchHttp.Json));
        var actual = await BatchHttp.ResultsAsync(await _client.PostBatchAsync(new ByteArrayContent(bytes), BatchHttp.Csv, BatchHttp.Json));

        Assert.Equal(expected.Select(Key), actual.Select(Key));
        BatchSamples.AssertMixed(actual, ranked: false, BatchHttp.Csv);
    }

    [Fact]
    public async Task ScoreBatch_EmptyCells_AreMissingValuesAndCoverageSaysSo()
    {
        // CHN has no compute access at all (weight 0.2): the other pillars renormalise; coverage 0.8.
        // IND lacks cloud access, one of compute access's three equal parts: computeAccess = (10 + 20)/2 = 15
        // with coverage 2/3 (above the 0.66 minimum), so the score is whole and coverage 0.8 + 0.2·2/3.
        // KOR lacks development (3 of innovation's 8): innovation's coverage 5/8 is below 0.66, so innovation
        // has no value and the rest renormalise: (0.3·30 + 0.2·20 + 0.2·10)/0.7.
        // (A column for a node and columns for its parts may stand side by side; a row gives one or the other.)
        const string csv = "country,innovation,research,development,implementation,investment,computeAccess,computeCapacity,acceleratorAccess,cloudAccess\n" +
            "CHN,71.4,,,52,61,,,,\n" +
            "IND,40,,,30,20,,10,20,\n" +
            "KOR,,40,,30,20,10,,,\n";

        var rows = BatchHttp.FromCsv(await (await _client.PostBatchAsync(csv, BatchHttp.Csv)).Content.ReadAsStringAsync());

        Assert.Equal((0.3 * 71.4 + 0.3 * 52 + 0.2 * 61) / 0.8, rows[0].Score!.Value, 9);
        Assert.Equal(0.8, rows[0].Coverage!.Value, 12);
        Assert.Equal(0.3 * 40 + 0.3 * 30 + 0.2 * 20 + 0.2 * 15, rows[1].Score!.Value, 9);
        Assert.Equal(0.8 + 0.2 * 2 / 3, rows[1].Coverage!.Value, 12);
        Assert.Equal(15, rows[1].Pillars["computeAccess"], 12);
        Assert.Equal((0.3 * 30 + 0.2 * 20 + 0.2 * 10) / 0.7, rows[2].Score!.Value, 9);
        Assert.False(rows[2].Pillars.ContainsKey("innovation"));
    }

    [Fact]
    public async Task ScoreBatch_CsvRowGivingANodeAndItsPart_IsAmbiguous()
    {
        const string csv = "country,computeAccess,cloudAccess,innovation,implementation,investment\nRUS,10,20,1,1,1\nGBR,10,,1,1,1\n";

        var rows = BatchHttp.FromCsv(await (await _client.PostBatchAsync(csv, BatchHttp.Csv)).Content.ReadAsStringAsync());

        Assert.StartsWith("2:3: Both 'computeAccess' and its descendant 'cloudAccess' were given", rows[0].Error);
        Assert.NotNull(rows[1].Score);
    }

    [Fact]
    public async Task ScoreBatch_NoYearColumnNoFinalNewlineSpacesAroundNumbers_AreFine()
    {
        const string csv = "country, innovation ,implementation,investment,computeAccess\r\nRUS, 18.5,33 ,9,6";

        var rows = BatchHttp.FromCsv(await (await _client.PostBatchAsync(csv, BatchHttp.Csv)).Content.ReadAsStringAsync());

        Assert.Single(rows);
        Assert.Equal(18.45, rows[0].Score!.Value, 9);
        Assert.Null(rows[0].Year);
    }

    [Theory]
    [InlineData("=1+2")]
    [InlineData("+SUM(A1:A9)")]
    [InlineData("-2+3")]
    [InlineData("@IMPORT(\"x\")")]
    [InlineData("\t=1")]
    public async Task ScoreBatch_CellsASpreadsheetWouldRun_AreNeutralisedInCsvAnswers(string country)
    {
        var csv = $"country,innovation\n\"{country.Replace("\"", "\"\"", StringComparison.Ordinal)}\",10\n";

        var text = await (await _client.PostBatchAsync(csv, BatchHttp.Csv)).Content.ReadAsStringAsync();
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        Assert.True(reader.MoveNext());
        var row = reader.Current;

        Assert.Equal("'" + country, row["country"].ToString());
        Assert.DoesNotMatch("^[=+\\-@\\t\\r]", row["error"].ToString());
    }

    [Fact]
    public async Task ScoreBatch_CsvErrorCell_IsQuotedWhenItHoldsSeparators()
    {
        var text = await (await _client.PostBatchAsync("country,innovation\nRUS,\"1,5\"\n", BatchHttp.Csv)).Content.ReadAsStringAsync();

        Assert.Contains("\"2:2: '1,5' is not a number.\"", text);
        Assert.EndsWith("\r\n", text);
    }

    [Fact]
    public async Task ScoreBatch_LargeCsvOverTheServerWideBodyLimit_IsStreamedNotRefused()
    {
        // Limits:MaxBodyBytes (256 KiB) is for requests read whole; a batch counts its own bytes (Batch:MaxBytes).
        var csv = new StringBuilder("country,year,innovation,implementation,investment,computeAccess\n");
        for (int i = 0; i < 20_000; i++)
        {
            csv.Append("RUS,2024,").Append((i % 100).ToString(CultureInfo.InvariantCulture)).Append(",33,9,6\n");
        }
        Assert.True(csv.Length > 256 * 1024);

        var response = await _client.PostBatchAsync(csv.ToString(), BatchHttp.Csv, query: "?rank=batch");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20_000, BatchHttp.FromCsv(await response.Content.ReadAsStringAsync()).Count);
    }

    private static (string?, int?, double?, string?, double?, string?) Key(BatchRow r) => (r.Country, r.Year, r.Score, r.Tier, r.Coverage, r.Error);
}
