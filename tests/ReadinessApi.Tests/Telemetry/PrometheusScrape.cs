using System.Text.RegularExpressions;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>One sample line of the Prometheus text format: <c>name{label="value",...} number</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A /metrics answer parsed into samples and <c># TYPE</c> declarations.</summary>
public sealed partial class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types, string text)
    {
        Samples = samples;
        Types = types;
        Text = text;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }
    /// <summary>Metric family → counter, gauge, histogram...</summary>
    public IReadOnlyDictionary<string, string> Types { get; }
    public string Text { get; }

    public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet();

    public IEnumerable<PrometheusSample> Of(string name) => Samples.Where(s => s.Name == name);

    public static async Task<PrometheusScrape> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels,
                double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new PrometheusScrape(samples, types, text);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
