using System.Globalization;
using System.Text;

namespace ReadinessApi.Tests.Batch;

/// <summary>A CSV batch generated while it is sent (never held whole), calling back every so many rows.</summary>
internal sealed class CsvRows(long rows, int every = 0, Action<long>? progress = null)
{
    private static readonly string[] Codes = ["RUS", "GBR", "CHN", "USA", "FRA", "DEU", "IND", "BRA", "JPN", "KOR"];
    private long _written;

    /// <summary>Rows handed to the transport so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("country,year,innovation,implementation,investment,computeAccess\n");
        for (long i = 0; i < rows; i++)
        {
            text.Append(Codes[i % Codes.Length]).Append(",2024,")
                .Append((i % 101).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((i / 3 % 101).ToString(CultureInfo.InvariantCulture)).Append(",50,25\n");
            if (text.Length > 16 * 1024 || i == rows - 1)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
                text.Clear();
                Interlocked.Exchange(ref _written, i + 1);
            }
            if (every > 0 && (i + 1) % every == 0)
            {
                progress?.Invoke(i + 1);
            }
        }
    }
}
