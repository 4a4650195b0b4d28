using System.Buffers;
using System.Globalization;
using System.Text;
using ReadinessApi.Infrastructure.Json;
using ReadinessApi.Scoring.Countries;

namespace ReadinessApi.Batch;

/// <summary>
/// <c>country,year,score,tier,rank,coverage,&lt;pillar ids...&gt;,error</c>, RFC 4180 with CRLF line ends.
/// Written by hand rather than with Sep's writer: Sep writes to a TextWriter or Stream and flushes
/// synchronously, which Kestrel forbids on a response, and each row would go through UTF-16 and back.
/// Here every cell but two is a number or a code this service made; the country as sent (when it is not a
/// code) and the error text are quoted as RFC 4180 asks, and neutralised when a spreadsheet would run them
/// as a formula (a leading <c>= + - @</c>, tab or line break gets a <c>'</c> in front).
/// </summary>
internal sealed class CsvBatchWriter : BatchWriter
{
    private static readonly byte[][] Codes =
        [[], .. Enumerable.Range(1, CountryIndex.Count).Select(id => Encoding.ASCII.GetBytes(CountryIndex.CodeOf((ushort)id)))];

    private readonly byte[][] _tiers;
    private readonly int _budget;

    public CsvBatchWriter(IBufferWriter<byte> output, BatchPlan plan) : base(output, plan)
    {
        _tiers = [.. plan.Tiers.Select(Cell)];
        // Longest fixed part of a row: code, year, score, tier, rank, coverage, pillars, separators, CRLF.
        _budget = 3 + 6 + 32 + _tiers.Select(t => t.Length).DefaultIfEmpty(0).Max() + 12 + 32 + 32 * plan.Pillars.Length + 16 + plan.Pillars.Length;
    }

    public override void WriteStart(BatchStart start)
    {
        WriteRaw("country,year,score,tier,rank,coverage,"u8);
        foreach (var id in Plan.PillarIds)
        {
            WriteText(id);
            WriteRaw(","u8);
        }
        WriteRaw("error\r\n"u8);
    }

    public override void WriteRow(in BatchResultRow row)
    {
        var output = Output;
        var span = output.GetSpan(_budget);
        int n = 0;
        if (row.CountryId != 0)
        {
            var code = Codes[row.CountryId];
            code.CopyTo(span);
            n = code.Length;
        }
        else if (row.CountryText is { } text)
        {
            WriteText(text);
            span = output.GetSpan(_budget);
        }
        span[n++] = (byte)',';
        if (row.Year != 0)
        {
            n += Integer(span[n..], row.Year);
        }
        span[n++] = (byte)',';
        if (!double.IsNaN(row.Score))
        {
            n += Number(span[n..], row.Score);
        }
        span[n++] = (byte)',';
        if (row.Tier >= 0)
        {
            _tiers[row.Tier].CopyTo(span[n..]);
            n += _tiers[row.Tier].Length;
        }
        span[n++] = (byte)',';
        if (row.Rank > 0)
        {
            n += Integer(span[n..], row.Rank);
        }
        span[n++] = (byte)',';
        if (!double.IsNaN(row.Coverage))
        {
            n += Number(span[n..], row.Coverage);
        }
        span[n++] = (byte)',';
        var pillars = row.Pillars;
        for (int j = 0; j < pillars.Length; j++)
        {
            if (!double.IsNaN(pillars[j]))
            {
                n += Number(span[n..], pillars[j]);
            }
            span[n++] = (byte)',';
        }
        if (row.Error is { } error)
        {
            output.Advance(n);
            WriteText(error.ToText());
            span = output.GetSpan(2);
            n = 0;
        }
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        output.Advance(n);
    }

    public override void WriteEnd(BatchEnd end)
    {
        if (end.Failure is not { } failure)
        {
            return;
        }
        // The stream was cut short: a last row whose only cell is the error says why.
        for (int i = 0; i < 6 + Plan.Pillars.Length; i++)
        {
            WriteRaw(","u8);
        }
        var errors = failure.Errors is null ? "" : " " + string.Join(" ", failure.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        WriteText($"{failure.Status} {failure.Title}{(failure.Detail is null ? "" : " " + failure.Detail)}{errors}");
        WriteRaw("\r\n"u8);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        var span = Output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        Output.Advance(bytes.Length);
    }

    private void WriteText(string text)
    {
        var cell = Cell(text);
        WriteRaw(cell);
    }

    /// <summary>A text cell: quoted when it holds a separator, a quote or a line break; neutralised when it would start a formula.</summary>
    private static byte[] Cell(string text)
    {
        bool formula = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';
        bool quote = formula || text.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote)
        {
            return Encoding.UTF8.GetBytes(text);
        }
        var escaped = new StringBuilder(text.Length + 4).Append('"');
        if (formula)
        {
            escaped.Append('\'');
        }
        escaped.Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return Encoding.UTF8.GetBytes(escaped.ToString());
    }

    // As the JSON formats write it: the service's one rule for numbers.
    private static int Number(Span<byte> destination, double value) => ReadableNumber.Write(value, destination);

    private static int Integer(Span<byte> destination, int value)
    {
        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
