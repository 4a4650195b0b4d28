namespace ReadinessApi.Tests.Batch;

/// <summary>Small batches with expectations worked out by hand (readiness-v1: pillars 0.3, 0.3, 0.2, 0.2; innovation = research 5 : development 3).</summary>
internal static class BatchSamples
{
    public static readonly string[] Columns = ["innovation", "research", "development", "implementation", "investment", "computeAccess"];

    /// <summary>
    /// 0 RUS: 0.3·18.5 + 0.3·33 + 0.2·9 + 0.2·6 = 18.45 (nascent).
    /// 1 GBR: innovation (5·40 + 3·45.5)/8 = 42.0625; 0.3·42.0625 + 0.3·55.2 + 0.2·38.1 + 0.2·71 = 50.99875 (advanced).
    /// 2 XXX: not a country. 3 CHN: no compute access, coverage 0.8: (0.3·71.4 + 0.3·52 + 0.2·61)/0.8 = 61.525 (advanced).
    /// 4 USA: innovation 150 is off the 0–100 scale. 5 FRA: innovation alone covers 0.3 &lt; 0.66 (422).
    /// Ranked within the batch: CHN 1, GBR 2, RUS 3.
    /// </summary>
    public static BatchBody Mixed { get; } = new(Columns,
    [
        ("RUS", 2024, new() { ["innovation"] = 18.5, ["implementation"] = 33, ["investment"] = 9, ["computeAccess"] = 6 }),
        ("GBR", 2023, new() { ["research"] = 40, ["development"] = 45.5, ["implementation"] = 55.2, ["investment"] = 38.1, ["computeAccess"] = 71 }),
        ("XXX", 2024, new() { ["innovation"] = 10, ["implementation"] = 10, ["investment"] = 10, ["computeAccess"] = 10 }),
        ("CHN", null, new() { ["innovation"] = 71.4, ["implementation"] = 52, ["investment"] = 61 }),
        ("USA", 2024, new() { ["innovation"] = 150, ["implementation"] = 50, ["investment"] = 50, ["computeAccess"] = 50 }),
        ("FRA", 2024, new() { ["innovation"] = 10 }),
    ]);

    public static void AssertMixed(IReadOnlyList<BatchRow> rows, bool ranked, string format)
    {
        Assert.Equal(6, rows.Count);
        Assert.Equal(["RUS", "GBR", "XXX", "CHN", "USA", "FRA"], rows.Select(r => r.Country));
        Assert.Equal([2024, 2023, 2024, null, 2024, 2024], rows.Select(r => r.Year));

        Assert.Equal(18.45, rows[0].Score!.Value, 9);
        Assert.Equal("nascent", rows[0].Tier);
        Assert.Equal(1.0, rows[0].Coverage);
        Assert.Equal(new Dictionary<string, double> { ["innovation"] = 18.5, ["implementation"] = 33, ["investment"] = 9, ["computeAccess"] = 6 }, rows[0].Pillars);

        Assert.Equal(50.99875, rows[1].Score!.Value, 9);
        Assert.Equal("advanced", rows[1].Tier);
        Assert.Equal(42.0625, rows[1].Pillars["innovation"], 9);

        Assert.Null(rows[2].Score);
        Assert.Contains("'XXX' is not an ISO 3166-1 alpha-3 country code", rows[2].Error);

        Assert.Equal(61.525, rows[3].Score!.Value, 9);
        Assert.Equal(0.8, rows[3].Coverage!.Value, 12);
        Assert.False(rows[3].Pillars.ContainsKey("computeAccess"));

        Assert.Null(rows[4].Score);
        Assert.Contains("150 is outside the scale of 'innovation' [0, 100]", rows[4].Error);

        Assert.Null(rows[5].Score);
        Assert.Equal(0.3, rows[5].Coverage!.Value, 12);
        Assert.Contains("cover 30% of 'readiness-v1'", rows[5].Error);

        var expectedRanks = ranked ? new int?[] { 3, 2, null, 1, null, null } : new int?[6];
        Assert.Equal(expectedRanks, rows.Select(r => r.Rank));
        // Error fields: CSV names line:column, JSON the path from the body, NDJSON the path within the line.
        var field = format switch
        {
            BatchHttp.Csv => "4:1",
            BatchHttp.Ndjson => "country",
            _ => "items[2].country",
        };
        Assert.StartsWith(field + ": ", rows[2].Error);
    }
}
