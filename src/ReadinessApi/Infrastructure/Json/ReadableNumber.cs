using System.Globalization;
using System.Text.Json;

namespace ReadinessApi.Infrastructure.Json;

/// <summary>
/// The one rule for every number the service writes (JSON, NDJSON, CSV; the SVG chart labels its bars with
/// two or three decimals of its own): rounded to
/// <see cref="SignificantDigits"/> significant digits and written in its shortest form, so that
/// 38.50000000000001 reads 38.5 and 0.04399999999999993 reads 0.044. Twelve digits keep every value far
/// finer than its inputs' precision while hiding the last bits' noise of binary arithmetic. Computation,
/// cache keys and content hashes never see this: it is applied only where a number is written.
/// </summary>
public static class ReadableNumber
{
    public const int SignificantDigits = 12;

    /// <summary>The longest form: sign, 12 digits, point, exponent ("-1.23456789012E-308").</summary>
    public const int MaxLength = 24;

    // The rule is .NET's "G12": 12 significant digits, exact ties to even, trailing zeros dropped, and an
    // exponent below 1e-4 and from 1e12 up ("1E-05"), which JSON and CSV readers accept.
    private const string Rule = "G12";

    private static readonly double[] Pow10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17];

    /// <summary>
    /// Writes the readable form of a finite value as UTF-8; returns the bytes written. Between 1e-4 and 1e11,
    /// where the service's numbers lie, the digits come from one integer instead of "G12" formatting, which
    /// took 25 ns more a number and made a score answer slower than writing the unrounded doubles
    /// (ScoreAnswerWriteBenchmarks); ReadableNumberTests holds the two to the same bytes.
    /// </summary>
    public static int Write(double value, Span<byte> utf8)
    {
        double a = Math.Abs(value);
        if (!(a >= 1e-4 && a < 1e11))
        {
            return value.TryFormat(utf8, out int written, Rule, CultureInfo.InvariantCulture) ? written
                : throw new ArgumentException($"needs {MaxLength} bytes", nameof(utf8));
        }
        // a × 10^k has 12 digits before the point; Log10 may be a hair off next to a power of ten.
        int k = 11 - (int)Math.Floor(Math.Log10(a));
        double scaled = a * Pow10[k];
        if (scaled >= 1e12)
        {
            scaled = a * Pow10[--k];
        }
        else if (scaled < 1e11)
        {
            scaled = a * Pow10[++k];
        }
        // Below 2^52 the fraction is exact; only at exactly .5 can the rounded product hide which side the
        // true a × 10^k lies on, and the fused multiply-add gives the exact remainder that tells.
        double whole = Math.Floor(scaled);
        double fraction = scaled - whole;
        long digits = (long)whole;
        if (fraction > 0.5 || (fraction == 0.5 && Math.FusedMultiplyAdd(a, Pow10[k], -scaled) is var rest && (rest > 0 || (rest == 0 && (digits & 1) == 1))))
        {
            digits++;
        }
        if (digits == 1_000_000_000_000)
        {
            digits = 100_000_000_000;
            k--;
        }
        Span<byte> d = stackalloc byte[12];
        digits.TryFormat(d, out _, default, CultureInfo.InvariantCulture);
        int integerDigits = 12 - k;
        int end = 12;
        while (end > Math.Max(integerDigits, 0) && d[end - 1] == (byte)'0')
        {
            end--;
        }
        int n = 0;
        if (value < 0)
        {
            utf8[n++] = (byte)'-';
        }
        if (integerDigits <= 0)
        {
            utf8[n++] = (byte)'0';
            utf8[n++] = (byte)'.';
            utf8.Slice(n, -integerDigits).Fill((byte)'0');
            n -= integerDigits;
            d[..end].CopyTo(utf8[n..]);
            return n + end;
        }
        d[..integerDigits].CopyTo(utf8[n..]);
        n += integerDigits;
        if (end > integerDigits)
        {
            utf8[n++] = (byte)'.';
            d[integerDigits..end].CopyTo(utf8[n..]);
            n += end - integerDigits;
        }
        return n;
    }

    /// <summary>A JSON number; NaN and infinities are refused as the writer refuses them.</summary>
    public static void Write(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value))
        {
            json.WriteNumberValue(value);
            return;
        }
        Span<byte> text = stackalloc byte[MaxLength];
        json.WriteRawValue(text[..Write(value, text)], skipInputValidation: true);
    }

    public static void Write(Utf8JsonWriter json, JsonEncodedText name, double value)
    {
        json.WritePropertyName(name);
        Write(json, value);
    }
}
