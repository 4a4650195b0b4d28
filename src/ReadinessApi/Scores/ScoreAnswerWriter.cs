using System.Numerics;
using System.Text.Json;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Scoring;

namespace ReadinessApi.Scores;

/// <summary>
/// Writes the score and compare answers as the configured serializer would (camelCase, nulls omitted,
/// numbers by <see cref="ReadableNumber"/>), without its per-property machinery: see
/// <see cref="GeneratedJson{T}"/> for why, <c>GeneratedJsonTests</c> for the check that keeps the two equal.
/// </summary>
public static class ScoreAnswerWriter
{
    public static void Write(Utf8JsonWriter json, ScoreResponse score)
    {
        json.WriteStartObject();
        WriteMembers(json, score);
        json.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter json, CompareResponse compare)
    {
        json.WriteStartObject();
        json.WritePropertyName(Names.Baseline);
        Write(json, compare.Baseline);
        json.WriteStartArray(Names.Scenarios);
        foreach (var scenario in compare.Scenarios)
        {
            json.WriteStartObject();
            json.WriteString(Names.Name, scenario.Name);
            json.WritePropertyName(Names.Result);
            Write(json, scenario.Result);
            ReadableNumber.Write(json, Names.ScoreDelta, scenario.ScoreDelta);
            json.WriteBoolean(Names.TierChanged, scenario.TierChanged);
            if (scenario.RankDelta is { } rankDelta)
            {
                json.WriteNumber(Names.RankDelta, rankDelta);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter json, ScoreResponse s)
    {
        json.WriteString(Names.Country, s.Country);
        if (s.Year is { } year)
        {
            json.WriteNumber(Names.Year, year);
        }
        json.WriteStartObject(Names.Methodology);
        json.WriteString(Names.Id, s.Methodology.Id);
        json.WriteString(Names.Version, s.Methodology.Version);
        json.WriteString(Names.Hash, s.Methodology.Hash);
        json.WriteEndObject();
        ReadableNumber.Write(json, Names.Score, s.Score);
        WriteIfSet(json, Names.Tier, s.Tier);
        ReadableNumber.Write(json, Names.Coverage, s.Coverage);
        WriteStrings(json, Names.Missing, s.Missing);
        WriteNodes(json, Names.Pillars, s.Pillars);
        json.WriteStartObject(Names.Contributions);
        foreach (var (id, contribution) in s.Contributions)
        {
            json.WritePropertyName(id);
            ReadableNumber.Write(json, contribution);
        }
        json.WriteEndObject();
        WriteIfSet(json, Names.Bottleneck, s.Bottleneck);
        WriteIfSet(json, Names.NextTier, s.NextTier);
        WriteIfSet(json, Names.PointsToNextTier, s.PointsToNextTier);
        json.WriteBoolean(Names.Rescaled, s.Rescaled);
        WriteStrings(json, Names.Notes, s.Notes);
        WriteIfSet(json, Names.Cohort, s.Cohort);
        WriteIfSet(json, Names.Rank, s.Rank);
        WriteIfSet(json, Names.CohortSize, s.CohortSize);
        WriteIfSet(json, Names.Percentile, s.Percentile);
        WriteIfSet(json, Names.Group, s.Group);
        WriteIfSet(json, Names.GroupSize, s.GroupSize);
    }

    private static void WriteNodes(Utf8JsonWriter json, JsonEncodedText name, IReadOnlyList<NodeExplanation> nodes)
    {
        json.WriteStartArray(name);
        foreach (var n in nodes)
        {
            json.WriteStartObject();
            json.WriteString(Names.Id, n.Id);
            json.WriteString(Names.Name, n.Name);
            WriteIfSet(json, Names.Value, n.Value);
            WriteIfSet(json, Names.Normalized, n.Normalized);
            ReadableNumber.Write(json, Names.Weight, n.Weight);
            ReadableNumber.Write(json, Names.EffectiveWeight, n.EffectiveWeight);
            ReadableNumber.Write(json, Names.Contribution, n.Contribution);
            ReadableNumber.Write(json, Names.Coverage, n.Coverage);
            json.WriteStartArray(Names.Flags);
            foreach (var flag in n.Flags)
            {
                json.WriteStringValue(FlagNames[FlagIndex(flag)]);
            }
            json.WriteEndArray();
            if (n.Children is { } children)
            {
                WriteNodes(json, Names.Children, children);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, JsonEncodedText name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, JsonEncodedText name, int? value)
    {
        if (value is { } x)
        {
            json.WriteNumber(name, x);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, JsonEncodedText name, double? value)
    {
        if (value is { } x)
        {
            ReadableNumber.Write(json, name, x);
        }
    }

    // The single flags' JSON names from the enum's own attributes, indexed by bit position.
    private static readonly JsonEncodedText[] FlagNames =
        [.. Enumerable.Range(0, BitOperations.Log2((uint)Enum.GetValues<NodeFlags>().Max()) + 1)
            .Select(bit => JsonEncodedText.Encode(JsonSerializer.Serialize((NodeFlags)(1 << bit)).Trim('"')))];

    private static int FlagIndex(NodeFlags flag) => BitOperations.Log2((uint)flag);

    private static class Names
    {
        public static readonly JsonEncodedText Baseline = JsonEncodedText.Encode("baseline");
        public static readonly JsonEncodedText Scenarios = JsonEncodedText.Encode("scenarios");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Result = JsonEncodedText.Encode("result");
        public static readonly JsonEncodedText ScoreDelta = JsonEncodedText.Encode("scoreDelta");
        public static readonly JsonEncodedText TierChanged = JsonEncodedText.Encode("tierChanged");
        public static readonly JsonEncodedText RankDelta = JsonEncodedText.Encode("rankDelta");
        public static readonly JsonEncodedText Country = JsonEncodedText.Encode("country");
        public static readonly JsonEncodedText Year = JsonEncodedText.Encode("year");
        public static readonly JsonEncodedText Methodology = JsonEncodedText.Encode("methodology");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Hash = JsonEncodedText.Encode("hash");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
        public static readonly JsonEncodedText Tier = JsonEncodedText.Encode("tier");
        public static readonly JsonEncodedText Coverage = JsonEncodedText.Encode("coverage");
        public static readonly JsonEncodedText Missing = JsonEncodedText.Encode("missing");
        public static readonly JsonEncodedText Pillars = JsonEncodedText.Encode("pillars");
        public static readonly JsonEncodedText Contributions = JsonEncodedText.Encode("contributions");
        public static readonly JsonEncodedText Bottleneck = JsonEncodedText.Encode("bottleneck");
        public static readonly JsonEncodedText NextTier = JsonEncodedText.Encode("nextTier");
        public static readonly JsonEncodedText PointsToNextTier = JsonEncodedText.Encode("pointsToNextTier");
        public static readonly JsonEncodedText Rescaled = JsonEncodedText.Encode("rescaled");
        public static readonly JsonEncodedText Notes = JsonEncodedText.Encode("notes");
        public static readonly JsonEncodedText Cohort = JsonEncodedText.Encode("cohort");
        public static readonly JsonEncodedText Rank = JsonEncodedText.Encode("rank");
        public static readonly JsonEncodedText CohortSize = JsonEncodedText.Encode("cohortSize");
        public static readonly JsonEncodedText Percentile = JsonEncodedText.Encode("percentile");
        public static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
        public static readonly JsonEncodedText GroupSize = JsonEncodedText.Encode("groupSize");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Normalized = JsonEncodedText.Encode("normalized");
        public static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
        public static readonly JsonEncodedText EffectiveWeight = JsonEncodedText.Encode("effectiveWeight");
        public static readonly JsonEncodedText Contribution = JsonEncodedText.Encode("contribution");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText Children = JsonEncodedText.Encode("children");
    }
}
