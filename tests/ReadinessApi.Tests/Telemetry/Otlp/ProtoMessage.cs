using System.Buffers.Binary;
using System.Text;

namespace ReadinessApi.Tests.Telemetry.Otlp;

/// <summary>
/// A minimal protocol-buffers reader: one message's fields by number, decoded from the wire format
/// (varint, 64-bit, length-delimited, 32-bit). It knows no schema; <see cref="OtlpDecoder"/> names the
/// fields. Hand-written rather than generated (Google.Protobuf + Grpc.Tools) because the OTLP .proto
/// files are not in the repository and the assertions need a few dozen fields; being independent of the
/// exporter's own serializer is the point: it proves the bytes on the wire are valid OTLP.
/// </summary>
public sealed class ProtoMessage
{
    private readonly List<(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Bytes)> _fields = [];

    public ProtoMessage(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            var key = ReadVarint(span, ref pos);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            if (number == 0)
            {
                throw new FormatException($"Field number 0 at byte {pos}.");
            }
            switch (wireType)
            {
                case 0:
                    _fields.Add((number, wireType, ReadVarint(span, ref pos), default));
                    break;
                case 1:
                    Need(span, pos, 8);
                    _fields.Add((number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]), default));
                    pos += 8;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(span, ref pos));
                    Need(span, pos, length);
                    _fields.Add((number, wireType, 0, data.Slice(pos, length)));
                    pos += length;
                    break;
                case 5:
                    Need(span, pos, 4);
                    _fields.Add((number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]), default));
                    pos += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported wire type {wireType} for field {number} at byte {pos}.");
            }
        }
    }

    public bool Has(int number) => _fields.Exists(f => f.Number == number);

    public IEnumerable<ProtoMessage> Messages(int number) =>
        _fields.Where(f => f.Number == number && f.WireType == 2).Select(f => new ProtoMessage(f.Bytes));

    public ProtoMessage? Message(int number) => Messages(number).FirstOrDefault();

    public string? String(int number) =>
        _fields.Where(f => f.Number == number && f.WireType == 2).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault();

    public byte[]? Bytes(int number) =>
        _fields.Where(f => f.Number == number && f.WireType == 2).Select(f => f.Bytes.ToArray()).FirstOrDefault();

    /// <summary>A varint, fixed64 or fixed32 field's raw value (proto3 default 0 when absent).</summary>
    public ulong Scalar(int number) =>
        _fields.Where(f => f.Number == number && f.WireType != 2).Select(f => f.Scalar).FirstOrDefault();

    public double Double(int number) => BitConverter.UInt64BitsToDouble(Scalar(number));

    /// <summary>The hex of a bytes field (trace and span ids), empty when absent.</summary>
    public string Hex(int number) => Convert.ToHexStringLower(Bytes(number) ?? []);

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Need(span, pos, 1);
            var b = span[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("Varint longer than 10 bytes.");
    }

    private static void Need(ReadOnlySpan<byte> span, int pos, int count)
    {
        if (count < 0 || pos + count > span.Length)
        {
            throw new FormatException($"Truncated message: {count} bytes needed at {pos} of {span.Length}.");
        }
    }
}
