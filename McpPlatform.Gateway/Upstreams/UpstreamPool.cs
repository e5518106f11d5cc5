using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
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
    private UpstreamClient Create(string canonicalName, bool shared, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        new(
            canonicalName,
            directory.Servers[canonicalName],
            options.Value.ToolListTtl,
            httpClientFactory.CreateClient(HttpClientName),
            loggerFactory,
            timeProvider,
            handlers,
            capabilities,
            shared ? events : null);

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
