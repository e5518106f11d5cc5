using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Catalog;

/// <summary>The tools a key may use, across every upstream server it is granted, under namespaced names.</summary>
public sealed class ToolCatalog(ServerDirectory directory, UpstreamPool upstreams, IOptions<GatewayOptions> options, ILogger<ToolCatalog> logger)
{
    /// <summary>
    /// Lists the key's tools. A server that is down is left out (and logged) so that the others still work.
    /// </summary>
    public async Task<IReadOnlyList<CatalogTool>> ListAsync(GatewayKey key, CancellationToken cancellationToken)
    {
        var separator = options.Value.ToolNameSeparator;
        var tools = new List<CatalogTool>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var server in directory.EnabledServers.Where(key.MayUse))
        {
            var upstream = upstreams.Get(server)!;
            IReadOnlyList<ModelContextProtocol.Protocol.Tool> upstreamTools;
            try
            {
                upstreamTools = await upstream.ListToolsAsync(cancellationToken);
            }
            catch (UpstreamUnavailableException ex)
            {
                logger.LogWarning("Tools of {Server} are left out of the list: {Reason}", server, ex.InnerException?.Message);
                continue;
            }

            foreach (var tool in upstreamTools)
            {
                var exposed = ToolNaming.Namespaced(server, tool.Name, separator);
                if (seen.TryGetValue(exposed, out var owner))
                {
                    logger.LogError("Tool name collision: {Server}/{Tool} and a tool of {Owner} both become {Name}; the first one wins", server, tool.Name, owner, exposed);
                    continue;
                }

                seen[exposed] = server;
                tools.Add(new CatalogTool(exposed, server, tool));
            }
        }

        return tools;
    }

    /// <summary>Finds one of the key's tools by its exposed name; null for unknown and forbidden tools alike.</summary>
    public async Task<CatalogTool?> FindAsync(GatewayKey key, string exposedName, CancellationToken cancellationToken)
    {
        var tools = await ListAsync(key, cancellationToken);
        return tools.FirstOrDefault(tool => string.Equals(tool.ExposedName, exposedName, StringComparison.Ordinal));
    }
}
