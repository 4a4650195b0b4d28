using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// The identity of a cached result: a kind (<c>ranking</c>, <c>whatif</c>, <c>sensitivity</c>, ...) and
/// every input the result depends on (methodology hash, cohort hash, the canonical request). The Redis
/// key is <c>readiness:v1:&lt;kind&gt;:&lt;hash&gt;</c>, hash = lower-case hex SHA-256 over the kind and
/// then each part, in order, each written as its UTF-8 byte length (4 bytes, big-endian) followed by
/// its UTF-8 bytes (a null part is the length 0xFFFFFFFF alone). Numbers are written invariantly in
/// round-trip form, so 0.1 and 0.10 are the same part and no two different inputs share a key.
/// </summary>
public sealed partial class CacheKey
{
    public const string Prefix = "readiness:v1:";

    private readonly ArrayBufferWriter<byte> _bytes = new(256);
    private string? _value;

    private CacheKey(string kind)
    {
        Kind = kind;
        Write(kind);
    }

    public string Kind { get; }

    /// <summary>Starts a key for results of <paramref name="kind"/> (lower-case letters, digits and hyphens).</summary>
    public static CacheKey For(string kind) =>
        KindPattern().IsMatch(kind) ? new CacheKey(kind) : throw new ArgumentException($"Cache kind '{kind}' must be lower-case letters, digits and hyphens.", nameof(kind));

    public CacheKey Add(string? part)
    {
        Write(part);
        return this;
    }

    public CacheKey Add(double part) => Add(part.ToString("R", CultureInfo.InvariantCulture));

    public CacheKey Add(long part) => Add(part.ToString(CultureInfo.InvariantCulture));

    public CacheKey Add(bool part) => Add(part ? "true" : "false");

    /// <summary>A map, in ordinal key order (so the order a client wrote it in does not matter): its count, then key, value, key, value...</summary>
    public CacheKey Add(IEnumerable<KeyValuePair<string, double>>? map)
    {
        if (map is null)
        {
            return Add((string?)null);
        }
        var sorted = map.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Add(sorted.Count);
        foreach (var (key, value) in sorted)
        {
            Add(key).Add(value);
        }
        return this;
    }

    /// <summary>A sequence whose order matters (e.g. aggregation rules to try): its count, then each item.</summary>
    public CacheKey Add(IEnumerable<string>? items)
    {
        if (items is null)
        {
            return Add((string?)null);
        }
        var list = items.ToList();
        Add(list.Count);
        foreach (var item in list)
        {
            Add(item);
        }
        return this;
    }

    /// <summary>The hex SHA-256 over the kind and parts; no part can be added after it is read.</summary>
    public string Hash => _value ??= Convert.ToHexStringLower(SHA256.HashData(_bytes.WrittenSpan));

    /// <summary><c>readiness:v1:&lt;kind&gt;:&lt;hash&gt;</c></summary>
    public string RedisKey => $"{Prefix}{Kind}:{Hash}";

    public override string ToString() => RedisKey;

    private void Write(string? part)
    {
        if (_value is not null)
        {
            throw new InvalidOperationException("The key's hash has been read; it can take no more parts.");
        }
        if (part is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_bytes.GetSpan(4), uint.MaxValue);
            _bytes.Advance(4);
            return;
        }
        int count = Encoding.UTF8.GetByteCount(part);
        var span = _bytes.GetSpan(4 + count);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)count);
        Encoding.UTF8.GetBytes(part, span[4..]);
        _bytes.Advance(4 + count);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex KindPattern();
}
