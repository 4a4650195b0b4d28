namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>
/// The random stream of one draw: SplitMix64 started at Mix(seed·φ + draw). Every draw has its own stream,
/// so a draw's numbers do not depend on which thread runs it or in what order. Changing this changes every
/// published interval for a given seed: treat it as part of the contract.
/// </summary>
internal struct DrawRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _state;

    public DrawRandom(long seed, int draw)
    {
        _state = Mix(unchecked(((ulong)seed * Golden) + (ulong)draw));
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Mix(_state);
    }

    /// <summary>Uniform on [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on {0, …, count − 1}.</summary>
    public int NextIndex(int count) => Math.Min(count - 1, (int)(NextDouble() * count));

    /// <summary>The SplitMix64 output function (Steele, Lea and Flood 2014).</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
