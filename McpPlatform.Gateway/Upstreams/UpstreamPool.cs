using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>One <see cref="UpstreamClient"/> per enabled server, created at start and disposed on shutdown.</summary>
public sealed class UpstreamPool : IAsyncDisposable
{
    /// <summary>The named HttpClient upstream requests go through (service discovery, no gateway credentials).</summary>
    public const string HttpClientName = "mcp-upstream";

    private readonly Dictionary<string, UpstreamClient> clients = new(StringComparer.Ordinal);
    private readonly ServerDirectory directory;
    private readonly IOptions<GatewayOptions> options;
    private readonly IHttpClientFactory httpClientFactory;
    private readonly ILoggerFactory loggerFactory;
    private readonly TimeProvider timeProvider;
    private readonly UpstreamEvents events;

    public UpstreamPool(
        ServerDirectory directory, IOptions<GatewayOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider, UpstreamEvents events)
    {
        this.events = events;
        this.directory = directory;
        this.options = options;
        this.httpClientFactory = httpClientFactory;
        this.loggerFactory = loggerFactory;
        this.timeProvider = timeProvider;
        foreach (var name in directory.EnabledServers)
        {
            clients[name] = Create(name, shared: true);
        }
    }

    /// <summary>The shared clients, one per enabled server.</summary>
    public IEnumerable<UpstreamClient> All => clients.Values;

    /// <summary>
    /// A client of its own for one downstream session, whose server-to-client requests (sampling, elicitation,
    /// roots) it answers through <paramref name="handlers"/>: the upstream's requests reach the right client.
    /// </summary>
    public UpstreamClient Create(string canonicalName, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        Create(canonicalName, shared: false, handlers, capabilities);

    // Only shared clients report list changes and health transitions: a session's own clients see the same server.
    // Shared clients offer sampling, elicitation and roots, so that upstreams list every tool (some list a tool only to
    // clients that can answer its questions); a question on a shared client comes from a caller that offered none.
    private UpstreamClient Create(string canonicalName, bool shared, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        new(
            canonicalName,
            directory.Servers[canonicalName],
            options.Value.ToolListTtl,
            httpClientFactory.CreateClient(HttpClientName),
            loggerFactory,
            timeProvider,
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

    /// <summary>The client of an enabled server, by canonical name.</summary>
    public UpstreamClient? Get(string canonicalName) => clients.GetValueOrDefault(canonicalName);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            await client.DisposeAsync();
        }
    }
}
