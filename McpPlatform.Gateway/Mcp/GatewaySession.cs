using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// One downstream MCP session (or one stateless request): what it may reach (<see cref="Scope"/>), the upstreams it
/// uses (<see cref="Upstreams"/>), its place in its key's count of sessions and, for a legacy SSE session, its idle
/// watch. Created when the SDK configures the session (<see cref="GatewaySessions"/>), disposed when it ends. Its scope
/// follows its key: when a virtual key's rules change, <see cref="GatewaySessions"/> works it out again from
/// <see cref="Request"/> (<see cref="Rescope"/>); every handler reads <see cref="Scope"/> afresh for each request.
/// </summary>
internal sealed class GatewaySession(GatewayScope scope, ScopeRequest request, SessionUpstreams upstreams) : IAsyncDisposable
{
    private GatewayScope scope = scope;

    /// <summary>What the session may reach now: its key's current rules, narrowed as its first request narrowed them.</summary>
    public GatewayScope Scope => Volatile.Read(ref scope);

    /// <summary>How the session's first request narrowed its reach (route, <c>x-mcp-servers</c>).</summary>
    public ScopeRequest Request { get; } = request;

    /// <summary>The key's id in audit, traces, metrics and logs (<see cref="KeyIds"/>), worked out once per session.</summary>
    public string KeyId { get; } = KeyIds.Of(scope.Key);

    /// <summary>When the session's virtual key last changed, as its scope knows it (null: a configured key).</summary>
    public DateTimeOffset? KeyUpdatedAt { get; set; }

    /// <summary>Takes a scope worked out again for the key's current rules: the session's next request sees it.</summary>
    public void Rescope(GatewayScope next) => Volatile.Write(ref scope, next);

    public SessionUpstreams Upstreams { get; } = upstreams;

    /// <summary>
    /// The client headers servers with <c>ForwardHeaders</c> get, for a session that lives within one HTTP request (a
    /// chat's tool loop); an MCP session's tool calls take them from each request instead.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ClientHeaders { get; init; }

    /// <summary>The session's place in its key's count of sessions; null for a stateless request.</summary>
    public IDisposable? SessionPermit { get; set; }

    /// <summary>Ends an idle legacy SSE session; null for every other kind.</summary>
    public SessionIdleWatch? IdleWatch { get; set; }

    /// <summary>Set when the SDK runs the session; until then its initializing request owns the permit.</summary>
    public bool Running { get; set; }

    /// <summary>The session of the request a handler serves (fails closed: every request is configured with one).</summary>
    public static GatewaySession Of<T>(RequestContext<T> context) => Of(context.Server, context.Services);

    public static GatewaySession Of(McpServer server, IServiceProvider? services) =>
        (services ?? server.Services)?.GetRequiredService<GatewaySessions>().Find(server)
        ?? throw new McpProtocolException("The request has no gateway session.", McpErrorCode.InvalidRequest);

    /// <summary>Gives the permit back at once (its client is gone), then disposes the upstreams it owned.</summary>
    public async ValueTask DisposeAsync()
    {
        ReleasePermits();
        await Upstreams.DisposeAsync();
    }

    /// <summary>Ends the session's count against its key (also when its initializing request ends without it having run).</summary>
    public void ReleasePermits()
    {
        IdleWatch?.Dispose();
        SessionPermit?.Dispose();
    }
}
