using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ReadinessApi.Infrastructure.Caching;
using ReadinessApi.Scoring.Cohorts;

namespace ReadinessApi.Cohorts;

/// <summary>
/// Rankings in Redis as compact binary: strings length-prefixed UTF-8, numbers little-endian, NaN for an
/// absent number, 0 for an absent rank. Reading one back costs a fraction of parsing its JSON, which is
/// what makes a Redis hit cheaper than ranking the cohort again.
/// </summary>
public sealed class CohortRankingSerializer : IResultSerializer<CohortRanking>
{
    private const byte Version = 1;

    public void Write(CohortRanking value, IBufferWriter<byte> output)
    {
        var w = new Writer(output);
        w.Byte(Version);
        w.String(value.Cohort);
        w.String(value.CohortHash);
        w.String(value.Methodology);
        w.String(value.MethodologyVersion);
        w.String(value.MethodologyHash);
        w.Int(value.Ranked);
        w.Double(value.ScaleMin ?? double.NaN);
        w.Double(value.ScaleMax ?? double.NaN);
        w.Int(value.Members.Count);
        foreach (var m in value.Members)
        {
            w.String(m.Country);
            w.String(m.Name);
            w.Int(m.Rank ?? 0);
            w.Double(m.Score ?? double.NaN);
            w.String(m.Tier);
            w.Double(m.Coverage);
            w.Double(m.Percentile ?? double.NaN);
            w.Double(m.RawScore ?? double.NaN);
            w.String(m.Unranked);
        }
    }

    public CohortRanking Read(ReadOnlySpan<byte> payload)
    {
        var r = new Reader(payload);
        if (r.Byte() != Version)
        {
            throw new FormatException("Unknown ranking payload version.");
        }
        string cohort = r.String()!, cohortHash = r.String()!, methodology = r.String()!, version = r.String()!, hash = r.String()!;
        int ranked = r.Int();
        double? scaleMin = r.NullableDouble(), scaleMax = r.NullableDouble();
        int count = r.Int();
        if (count < 0 || count > payload.Length)
        {
            throw new FormatException("Corrupt ranking payload.");
        }
        var members = new RankedMember[count];
        // Tier labels repeat: one string per label, not one per member.
        var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string country = r.String()!, name = r.String()!;
            int rank = r.Int();
            double? score = r.NullableDouble();
            string? tier = r.String();
            if (tier is not null)
            {
                tier = tiers.TryGetValue(tier, out var shared) ? shared : tiers[tier] = tier;
            }
            double coverage = r.Double();
            double? percentile = r.NullableDouble(), raw = r.NullableDouble();
            members[i] = new RankedMember(country, name, rank == 0 ? null : rank, score, tier, coverage, percentile, raw, r.String());
        }
        return new CohortRanking(cohort, cohortHash, methodology, version, hash, ranked, scaleMin, scaleMax, members);
    }

    private readonly ref struct Writer(IBufferWriter<byte> output)
    {
        public void Byte(byte b)
        {
            output.GetSpan(1)[0] = b;
            output.Advance(1);
        }

        public void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
            output.Advance(4);
        }

        public void Double(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        /// <summary>−1 for null, else the UTF-8 length and bytes.</summary>
        public void String(string? value)
        {
            if (value is null)
            {
                Int(-1);
                return;
            }
            int length = Encoding.UTF8.GetByteCount(value);
            Int(length);
            Encoding.UTF8.GetBytes(value, output.GetSpan(length));
            output.Advance(length);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;
        private int _at;

        public byte Byte() => _payload[_at++];

        public int Int()
        {
            int value = BinaryPrimitives.ReadInt32LittleEndian(_payload[_at..]);
            _at += 4;
            return value;
        }

        public double Double()
        {
            double value = BinaryPrimitives.ReadDoubleLittleEndian(_payload[_at..]);
            _at += 8;
            return value;
        }

        public double? NullableDouble() => Double() is var x && double.IsNaN(x) ? null : x;

        public string? String()
        {
            int length = Int();
            if (length < 0)
            {
                return null;
            }
            var text = Encoding.UTF8.GetString(_payload.Slice(_at, length));
            _at += length;
            return text;
        }
    }
}
