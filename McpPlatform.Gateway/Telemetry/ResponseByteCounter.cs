using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// Counts the bytes an MCP POST's answer takes on the wire (the JSON-RPC response, and on an SSE answer its framing and
/// any progress or question sent before it) as they pass to the server's own body: no copy, no buffer. Installed over
/// the response's body feature for the request and taken off again at its end, as ASP.NET Core's response compression does.
/// </summary>
internal sealed class ResponseByteCounter : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature inner;
    private CountingWriter? writer;
    private long written;

    private ResponseByteCounter(IHttpResponseBodyFeature inner) => this.inner = inner;

    public long Written => Interlocked.Read(ref written);

    public Stream Stream => this;

    public PipeWriter Writer => writer ??= new CountingWriter(inner.Writer, this);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Counts <paramref name="context"/>'s response from now on; dispose to take the counter off.</summary>
    public static ResponseByteCounter Install(HttpContext context)
    {
        var counter = new ResponseByteCounter(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        context.Features.Set<IHttpResponseBodyFeature>(counter);
        return counter;
    }

    public void Uninstall(HttpContext context) => context.Features.Set(inner);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        Add(count ?? new FileInfo(path).Length - offset);
        return inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => inner.CompleteAsync();

    public override void Flush() => inner.Stream.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.Stream.FlushAsync(cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        Add(count);
        inner.Stream.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Add(buffer.Length);
        inner.Stream.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Add(count);
        return inner.Stream.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Add(buffer.Length);
        return inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Add(long count) => Interlocked.Add(ref written, count);

    /// <summary>The body's pipe, counted where bytes are committed (<see cref="Advance"/>) or written whole.</summary>
    private sealed class CountingWriter(PipeWriter inner, ResponseByteCounter counter) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            counter.Add(bytes);
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            counter.Add(source.Length);
            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
