namespace ReadinessApi.Batch;

/// <summary>
/// What <c>rank=batch</c> keeps of each row until the whole batch is read: the country id, the year, the
/// raw score, the coverage and the pillar values (2 + 2 + 8 + 8 + 8 per pillar bytes), in column chunks
/// of 64 Ki rows so that growing never copies; an error row also keeps its problem.
/// </summary>
internal sealed class BatchRowStore(int pillarCount)
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly List<Chunk> _chunks = [];
    private Dictionary<int, BatchRowError>? _errors;
    private Dictionary<int, string>? _countryTexts;

    public int Count { get; private set; }
    public int PillarCount => pillarCount;

    public void Add(BatchItem item, double raw, double coverage, ReadOnlySpan<double> pillars)
    {
        int i = Count++;
        if ((i & ChunkMask) == 0)
        {
            _chunks.Add(new Chunk(pillarCount));
        }
        var chunk = _chunks[i >> ChunkBits];
        int k = i & ChunkMask;
        chunk.Country[k] = item.CountryId;
        chunk.Year[k] = item.Year;
        chunk.Raw[k] = raw;
        chunk.Coverage[k] = coverage;
        pillars.CopyTo(chunk.Pillars.AsSpan(k * pillarCount, pillarCount));
        if (item.Error is { } error)
        {
            (_errors ??= [])[i] = error;
            if (item.CountryText is { } text)
            {
                (_countryTexts ??= [])[i] = text;
            }
        }
    }

    public ushort CountryId(int i) => _chunks[i >> ChunkBits].Country[i & ChunkMask];
    public short Year(int i) => _chunks[i >> ChunkBits].Year[i & ChunkMask];
    public double Raw(int i) => _chunks[i >> ChunkBits].Raw[i & ChunkMask];
    public double Coverage(int i) => _chunks[i >> ChunkBits].Coverage[i & ChunkMask];

    public ReadOnlySpan<double> Pillars(int i) =>
        _chunks[i >> ChunkBits].Pillars.AsSpan((i & ChunkMask) * pillarCount, pillarCount);

    public BatchRowError? Error(int i) => _errors is { } errors && errors.TryGetValue(i, out var e) ? e : null;

    public string? CountryText(int i) => _countryTexts is { } texts && texts.TryGetValue(i, out var t) ? t : null;

    private sealed class Chunk(int pillarCount)
    {
        public readonly ushort[] Country = new ushort[ChunkSize];
        public readonly short[] Year = new short[ChunkSize];
        public readonly double[] Raw = new double[ChunkSize];
        public readonly double[] Coverage = new double[ChunkSize];
        public readonly double[] Pillars = new double[ChunkSize * pillarCount];
    }
}
