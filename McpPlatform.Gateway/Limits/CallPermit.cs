using System.Threading.RateLimiting;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// One of a key's calls in flight, taken by an HTTP request (<see cref="KeyCallLimiter"/>). The request gives it back when
/// it ends, unless the tool call it carries took it over (<see cref="Take"/>): a call answered on another stream (legacy
/// SSE, whose POST is answered 202 at once) or one that outlives its first request (a stateless call waiting for its
/// client's input) holds it until it ends, so it is counted once, whichever way it came.
/// </summary>
internal sealed class CallPermit(IDisposable permit) : RateLimitLease
{
    private IDisposable? permit = permit;

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    /// <summary>The permit, for the call to hold until it ends; null when the request has ended (and gave it back) or it was taken.</summary>
    public IDisposable? Take() => Interlocked.Exchange(ref permit, null);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref permit, null)?.Dispose();
}
