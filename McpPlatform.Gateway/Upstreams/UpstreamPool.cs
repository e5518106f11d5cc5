using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>One <see cref="UpstreamClient"/> per enabled server, created at start and disposed on shutdown.</summary>
public sealed class UpstreamPool : IAsyncDisposable
{
    /// <summary>The named HttpClient upstream requests go through (service discovery, no gateway credentials).</summary>
    public const string HttpClientName = "mcp-upstream";

    private readonly Dictionary<string, UpstreamClient> clients = new(StringComparer.Ordinal);

    public UpstreamPool(ServerDirectory directory, IOptions<GatewayOptions> options, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        foreach (var name in directory.EnabledServers)
        {
            clients[name] = new UpstreamClient(
                name,
                directory.Servers[name],
                options.Value.ToolListTtl,
                httpClientFactory.CreateClient(HttpClientName),
                loggerFactory,
                timeProvider);
        }
    }

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
