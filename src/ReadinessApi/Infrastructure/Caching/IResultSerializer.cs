using System.Buffers;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// A compact payload for one result type, for results that JSON would make dearer to read from Redis
/// than to compute again. Register it as a singleton (<c>IResultSerializer&lt;T&gt;</c>); without one,
/// <see cref="ResultCache"/> stores JSON. Change the result's cache key version when the format changes.
/// </summary>
public interface IResultSerializer<T>
{
    void Write(T value, IBufferWriter<byte> output);

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="FormatException"/> on anything else.</summary>
    T Read(ReadOnlySpan<byte> payload);
}
