using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// One shared <see cref="Upstream"/> per enabled server, created at start and disposed on shutdown, and the factory of
/// the upstreams a downstream session or stateless call gets of its own (<see cref="SessionUpstreams"/>, <see cref="StatelessInput.InputClientPool"/>).
/// </summary>
public sealed class UpstreamPool : IAsyncDisposable
{
    private readonly Dictionary<string, Upstream> shared = new(StringComparer.Ordinal);
    private readonly ServerDirectory directory;
    private readonly UpstreamSettings settings;
    private readonly UpstreamEvents events;

    public UpstreamPool(
        ServerDirectory directory, IOptions<GatewayOptions> options, IUpstreamTransports transports, ILoggerFactory loggerFactory, TimeProvider time, UpstreamEvents events, UpstreamMetrics metrics)
    {
        this.directory = directory;
        this.events = events;
        settings = new UpstreamSettings(options.Value.ToolListTtl, options.Value.ListDeadline, options.Value.CircuitBreaker, time, transports, loggerFactory, metrics);
        foreach (var name in directory.EnabledServers)
        {
            shared[name] = Create(name, shared: true);
        }
    }

    /// <summary>The shared upstreams, one per enabled server.</summary>
    public IEnumerable<Upstream> All => shared.Values;

    /// <summary>The shared upstream of an enabled server, by canonical name.</summary>
    public Upstream? Get(string canonicalName) => shared.GetValueOrDefault(canonicalName);

    /// <summary>
    /// An upstream of its own for one downstream session, whose server-to-client requests (sampling, elicitation,
    /// roots) it answers through <paramref name="handlers"/>: the upstream's requests reach the right client.
    /// </summary>
    public Upstream Create(string canonicalName, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        Create(canonicalName, shared: false, handlers, capabilities);

    public async ValueTask DisposeAsync()
    {
        foreach (var upstream in shared.Values)
        {
            await upstream.DisposeAsync();
        }
    }

    // Only shared upstreams report list changes and health transitions: a session's own see the same server.
    // Shared upstreams offer sampling, elicitation and roots, so that upstreams list every tool (some list a tool only
    // to clients that can answer its questions); a question on a shared one comes from a caller that offered none.
    private Upstream Create(string canonicalName, bool shared, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        new(
            canonicalName,
            directory.Servers[canonicalName],
            settings,
            shared ? RefusingHandlers() : handlers,
            shared ? EveryCapability() : capabilities,
            shared ? events : null);

#pragma warning disable MCP9005 // Sampling and roots: what upstreams speaking 2025-11-25 ask for.
    private static McpClientHandlers RefusingHandlers() => new()
    {
        SamplingHandler = (_, _, _) => throw Refused("sampling"),
        ElicitationHandler = (_, _) => throw Refused("elicitation"),
        RootsHandler = (_, _) => throw Refused("roots"),
    };

    private static ClientCapabilities EveryCapability() => new() { Sampling = new(), Elicitation = new(), Roots = new() };
#pragma warning restore MCP9005

    private static McpProtocolException Refused(string capability) => new(
        $"The client that called this tool does not offer '{capability}', so the gateway cannot ask it.", McpErrorCode.InvalidRequest);
}
