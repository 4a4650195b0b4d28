extern alias service;

using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using service::ReadinessApi.Cohorts;
using service::ReadinessApi.Infrastructure.Caching;
using service::ReadinessApi.Infrastructure.Json;
using service::ReadinessApi.Infrastructure.Telemetry;
using service::ReadinessApi.Scores;
using StackExchange.Redis;

namespace ReadinessApi.Benchmarks;

/// <summary>
/// Is a result cheaper to fetch than to compute? One run, the same Redis (REDIS_CONNECTION; bench/cache.sh
/// starts one), each request's server-side work up to the response bytes:
/// <list type="bullet">
/// <item>a cohort ranking (174 members, the IMF table's shape) as a miss (Redis GET finds nothing, compute, SET),
/// a hit from Redis (GET, decode) and a hit from this instance's memory, each then written as the response
/// JSON; the bare computation is the baseline; decoding the stored payload alone, and decoding the same
/// ranking from JSON (what the compact encoding saves);</item>
/// <item>a single score (readiness-v1, its ten sub-pillars): computed (bind, score, explain, JSON) against
/// fetched (the key over the canonical request, Redis GET of the response bytes).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private static readonly JsonSerializerOptions ResponseJson = CreateResponseJson();

    private ServiceProvider _services = null!;
    private ResultCache _viaRedis = null!;
    private ResultCache _viaMemory = null!;
    private ConnectionMultiplexer _redis = null!;
    private IDatabase _db = null!;
    private Methodology _imf = null!;
    private Cohort _cohort = null!;
    private CacheKey _hitKey = null!;
    private long _missCounter;
    private byte[] _payload = null!;
    private byte[] _plainPayload = null!;
    private ResultCache _plain = null!;

    private Methodology _readiness = null!;
    private Dictionary<string, double> _inputs = null!;
    private string _scoreKey = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var connection = Environment.GetEnvironmentVariable("REDIS_CONNECTION") is { Length: > 0 } c ? c
            : throw new InvalidOperationException("Set REDIS_CONNECTION (bench/cache.sh starts a redis-server and sets it).");
        _services = new ServiceCollection().AddMetrics()
            .AddSingleton<IResultSerializer<CohortRanking>, CohortRankingSerializer>()
            .BuildServiceProvider();
        var telemetry = new ReadinessTelemetry(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var metrics = new CacheMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connection }).Build();
        ResultCache Cache(TimeSpan localTtl)
        {
            // A generous Redis timeout: this measures fetching, not giving up on a machine shared with other work.
            var options = Options.Create(new CacheOptions { LocalTtl = localTtl, RedisTimeout = TimeSpan.FromSeconds(2) });
            // A miss writes a new key each time: let them expire quickly so Redis stays small.
            options.Value.Ttls["bench-miss"] = TimeSpan.FromSeconds(2);
            var redis = new RedisConnection(configuration, options, metrics, NullLogger<RedisConnection>.Instance);
            redis.GetMultiplexerAsync().GetAwaiter().GetResult();
            return new ResultCache(redis, options, telemetry, NullLogger<ResultCache>.Instance, services: _services);
        }
        _viaRedis = Cache(TimeSpan.Zero);
        _plain = new ResultCache(new RedisConnection(configuration, Options.Create(new CacheOptions()), metrics, NullLogger<RedisConnection>.Instance),
            Options.Create(new CacheOptions { CompressAboveBytes = int.MaxValue }), telemetry, NullLogger<ResultCache>.Instance);
        _viaMemory = Cache(TimeSpan.FromMinutes(10));
        _redis = await ConnectionMultiplexer.ConnectAsync(connection);
        _db = _redis.GetDatabase();

        _imf = MethodologyCatalog.Embedded["imf-aipi-2023"];
        _cohort = SyntheticImfCohort();
        _hitKey = CohortRankings.KeyOf(_cohort, _imf);
        await _viaRedis.GetOrCreateAsync(_hitKey, _ => ValueTask.FromResult(CohortRanking.Compute(_imf, _cohort)));
        await _viaMemory.GetOrCreateAsync(_hitKey, _ => ValueTask.FromResult(CohortRanking.Compute(_imf, _cohort)));

        _readiness = MethodologyCatalog.Embedded["readiness-v1"];
        _inputs = new()
        {
            ["research"] = 21.4, ["development"] = 17.9, ["talent"] = 30.2, ["infrastructure"] = 55.0, ["operatingEnvironment"] = 48.3,
            ["governmentStrategy"] = 80.1, ["commercial"] = 4.2, ["computeCapacity"] = 12.0, ["acceleratorAccess"] = 5.0, ["cloudAccess"] = 20.0,
        };
        _scoreKey = ScoreKey().RedisKey;
        await _db.StringSetAsync(_scoreKey, ComputeScoreResponse(), TimeSpan.FromHours(1));
        _payload = (byte[])(await _db.StringGetAsync(_hitKey.RedisKey))!;
        _plainPayload = _plain.Serialize(CohortRanking.Compute(_imf, _cohort));
        Console.WriteLine($"// ranking payload in Redis: {(await _db.StringLengthAsync(_hitKey.RedisKey))} bytes (uncompressed {_plainPayload.Length}); response JSON: {RankingResponse(CohortRanking.Compute(_imf, _cohort)).Length} bytes; score response: {ComputeScoreResponse().Length} bytes");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _redis.DisposeAsync();
        await _services.DisposeAsync();
    }

    // ---- A cohort ranking request ---------------------------------------------------------------

    [Benchmark(Baseline = true, Description = "ranking: compute only")]
    public byte[] Ranking_Compute() => RankingResponse(CohortRanking.Compute(_imf, _cohort));

    [Benchmark(Description = "ranking: miss (GET, compute, SET)")]
    public async Task<byte[]> Ranking_Miss()
    {
        var key = CacheKey.For("bench-miss").Add(Interlocked.Increment(ref _missCounter)).Add(Environment.ProcessId);
        var result = await _viaRedis.GetOrCreateAsync(key, _ => ValueTask.FromResult(CohortRanking.Compute(_imf, _cohort)));
        return Expect(result, CacheOutcome.Miss);
    }

    [Benchmark(Description = "ranking: hit from Redis")]
    public async Task<byte[]> Ranking_HitRedis() =>
        Expect(await _viaRedis.GetOrCreateAsync<CohortRanking>(CohortRankings.KeyOf(_cohort, _imf), _ => throw new InvalidOperationException("expected a hit")), CacheOutcome.Hit);

    [Benchmark(Description = "ranking: hit from memory")]
    public async Task<byte[]> Ranking_HitMemory() =>
        Expect(await _viaMemory.GetOrCreateAsync<CohortRanking>(CohortRankings.KeyOf(_cohort, _imf), _ => throw new InvalidOperationException("expected a hit")), CacheOutcome.Hit);

    [Benchmark(Description = "ranking: decode the Redis payload and respond")]
    public byte[] Ranking_Decode() =>
        _viaRedis.TryDeserialize<CohortRanking>(_payload, _hitKey.RedisKey, out var ranking) ? RankingResponse(ranking) : throw new InvalidOperationException();

    [Benchmark(Description = "ranking: decode it from JSON instead and respond")]
    public byte[] Ranking_DecodePlain() =>
        _plain.TryDeserialize<CohortRanking>(_plainPayload, _hitKey.RedisKey, out var ranking) ? RankingResponse(ranking) : throw new InvalidOperationException();

    // ---- A single score -------------------------------------------------------------------------

    [Benchmark(Description = "score: compute (bind, score, explain, JSON)")]
    public byte[] Score_Compute() => ComputeScoreResponse();

    [Benchmark(Description = "score: fetch from Redis (key, GET)")]
    public async Task<byte[]> Score_FetchRedis() => (byte[])(await _db.StringGetAsync(ScoreKey().RedisKey))!;

    private byte[] ComputeScoreResponse() =>
        JsonSerializer.SerializeToUtf8Bytes(ScoreExplainer.ToResponse(Scorer.Score(_readiness, new ScoreRequest("RUS", _inputs).BoundTo(_readiness).Values), "RUS", 2024), ResponseJson);

    /// <summary>What a cached single score would be keyed by: the canonical request and the methodology.</summary>
    private CacheKey ScoreKey() => CacheKey.For("score").Add(_readiness.Hash).Add("RUS").Add(2024).Add(_inputs);

    private static byte[] RankingResponse(CohortRanking ranking) =>
        JsonSerializer.SerializeToUtf8Bytes(ranking.Members.Select(RankingEntry.Of).ToList(), ResponseJson);

    private static byte[] Expect(CacheResult<CohortRanking> result, CacheOutcome outcome) =>
        result.Outcome == outcome ? RankingResponse(result.Value) : throw new InvalidOperationException($"expected {outcome}, got {result.Outcome}");

    /// <summary>174 economies on the IMF's four dimensions (0–0.25), nine of them missing one: deterministic, no published values.</summary>
    private static Cohort SyntheticImfCohort()
    {
        var random = new Random(2023);
        var codes = ReadinessApi.Scoring.Countries.IsoCountries.All.Keys.Order(StringComparer.Ordinal).Take(174).ToList();
        string[] dims = ["digitalInfrastructure", "humanCapital", "innovationIntegration", "regulationEthics"];
        var members = codes.Select((code, i) =>
        {
            double level = random.NextDouble();
            var inputs = new Dictionary<string, double>();
            for (int d = 0; d < dims.Length; d++)
            {
                if (i % 19 == 7 && d == i % 4)
                {
                    continue;
                }
                inputs[dims[d]] = Math.Round(0.25 * Math.Clamp(0.6 * level + 0.4 * random.NextDouble(), 0, 1), 12);
            }
            return new CohortMember(code, ReadinessApi.Scoring.Countries.IsoCountries.NameOf(code)!, inputs);
        });
        return Cohort.Create("bench-imf", members, new CohortMetadata(Methodology: "imf-aipi-2023"));
    }

    private static JsonSerializerOptions CreateResponseJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonExtensions.Configure(options);
        return options;
    }
}
