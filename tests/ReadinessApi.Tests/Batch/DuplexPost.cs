using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ReadinessApi.Tests.Batch;

/// <summary>
/// An HTTP/1.1 POST over a bare socket that reads the answer while it is still uploading, as curl does.
/// HttpClient cannot stand in here: over HTTP/1.1 it sends the whole body before it reads any of the
/// answer, so an endless upload would never get to its answer, and a long one leans on socket buffers.
/// </summary>
internal sealed class DuplexPost : IDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private NetworkStream _net = null!;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public int Status { get; private set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The upload: it ends when the body is sent, or fails when the server stops reading.</summary>
    public Task Upload { get; private set; } = Task.CompletedTask;
    /// <summary>The answer's body, de-chunked.</summary>
    public Stream Body { get; private set; } = Stream.Null;

    public static async Task<DuplexPost> StartAsync(Uri server, string pathAndQuery, string contentType,
        Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken)
    {
        var post = new DuplexPost();
        await post._tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        post._net = post._tcp.GetStream();
        var head = $"POST {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await post._net.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        post.Upload = Task.Run(async () =>
        {
            var chunked = new ChunkedWriter(post._net);
            await writeBody(chunked, cancellationToken);
            await post._net.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        }, cancellationToken);
        await post.ReadHeadAsync(cancellationToken);
        post.Body = new ChunkedReader(post);
        return post;
    }

    /// <summary>Leaves abruptly (a reset, not a graceful close): what a killed client looks like to the server.</summary>
    public void Dispose()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Dispose();
    }

    private async Task ReadHeadAsync(CancellationToken cancellationToken)
    {
        var status = await ReadLineAsync(cancellationToken);
        Status = int.Parse(status.Split(' ')[1], CultureInfo.InvariantCulture);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            Headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        Assert.Equal("chunked", Headers.GetValueOrDefault("Transfer-Encoding"));
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The connection closed in the middle of a line.");
            }
            byte b = _buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }
            line.Append((char)b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _net.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private sealed class ChunkedWriter(NetworkStream net) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await net.WriteAsync(Encoding.ASCII.GetBytes($"{buffer.Length:X}\r\n"), cancellationToken);
            await net.WriteAsync(buffer, cancellationToken);
            await net.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");
    }

    private sealed class ChunkedReader(DuplexPost post) : Stream
    {
        private long _left;
        private bool _done;

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_done)
            {
                return 0;
            }
            if (_left == 0)
            {
                _left = long.Parse((await post.ReadLineAsync(cancellationToken)).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (_left == 0)
                {
                    _done = true;
                    return 0;
                }
            }
            if (post._start == post._end && !await post.FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The connection closed in the middle of a chunk.");
            }
            int n = (int)Math.Min(Math.Min(_left, destination.Length), post._end - post._start);
            post._buffer.AsMemory(post._start, n).CopyTo(destination);
            post._start += n;
            _left -= n;
            if (_left == 0)
            {
                await post.ReadLineAsync(cancellationToken);
            }
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
