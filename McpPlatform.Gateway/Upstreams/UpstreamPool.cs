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

    public UpstreamPool(ServerDirectory directory, IOptions<GatewayOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        this.directory = directory;
        this.options = options;
        this.httpClientFactory = httpClientFactory;
        this.loggerFactory = loggerFactory;
        this.timeProvider = timeProvider;
        foreach (var name in directory.EnabledServers)
        {
            clients[name] = Create(name);
        }
    }

    /// <summary>
    /// A client of its own for one downstream session, whose server-to-client requests (sampling, elicitation,
    /// roots) it answers through <paramref name="handlers"/>: the upstream's requests reach the right client.
    /// </summary>
    public UpstreamClient Create(string canonicalName, McpClientHandlers? handlers = null, ClientCapabilities? capabilities = null) =>
        new(
            canonicalName,
            directory.Servers[canonicalName],
            options.Value.ToolListTtl,
            httpClientFactory.CreateClient(HttpClientName),
            loggerFactory,
            timeProvider,
            handlers,
            capabilities);

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
