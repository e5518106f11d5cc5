using System.Threading.RateLimiting;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Telemetry;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// A key's calls in flight at the HTTP door, as ASP.NET Core rate limiting (chained before the requests-per-minute
/// bucket in <see cref="KeyRateLimits"/>): a request that is a call takes one of the key's calls in flight
/// (<see cref="ResourceLimiter"/>'s <see cref="LimitedResource.PendingCall"/>, a <see cref="ConcurrencyLimiter"/>
/// partition per key, the same count <see cref="Mcp.ToolCalls"/> keeps) for as long as it runs; past the key's limit
/// (<c>maxConcurrent</c>, <c>Limits:MaxPendingCalls</c>) or the gateway's it is refused with 429 and <c>Retry-After</c>
/// before anything runs. A call is an MCP POST that starts a tool call (<see cref="ToolCallDetection"/>) on any MCP route,
/// legacy SSE message posts included, or any request of a key to the REST APIs (<c>/v1/…</c>). Not counted: GET streams,
/// notifications and answers to the gateway's own questions (a call waiting for its client's sampling answer must get
/// it), other MCP requests (lists, reads), requests without a key (the admin API uses the master key).
/// </summary>
internal sealed class KeyCallLimiter(ResourceLimiter limiter) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>The refusal a rejected lease carries, for the rejection answer to name the limit and its setting.</summary>
    public static readonly MetadataName<LimitExceededException> Refusal = MetadataName.Create<LimitExceededException>("mcpplatform.call_limit");

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (permitCount == 0 || resource.User.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)?.Value is not { } key || !IsCall(resource))
        {
            return Uncounted.Instance;
        }

        var (permit, refusal) = limiter.TryAcquire(LimitedResource.PendingCall, key);
        if (permit is null)
        {
            return new Refused(refusal!);
        }

        var lease = new CallPermit(permit);
        if (McpRequest.Current is { } record)
        {
            record.CallPermit = lease; // for the tool call to take over (it flows with the request into the SDK's handler)
        }

        return lease;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(resource, permitCount));

    private static bool IsCall(HttpContext context) =>
        !Routing.McpRoutes.IsMcpPath(context.Request.Path) || ToolCallDetection.IsToolCall(context);

    /// <summary>A request that is not a call: granted, holds nothing.</summary>
    private sealed class Uncounted : RateLimitLease
    {
        public static readonly Uncounted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>A call past a limit: when to try again, and which limit it was.</summary>
    private sealed class Refused(LimitExceededException refusal) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, Refusal.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? refusal.RetryAfter
                : metadataName == Refusal.Name ? refusal
                : null;
            return metadata is not null;
        }
    }
}
