using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReadinessApi.Infrastructure.Caching;

namespace ReadinessApi.Tests.Caching;

/// <summary>
/// Two different requests must never share a cache key (one would be answered with the other's result), and
/// two equal ones must share it (or the cache never hits). Checked over generated canonical requests: the
/// parts the services key on (methodology hash, cohort content hash, inputs, weights, draws, seed,
/// aggregations), with map order irrelevant and every value relevant.
/// </summary>
public sealed class CacheKeyTests
{
    private const int Cases = 2000;

    /// <summary>What a cached operation's result depends on, in the shape the services hand to <see cref="CacheKey"/>.</summary>
    public sealed record CanonicalRequest(
        string Kind, string MethodologyHash, string? CohortHash, KeyValuePair<string, double>[] Inputs,
        KeyValuePair<string, double>[]? Weights, long Draws, double WeightNoise, string[] Aggregations, long Seed);

    private static CacheKey KeyOf(CanonicalRequest r) => CacheKey.For(r.Kind)
        .Add(r.MethodologyHash).Add(r.CohortHash).Add(r.Inputs).Add(r.Weights)
        .Add(r.Draws).Add(r.WeightNoise).Add(r.Aggregations).Add(r.Seed);

    /// <summary>Small alphabets on purpose, so generated requests often differ in one part only and strings often run into each other.</summary>
    private static readonly Gen<string> Text = Gen.Elements("", "a", "b", "ab", "c", "bc", "abc", "\0", "é", "e\u0301", "1", "k:v", "ÿ");

    private static readonly Gen<double> Numbers = Gen.Elements(0.0, -0.0, 0.1, 0.10000000000000002, 1.0, 1e-300, 1e300, -5.5, 100.0, double.Epsilon);

    private static readonly Gen<KeyValuePair<string, double>[]> Maps =
        Gen.ArrayOf(Gen.Zip(Gen.Elements("innovation", "investment", "talent", "a", "ab", "b"), Numbers).Select(t => KeyValuePair.Create(t.Item1, t.Item2)))
            .Select(pairs => pairs.DistinctBy(p => p.Key).ToArray());

    private static readonly Gen<CanonicalRequest> Requests =
        from kind in Gen.Elements("sensitivity", "ranking", "whatif")
        from methodology in Text
        from cohort in Gen.OneOf(Text.Select(t => (string?)t), Gen.Constant<string?>(null))
        from inputs in Maps
        from weights in Gen.OneOf(Maps.Select(m => (KeyValuePair<string, double>[]?)m), Gen.Constant<KeyValuePair<string, double>[]?>(null))
        from draws in Gen.Elements(0L, 1L, 10L, 1000L, 10000L)
        from noise in Numbers
        from aggregations in Gen.ArrayOf(Gen.Elements("arithmetic", "geometric", "a", "rithmetic"))
        from seed in Gen.Elements(0L, 1L, 42L, -1L, long.MaxValue)
        select new CanonicalRequest(kind, methodology, cohort, inputs, weights, draws, noise, aggregations, seed);

    /// <summary>Structural equality of two canonical requests, maps compared as sets of pairs (order irrelevant) and doubles by bits.</summary>
    private static bool SameRequest(CanonicalRequest a, CanonicalRequest b) =>
        a.Kind == b.Kind && a.MethodologyHash == b.MethodologyHash && a.CohortHash == b.CohortHash
        && SameMap(a.Inputs, b.Inputs) && (a.Weights is null ? b.Weights is null : b.Weights is not null && SameMap(a.Weights, b.Weights))
        && a.Draws == b.Draws && Same(a.WeightNoise, b.WeightNoise) && a.Aggregations.SequenceEqual(b.Aggregations) && a.Seed == b.Seed;

    private static bool SameMap(KeyValuePair<string, double>[] a, KeyValuePair<string, double>[] b) =>
        a.Length == b.Length && a.All(p => b.Any(q => q.Key == p.Key && Same(q.Value, p.Value)));

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    [Property(MaxTest = Cases)]
    public Property CacheKey_DistinctRequests_NeverShareAKey_EqualOnesAlwaysDo() =>
        Prop.ForAll(Gen.Zip(Requests, Requests).ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            return SameRequest(a, b) == (KeyOf(a).RedisKey == KeyOf(b).RedisKey);
        });

    [Property(MaxTest = Cases)]
    public Property CacheKey_MapOrder_DoesNotMatter() =>
        Prop.ForAll(Gen.Zip(Requests, Gen.Choose(0, int.MaxValue)).ToArbitrary(), t =>
        {
            var (r, seed) = t;
            var random = new Random(seed);
            var shuffled = r with { Inputs = [.. r.Inputs.OrderBy(_ => random.Next())], Weights = r.Weights?.OrderBy(_ => random.Next()).ToArray() };
            return KeyOf(r).RedisKey == KeyOf(shuffled).RedisKey;
        });

    [Property(MaxTest = Cases)]
    public Property CacheKey_OneValueChanged_ChangesTheKey() =>
        Prop.ForAll(Gen.Zip(Requests.Where(r => r.Inputs.Length > 0), Numbers).ToArbitrary(), t =>
        {
            var (r, value) = t;
            var changed = r with { Inputs = [KeyValuePair.Create(r.Inputs[0].Key, value), .. r.Inputs[1..]] };
            return Same(value, r.Inputs[0].Value) || KeyOf(r).RedisKey != KeyOf(changed).RedisKey;
        });

    /// <summary>Any split of the same characters into parts is a different key: lengths frame every part.</summary>
    [Property(MaxTest = Cases)]
    public Property CacheKey_PartBoundaries_CannotBeConfused() =>
        Prop.ForAll(Gen.Zip(Gen.ArrayOf(Text), Gen.ArrayOf(Text)).ToArbitrary(), t =>
        {
            var (a, b) = t;
            var keyA = a.Aggregate(CacheKey.For("parts"), (k, p) => k.Add(p)).RedisKey;
            var keyB = b.Aggregate(CacheKey.For("parts"), (k, p) => k.Add(p)).RedisKey;
            return a.SequenceEqual(b) == (keyA == keyB);
        });

    [Theory]
    [InlineData("ab", "c", "a", "bc")]
    [InlineData("", "abc", "abc", "")]
    [InlineData("a\0", "b", "a", "\0b")]
    public void CacheKey_SameCharactersSplitDifferently_Differ(string a1, string a2, string b1, string b2) =>
        Assert.NotEqual(CacheKey.For("parts").Add(a1).Add(a2).RedisKey, CacheKey.For("parts").Add(b1).Add(b2).RedisKey);

    [Fact]
    public void CacheKey_NullEmptyAndAbsent_AreThreeKeys()
    {
        string[] keys =
        [
            CacheKey.For("k").Add((string?)null).RedisKey,
            CacheKey.For("k").Add("").RedisKey,
            CacheKey.For("k").RedisKey,
            CacheKey.For("k").Add((IEnumerable<KeyValuePair<string, double>>?)null).RedisKey,
            CacheKey.For("k").Add(Array.Empty<KeyValuePair<string, double>>()).RedisKey,
        ];
        // A null map is a null part; an empty map is the count 0: neither is the empty string or nothing at all.
        Assert.Equal(keys[0], keys[3]);
        Assert.Equal(4, keys.Distinct().Count());
    }

    [Fact]
    public void CacheKey_Shape_IsPrefixKindAndLowerHexSha256()
    {
        var key = CacheKey.For("sensitivity").Add("m").RedisKey;
        Assert.Matches("^readiness:v1:sensitivity:[0-9a-f]{64}$", key);
    }
}
