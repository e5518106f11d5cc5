namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// Counts the bytes of a request body sent without <c>Content-Length</c> (chunked) as the MCP SDK reads it: no copy,
/// no buffer. A body with <c>Content-Length</c> is not wrapped: its length is the header's.
/// </summary>
internal sealed class RequestByteCounter(Stream inner) : Stream
{
    private long read;

    public long BytesRead => Interlocked.Read(ref read);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int bytes)
    {
        Interlocked.Add(ref read, bytes);
        return bytes;
    }
}
