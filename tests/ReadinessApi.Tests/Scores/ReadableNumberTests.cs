using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Scores;

/// <summary>
/// Every number the service writes is rounded to 12 significant digits in its shortest form: the rule's own
/// cases, the fast path held to .NET's "G12" byte for byte, and answers of every format read back with no
/// number longer than 12 significant digits.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReadableNumberTests(ApiHost host)
{
    [Theory]
    [InlineData(38.50000000000001, "38.5")]
    [InlineData(1.2000000000000002, "1.2")]
    [InlineData(50.650000000000006, "50.65")]
    [InlineData(-2.075000000000003, "-2.075")]
    [InlineData(0.04399999999999993, "0.044")]
    [InlineData(1.1999999999999993, "1.2")]
    [InlineData(0.7212121212121212, "0.721212121212")]
    [InlineData(18.45, "18.45")]
    [InlineData(100.0, "100")]
    [InlineData(0.0, "0")]
    [InlineData(1e-9, "1E-09")]
    [InlineData(123456789012345.0, "1.23456789012E+14")]
    public void Write_TheIssuesNumbers_ReadAsPeopleWriteThem(double value, string expected)
    {
        Span<byte> text = stackalloc byte[ReadableNumber.MaxLength];
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..ReadableNumber.Write(value, text)]));
    }

    /// <summary>Doubles of every magnitude, every bit pattern, and values a hair either side of a 12-digit tie.</summary>
    private static readonly Gen<double> Doubles = Gen.OneOf(
        from mantissa in Gen.Choose(-1_000_000, 1_000_000)
        from exponent in Gen.Choose(-8, 13)
        select mantissa / 1e6 * Math.Pow(10, exponent),
        ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite),
        from high in Gen.Choose(100_000, 999_999)
        from low in Gen.Choose(0, 999_999)
        from k in Gen.Choose(0, 16)
        from ulps in Gen.Choose(-2, 2)
        select BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits((high * 1e6 + low + 0.5) / Math.Pow(10, k)) + ulps));

    [Fact]
    public void Write_AnyDouble_IsDotNetsG12ByteForByte()
    {
        Span<byte> expected = stackalloc byte[ReadableNumber.MaxLength];
        Span<byte> actual = stackalloc byte[ReadableNumber.MaxLength];
        foreach (var x in Doubles.Sample(200_000, 20))
        {
            x.TryFormat(expected, out int n, "G12", CultureInfo.InvariantCulture);
            int m = ReadableNumber.Write(x, actual);
            if (!expected[..n].SequenceEqual(actual[..m]))
            {
                Assert.Fail($"{x:R}: G12 writes {Encoding.ASCII.GetString(expected[..n])}, the service {Encoding.ASCII.GetString(actual[..m])}");
            }
        }
    }

    [Fact]
    public async Task Answers_OfEveryKind_HaveNoNumberLongerThan12SignificantDigits()
    {
        var client = host.CreateClient();
        var answers = new List<string>
        {
            await client.GetStringAsync("/v1/cohorts/test-pillars/ranking"),
            await client.GetStringAsync("/v1/methodologies/gaii-2021"),
            await Post(client, "/v1/scores", "application/json", """{"country":"RUS","cohort":"test-pillars","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}}"""),
            await Post(client, "/v1/scores/compare", "application/json", """{"baseline":{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},"scenarios":[{"name":"w","weights":{"computeAccess":0.4}}]}"""),
            await Post(client, "/v1/sensitivity", "application/json", """{"cohort":"test-pillars","draws":200,"seed":7}"""),
            await Post(client, "/v1/scores/batch?rank=batch", "application/json", """{"items":[{"country":"RUS","inputs":{"innovation":18.5,"implementation":33,"investment":9,"computeAccess":6}},{"country":"GBR","inputs":{"innovation":40.9,"implementation":55.2,"investment":38.1,"computeAccess":71}}]}"""),
        };
        foreach (var answer in answers)
        {
            AssertReadable(answer);
        }
        var ndjson = await Post(client, "/v1/scores/batch", "application/x-ndjson", "{\"country\":\"GBR\",\"inputs\":{\"innovation\":40.9,\"implementation\":55.2,\"investment\":38.1,\"computeAccess\":71}}\n");
        foreach (var line in ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            AssertReadable(line);
        }
        var csv = await Post(client, "/v1/scores/batch?rank=batch", "text/csv", "country,innovation,implementation,investment,computeAccess\nGBR,40.9,55.2,38.1,71\nRUS,18.5,33,9,6\nCHN,,52,61,35\n");
        Assert.Contains("GBR,,50.65,advanced,", csv);
        foreach (var cell in csv.Split(['\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                Assert.True(SignificantDigits(cell) <= 12, $"{cell} in\n{csv}");
            }
        }
    }

    private static async Task<string> Post(HttpClient client, string path, string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static void AssertReadable(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        int numbers = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                var text = Encoding.ASCII.GetString(reader.ValueSpan);
                Assert.True(SignificantDigits(text) <= 12, $"{text} has more than 12 significant digits in\n{json}");
                numbers++;
            }
        }
        Assert.True(numbers > 0, $"no number in {json}");
    }

    /// <summary>The digits of the mantissa between its first and last non-zero ones.</summary>
    private static int SignificantDigits(string number)
    {
        var mantissa = number.Split('e', 'E')[0].TrimStart('-', '+');
        return mantissa.Replace(".", "", StringComparison.Ordinal).Trim('0').Length;
    }
}
